"""Steps the analysis tests share."""

from rake.observations import services

DEFAULTS = {"description": "Asiakkaat odottavat päätöstä liian kauan.", "observed_on": "2025-04-02",
            "phenomena": ["homelessness"], "observation_type": "need", "polarity": "negative"}


def accepted_observation(reporter, coordinator, **data):
    """An observation the reporter submits and the coordinator accepts, so that it counts in the rollups."""
    observation, _ = services.observation_create(user=reporter, data={**DEFAULTS, **data})
    return services.observation_accept(user=coordinator, observation=observation)
