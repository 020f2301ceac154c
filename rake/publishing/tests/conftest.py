import pytest

from rake.publishing import services


@pytest.fixture
def accepted(make_observation):
    """An accepted observation of county 15 in March 2025."""
    return make_observation(status="accepted", description="Nuorten asunnottomuus on lisääntynyt keväällä.")


@pytest.fixture
def draft_report(coordinator):
    return services.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                       audience="board", title="Sosiaalinen raportti 2025")
