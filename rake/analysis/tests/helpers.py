"""Steps and checks the analysis tests share."""

import re

from rake.observations import services

DEFAULTS = {"description": "Asiakkaat odottavat päätöstä liian kauan.", "observed_on": "2025-04-02",
            "phenomena": ["homelessness"], "observation_type": "need", "polarity": "negative"}


def accepted_observation(reporter, coordinator, **data):
    """An observation the reporter submits and the coordinator accepts, so that it counts in the rollups."""
    observation, _ = services.observation_create(user=reporter, data={**DEFAULTS, **data})
    return services.observation_accept(user=coordinator, observation=observation)


def plenty_of_observations(reporter, coordinator):
    """County 15 in 2025: twenty negative homelessness needs in April (Jyväskylä) and ten positive livelihood
    needs in January (Hankasalmi). No cell of the protected release is small, so a viewer sees them all."""
    for _ in range(20):
        accepted_observation(reporter, coordinator, municipality="179")
    for _ in range(10):
        accepted_observation(reporter, coordinator, municipality="077", observed_on="2025-01-20",
                             phenomena=["livelihood"], polarity="positive")


LEGENDS = {"en": ".. = a small number, or hidden to protect one",
           "fi": ".. = pieni luku tai sen suojaamiseksi piilotettu",
           "sv": ".. = litet tal eller dolt för att skydda ett litet tal"}
BOUND_MARK = re.compile(r"(?:<|&lt;|&#60;|&#x3c;)\s*\d", re.IGNORECASE)


def assert_no_bound_mark(text):
    """A hidden count is never written as a bound such as "<5" (raw or escaped): a count hidden to protect a
    small one may be larger."""
    match = BOUND_MARK.search(text)
    assert match is None, text[max(0, match.start() - 80): match.end() + 80]
