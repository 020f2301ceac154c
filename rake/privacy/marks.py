"""How a hidden (suppressed) count is shown to a person, everywhere (DESIGN §4.2).

A cell is hidden either because it is small (1 ≤ n < k) or because a small one could be worked out from it
(complementary suppression), and the reader must not be able to tell which: so the mark states no bound and
is never 0. It is Statistics Finland's "..", and wherever one appears the legend explains it. The API does
not use the mark: its rows carry `count: null, suppressed: true`.
"""

from django.utils.translation import gettext_lazy

HIDDEN = ".."
MEANING = gettext_lazy("a small number, or hidden to protect one")


def shown(count):
    """A count as shown: the number itself, or HIDDEN when it is hidden (None)."""
    return HIDDEN if count is None else count


def legend():
    """The legend in the active language, e.g. ".. = pieni luku tai sen suojaamiseksi piilotettu"."""
    return f"{HIDDEN} = {MEANING}"
