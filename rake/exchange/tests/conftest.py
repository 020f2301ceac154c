"""Observations in two counties in 2025, counted (accepted), for the exchange tests."""

import pytest

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.analysis.tests.helpers import accepted_observation

YEAR = 2025


@pytest.fixture
def two_counties(reporter, coordinator, other_coordinator):
    """County 15: 6 homelessness needs (negative, April) and 5 livelihood good practices (positive, January):
    no count is small, so nothing is suppressed. County 06: 7 homelessness needs (April) and 1 substance-use
    observation (November): small, so suppressed, with whatever else it takes to protect it. Plus one
    county-15 observation in 2024 that a 2025 export leaves out."""
    for _ in range(6):
        accepted_observation(reporter, coordinator)
    for _ in range(5):
        accepted_observation(reporter, coordinator, observed_on="2025-01-15", phenomena=["livelihood"],
                             polarity="positive", observation_type="good_practice")
    accepted_observation(reporter, coordinator, observed_on="2024-06-01")
    reporter_06 = MemberFactory(username="reporter-06", role=Role.REPORTER, county="06")
    for _ in range(7):
        accepted_observation(reporter_06, other_coordinator, municipality="609")
    accepted_observation(reporter_06, other_coordinator, municipality="609", observed_on="2025-11-03",
                         phenomena=["substance_use"])
