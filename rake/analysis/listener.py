"""The analysis app's listener to observation changes (rake.observations.events): keeps the statistics
rollups (rake.analysis.rollups) and the keyword counts (rake.analysis.keywords) equal to the raw tables.

Both tables need the same facts of an observation, so a snapshot reads them once for both: the row (its
area, month, classification and texts) and its relations, and only when the observation counts (an
observation that does not count costs one query that finds nothing).
"""

from collections import Counter

from rake.observations.models import Observation

from . import keywords, release, rollups
from .counts import upsert_counts
from .models import ObservationRollup, TermCount

_FIELDS = (*rollups.BASE_FIELDS, *keywords.TEXT_FIELDS)
_TEXTS_FROM = len(rollups.BASE_FIELDS)  # where the texts start in a row of _FIELDS


class CountsListener:
    """Registered with rake.observations.events in AnalysisConfig.ready()."""

    def snapshot(self, observation_id):
        """(rollup keys as a Counter, keyword keys as a frozenset) the observation adds 1 to."""
        row = (Observation.objects.filter(pk=observation_id, status__in=rollups.COUNTED_STATUSES).order_by()
               .values_list(*_FIELDS).first())
        if row is None:
            return Counter(), frozenset()
        base, texts = row[1:_TEXTS_FROM], row[_TEXTS_FROM:]
        relations = rollups.observation_relations([observation_id])[observation_id]
        county_code, _municipality, observed_on = base[:3]
        national_phenomena = relations[0]
        terms = keywords.text_terms(*texts)
        return (Counter(rollups.rollup_keys(base, *relations)),
                frozenset(keywords.observation_keys(county_code, observed_on, national_phenomena, terms)))

    def changed(self, observation_id, before, after):
        for model, old, new in ((ObservationRollup, before[0], after[0]), (TermCount, before[1], after[1])):
            delta = Counter(new)
            delta.subtract(Counter(old))
            upsert_counts(model, delta)
            if model is ObservationRollup:
                # The county-years whose protected release no longer matches the data (ADR 0012).
                release.bump_versions((key[1], key[3].year) for key, n in delta.items() if n)


listener = CountsListener()
