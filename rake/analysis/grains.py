"""The grains of the statistics rollup (ADR 0006): which small cubes `ObservationRollup` holds.

Every grain keeps the county and the month. On top of them a grain keeps some single-valued dimensions
(municipality, polarity, observation type) and some multi-valued ones (phenomenon, sub-theme, client
group, support need); the dimensions it does not keep are ALL ("*") in its rows. The grains are chosen
for the dashboards and reports (DESIGN §4.4, §4.5): phenomena with their sub-themes, client groups and
support needs; phenomena by polarity and type (also the national exchange); client groups and support
needs by polarity; phenomena by municipality. A query that needs dimensions no grain keeps together is
computed from the raw tables instead (rake.analysis.selectors).
"""

from dataclasses import dataclass

SINGLE_VALUED = ("municipality", "polarity", "observation_type")
MULTI_VALUED = ("phenomenon", "sub_theme", "client_group", "support_need")


@dataclass(frozen=True)
class Grain:
    name: str
    single: tuple = ()
    multi: tuple = ()

    def holds(self, single, multi):
        return set(single) <= set(self.single) and set(multi) <= set(self.multi)


# In order of preference: the first grain that holds a query answers it, so the smaller come first.
GRAINS = (
    Grain("ps", multi=("phenomenon", "sub_theme")),
    Grain("pc", multi=("phenomenon", "client_group")),
    Grain("pn", multi=("phenomenon", "support_need")),
    Grain("cp", single=("polarity",), multi=("client_group",)),
    Grain("np", single=("polarity",), multi=("support_need",)),
    Grain("pt", single=("polarity", "observation_type"), multi=("phenomenon",)),
    Grain("mp", single=("municipality",), multi=("phenomenon",)),
)


def grain_for(single=(), multi=()):
    """The grain that answers a query needing these dimensions, or None (then count the raw tables)."""
    for grain in GRAINS:
        if grain.holds(single, multi):
            return grain
    return None
