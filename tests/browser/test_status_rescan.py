"""The admins' status page with the last privacy rescan (issue 15), in Finnish and Swedish, at 1280 and 390 px,
checked with axe-core."""

from io import StringIO

import pytest
from django.core.management import call_command

from rake.accounts import services as accounts
from rake.accounts.models import Role
from rake.observations.models import Observation
from rake.observations.tests.factories import ObservationFactory

from tests.browser.helpers import log_in, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def rescanned():
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)", county_code="15")
    member("admin", organisation, Role.ADMIN)
    reporter = member("worker", organisation, Role.REPORTER)
    observation = ObservationFactory(reporter=reporter)
    Observation.objects.filter(pk=observation.pk).update(
        description="Tunnus 010190-900P ja puhelin 040 123 4567 jäivät tekstiin.")
    call_command("privacy_rescan", "--apply", stdout=StringIO(), stderr=StringIO())


@pytest.mark.parametrize("language, width, heading, applied", [
    ("fi", 1280, "Tallennettujen tekstien uusintatarkistus", "piilotettiin tietosuojatarkistukseen"),
    ("sv", 390, "Förnyad granskning av sparade texter", "doldes för dataskyddsgranskning"),
])
def test_status_page_shows_the_last_rescan(rescanned, new_page, assert_accessible, language, width, heading,
                                           applied):
    page = new_page(language, width=width)
    log_in(page, "admin")
    page.goto("/admin-tools/status/")
    assert page.locator("h2#rescan").inner_text() == heading
    facts = page.locator("[data-rake-rescan]").inner_text()
    assert applied in facts
    assert page.locator("[data-rake-rescan-quarantined]").inner_text() == "1"
    assert "010190-900P" not in page.content()
    assert page.locator("#rescan-caption").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the status page scrolls sideways at {width} px by {overflow} px"
    assert_accessible(page, f"status with a rescan ({language}, {width} px)")
