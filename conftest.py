"""Shared fixtures: users in each role, API clients that authenticate with tokens, observations."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rake.accounts.models import Role
from rake.accounts.tests.factories import MemberFactory, UserFactory
from rake.observations.tests.factories import ObservationFactory, observation_payload

@pytest.fixture(autouse=True)
def _fresh_reference_data(request):
    """Transactional tests (threads, live server) flush the database afterwards, which also empties the
    reference data that migrations loaded; reload it so every such test starts as a fresh install.

    Every test starts with empty reference-data caches: a copy kept from an earlier test could hold rows
    that test's rollback or flush removed."""
    from rake.analysis.release import forget_parsed_releases
    from rake.core.reference_cache import clear_all

    clear_all()
    forget_parsed_releases()
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or (marker is not None and marker.kwargs.get("transaction"))
    if not transactional:
        return
    if marker is not None and not marker.kwargs.get("serialized_rollback"):
        # A flush without serialized_rollback re-creates the content types, and the next serialized test on
        # the same worker then fails to load its own copy of them: all transactional tests use it.
        pytest.fail("Mark transactional tests django_db(transaction=True, serialized_rollback=True).")
    request.getfixturevalue("transactional_db")
    from rake.areas.loading import load_areas, load_population
    from rake.areas.models import Area, Population
    from rake.taxonomy import models as taxonomy
    from rake.taxonomy.loading import load_taxonomy

    if not Area.objects.exists():
        load_areas(Area)
    if not Population.objects.exists():
        load_population(Population)
    if not taxonomy.Phenomenon.objects.exists():
        load_taxonomy(taxonomy.Phenomenon, taxonomy.SupportNeed, taxonomy.ClientGroup, taxonomy.ServiceArea,
                      taxonomy.ObservationType)
    clear_all()


# Keski-Suomi is "our" county in tests; Satakunta is the other one.
COUNTY = "15"
OTHER_COUNTY = "06"


@pytest.fixture
def client_as(client):
    """The test client, logged in as the given user (or anonymous), asking for English pages."""
    def make(user=None):
        if user is not None:
            client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client
    return make


@pytest.fixture
def reporter(db):
    return MemberFactory(username="reporter", role=Role.REPORTER, county=COUNTY)


@pytest.fixture
def other_reporter(db):
    return MemberFactory(username="other-reporter", role=Role.REPORTER, county=COUNTY)


@pytest.fixture
def coordinator(db):
    return MemberFactory(username="coordinator", role=Role.COORDINATOR, county=COUNTY)


@pytest.fixture
def other_coordinator(db):
    return MemberFactory(username="other-coordinator", role=Role.COORDINATOR, county=OTHER_COUNTY)


@pytest.fixture
def analyst(db):
    return MemberFactory(username="analyst", role=Role.ANALYST, county=COUNTY)


@pytest.fixture
def viewer(db):
    return MemberFactory(username="viewer", role=Role.VIEWER, county=COUNTY)


@pytest.fixture
def national(db):
    return MemberFactory(username="national", role=Role.NATIONAL, national=True)


@pytest.fixture
def rake_admin(db):
    return MemberFactory(username="rake-admin", role=Role.ADMIN, county=COUNTY)


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="nobody")


@pytest.fixture
def api_client():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def api_as(db):
    """api_as(user) → an APIClient that sends `Authorization: Token …` for the user (None: anonymous)."""

    def make(user, language=None):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        if language:
            client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        return client

    return make


@pytest.fixture
def reporter_api(api_as, reporter):
    return api_as(reporter)


@pytest.fixture
def coordinator_api(api_as, coordinator):
    return api_as(coordinator)


@pytest.fixture
def payload():
    """payload(**overrides) → a valid observation submission."""
    return observation_payload


@pytest.fixture
def observation(reporter):
    """A submitted observation of `reporter` in county 15."""
    return ObservationFactory(reporter=reporter)


@pytest.fixture
def make_observation(reporter):
    """make_observation(**kwargs) → ObservationFactory with `reporter` as the default reporter."""

    def make(**kwargs):
        kwargs.setdefault("reporter", reporter)
        return ObservationFactory(**kwargs)

    return make
