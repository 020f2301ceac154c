"""A county's administrator in Rake (issue 16, point 7): adds a user who sets their own password through the
e-mailed link, deactivates a user, gives and removes a role, and adds and edits the county's own phenomenon —
in Finnish and Swedish, at 1280 and 390 px, with axe-core on every page and no page scrolling sideways."""

import re

import pytest
from django.core import mail

from rake.accounts import services as accounts
from rake.accounts.models import Role, User
from rake.demo.generator import COUNTY_PHENOMENA, ensure_county_phenomena
from rake.taxonomy.models import Phenomenon

from tests.browser.helpers import click_and_load, log_in, member, open_navigation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXTS = {
    "fi": {"nav": "Ylläpito", "users": "Käyttäjät ja roolit", "created": "Käyttäjä luotiin.",
           "deactivate": "Poista käyttäjä käytöstä", "deactivated": "Poistettu käytöstä: ei voi kirjautua",
           "add_role": "Lisää rooli", "added": "Rooli lisättiin.", "removed": "Rooli poistettiin.", "phenomena": "Hyvinvointialueen omat ilmiöt",
           "add_phenomenon": "Lisää ilmiö", "saved": "Ilmiö tallennettiin.", "set": "Aseta salasana",
           "done": "Salasanasi on asetettu"},
    "sv": {"nav": "Administration", "users": "Användare och roller", "created": "Användaren skapades.",
           "deactivate": "Inaktivera användaren", "deactivated": "Inaktiverad: kan inte logga in",
           "add_role": "Lägg till rollen", "added": "Rollen lades till.", "removed": "Rollen togs bort.", "phenomena": "Välfärdsområdets egna fenomen",
           "add_phenomenon": "Lägg till fenomenet", "saved": "Fenomenet sparades.", "set": "Ange lösenordet",
           "done": "Ditt lösenord är angivet"},
}


@pytest.fixture
def county():
    organisation = accounts.organisation_get_or_create(name="Keski-Suomen hyvinvointialue (test)", county_code="15")
    member("admin15", organisation, Role.ADMIN)
    member("worker15", organisation, Role.REPORTER)
    # A user of another county: never listed.
    other = accounts.organisation_get_or_create(name="Pirkanmaan hyvinvointialue (test)", county_code="06")
    member("worker06", other, Role.REPORTER)
    # The demo county's own phenomena (their long Finnish words must fit a phone's table too).
    ensure_county_phenomena()
    return organisation


def check(page, assert_accessible, label, *, tables_fit=True):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label} scrolls sideways by {overflow} px"
    if tables_fit:
        # The administration's own tables fit even a phone: nothing to scroll inside their regions either.
        wide = page.evaluate("[...document.querySelectorAll('.hds-table-container')]"
                             ".filter(e => e.scrollWidth > e.clientWidth).length")
        assert wide == 0, f"{label}: {wide} table(s) wider than their box"
    assert_accessible(page, label)


@pytest.mark.parametrize(("language", "width"), [("fi", 1280), ("sv", 390), ("fi", 390), ("sv", 1280)])
def test_county_admin_manages_users_roles_and_phenomena(county, new_page, assert_accessible, language, width):
    text = TEXTS[language]
    where = f"({language}, {width} px)"
    page = new_page(language, width=width)
    log_in(page, "admin15")

    # The navigation leads to the administration; the list holds the county's users only.
    page.goto("/")
    open_navigation(page)
    click_and_load(page, page.locator(".rake-nav a", has_text=text["nav"]))
    assert page.locator("h1").inner_text() == text["users"]
    table = page.locator("table").inner_text()
    assert "worker15" in table and "worker06" not in table
    check(page, assert_accessible, f"users {where}")

    # A new user: no password typed; the link goes by e-mail.
    page.click("main a.hds-button--primary")
    page.wait_for_selector("#id_username")
    check(page, assert_accessible, f"new user {where}")
    page.fill("#id_first_name", "Uusi")
    page.fill("#id_last_name", "Työntekijä")
    page.fill("#id_email", "uusi.tyontekija@example.com")
    page.fill("#id_username", "uusi15")
    page.select_option("#id_preferred_language", language)
    page.select_option("#id_organisation", label=county.name)
    page.select_option("#id_role", "reporter")
    click_and_load(page, "main form button[type=submit]")
    assert text["created"] in page.locator(".rake-messages").inner_text()
    check(page, assert_accessible, f"user page {where}")
    created = User.objects.get(username="uusi15")
    assert not created.has_usable_password()

    # A second role in the same organisation.
    page.select_option("#id_organisation", label=county.name)
    page.select_option("#id_role", "analyst")
    click_and_load(page, page.locator("main button", has_text=text["add_role"]))
    assert text["added"] in page.locator(".rake-messages").inner_text()
    assert set(created.memberships.values_list("role", flat=True)) == {"reporter", "analyst"}
    analyst = created.memberships.get(role="analyst")
    click_and_load(page, f"[data-rake-membership='{analyst.pk}'] button")
    assert text["removed"] in page.locator(".rake-messages").inner_text()
    assert set(created.memberships.values_list("role", flat=True)) == {"reporter"}

    # Deactivated: cannot log in.
    click_and_load(page, page.locator("main button", has_text=text["deactivate"]))
    assert page.locator("[data-rake-user-status]").inner_text() == text["deactivated"]
    assert not User.objects.get(pk=created.pk).is_active

    # The county's own phenomena: the demo's child welfare under "other"; a new one; an edit.
    page.goto("/administration/phenomena/")
    assert page.locator("h1").inner_text() == text["phenomena"]
    assert COUNTY_PHENOMENA[0][1 if language == "fi" else 2] in page.locator("table").inner_text()
    check(page, assert_accessible, f"phenomena {where}")
    page.goto("/administration/phenomena/new/")
    check(page, assert_accessible, f"new phenomenon {where}")
    page.fill("#id_label_fi", "Väkivalta")
    page.fill("#id_label_sv", "Våld")
    page.select_option("#id_national_code", "other")
    page.fill("#id_valid_from", "2026-01-01")
    click_and_load(page, "main form button[type=submit]")
    added = Phenomenon.objects.get(county_code="15", label_fi="Väkivalta")
    assert added.parent.code == "other"
    page.goto(f"/administration/phenomena/{added.pk}/")
    check(page, assert_accessible, f"edit phenomenon {where}")
    page.fill("#id_valid_to", "2026-12-31")
    click_and_load(page, "main form button[type=submit]")
    assert text["saved"] in page.locator(".rake-messages").inner_text()

    # The audit log, reached from the administration's own navigation, lists these writes.
    click_and_load(page, page.locator(".rake-admin-nav a[href='/admin-tools/audit/']"))
    assert page.locator(".rake-admin-nav a[aria-current=page]").get_attribute("href") == "/admin-tools/audit/"
    check(page, assert_accessible, f"audit log {where}", tables_fit=False)


@pytest.mark.parametrize(("language", "width"), [("fi", 390), ("sv", 1280)])
def test_new_user_sets_a_password_from_the_link(county, new_page, assert_accessible, language, width):
    text = TEXTS[language]
    admin = User.objects.get(username="admin15")
    worker = User.objects.get(username="worker15")
    worker.preferred_language = language
    worker.save()
    page = new_page(language, width=width)
    log_in(page, "admin15")
    page.goto(f"/administration/users/{worker.pk}/")
    mail.outbox.clear()
    click_and_load(page, "main form[action$='password-link/'] button")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [worker.email]
    link = re.search(r"https?://\S+/accounts/password/\S+/", mail.outbox[0].body).group(0)

    reader = new_page(language, width=width)
    reader.goto(link)
    assert reader.locator("h1").is_visible()
    check(reader, assert_accessible, f"set password {language} {width}")
    reader.fill("#id_new_password1", "Uusi-Salasana-2026")
    reader.fill("#id_new_password2", "Uusi-Salasana-2026")
    click_and_load(reader, reader.locator("main button", has_text=text["set"]))
    assert reader.locator("h1").inner_text() == text["done"]
    check(reader, assert_accessible, f"password set {language} {width}")
    worker.refresh_from_db()
    assert worker.check_password("Uusi-Salasana-2026")
    assert admin.pk != worker.pk
