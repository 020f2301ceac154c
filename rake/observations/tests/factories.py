"""Observations for tests, made through the same service the API uses so that they are valid."""

import factory

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory
from rake.observations import services
from rake.observations.models import Observation


def observation_payload(**overrides):
    """A minimal valid submission (the four required fields and a past date)."""
    data = {
        "description": "Asiakkaat joutuvat odottamaan toimeentulotuen päätöstä yli seitsemän arkipäivää.",
        "phenomena": ["livelihood"],
        "observation_type": "need",
        "polarity": "negative",
        "observed_on": "2025-03-14",
    }
    data.update(overrides)
    return data


class ObservationFactory(factory.Factory):
    """ObservationFactory(reporter=…, phenomena=[…], …) submits through services.observation_create.

    submit=False saves a draft. status="accepted" (or any other) sets the status directly on the
    row afterwards, for tests that need an observation in a given state without walking the workflow.
    """

    class Meta:
        model = Observation

    reporter = factory.SubFactory(MemberFactory, role=Role.REPORTER, county="15")
    description = factory.Sequence(lambda n: f"Havainto {n}: asunnottomien nuorten määrä on kasvanut.")
    phenomena = factory.LazyFunction(lambda: ["homelessness"])
    observation_type = "need"
    polarity = "negative"
    observed_on = "2025-03-14"
    submit = True
    status = None

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("Observations are only created through the service.")

    @classmethod
    def _create(cls, model_class, *, reporter, submit, status, **data):
        observation, created = services.observation_create(user=reporter, data=data, submit=submit)
        assert created
        if status is not None:
            model_class.objects.filter(pk=observation.pk).update(status=status)
            observation.refresh_from_db()
        return observation
