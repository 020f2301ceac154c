import pytest

from rake.publishing import services


@pytest.fixture
def accepted(make_observation):
    """An accepted observation of county 15 in March 2025."""
    return make_observation(status="accepted", description="Nuorten asunnottomuus on lisääntynyt keväällä.")


@pytest.fixture
def draft_report(coordinator):
    """A draft whose pre-filled summary is replaced: it passes the pre-publish check's errors (its warnings, such
    as phenomenon sections without text, are confirmed with confirm_warnings=True)."""
    publication = services.publication_create(user=coordinator, county="15", period="2025", language="fi",
                                              audience="board", title="Sosiaalinen raportti 2025")
    return services.publication_update_sections(user=coordinator, publication=publication,
                                                data={"summary": "Asunnottomuus kasvoi."})
