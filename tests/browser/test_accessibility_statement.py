"""The accessibility statement says what of a published report is accessible and what is not: the tagged PDF
and its limits, and the infographic. In Finnish at 1280 px and in Swedish at 390 px, with axe."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EXPECTED = {
    "fi": ["merkintöjä sisältävinä PDF-tiedostoina (PDF/UA-1)", "ei vielä PDF/UA-validaattorilla",
           "PNG-muotoinen infografiikka on kuva"],
    "sv": ["taggade PDF-filer (PDF/UA-1)", "ännu inte med en PDF/UA-validerare",
           "Infografiken i PNG-format är en bild"],
}


@pytest.mark.parametrize("language, width", [("fi", 1280), ("sv", 390)])
def test_the_statement_tells_what_of_a_report_is_accessible(new_page, assert_accessible, language, width):
    page = new_page(language, width=width)
    page.goto("/accessibility/")
    text = " ".join(page.locator("main").inner_text().split())
    for phrase in EXPECTED[language]:
        assert phrase in text
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the statement scrolls sideways at {width} px by {overflow} px"
    assert_accessible(page, f"accessibility statement, {language}, {width} px")
