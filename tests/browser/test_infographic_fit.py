"""The infographic's texts fit their boxes, measured in Chromium: each <text>'s extent (getBBox) lies
between the page's margins, inside its key-figure card's padding, above the foot's rule (the source and the
legend below it), and overlaps no other text. In Finnish, Swedish and English, with the default title, and
with a long title, long labels, six phenomena and a long good practice that must make room for each other."""

import copy

import pytest

from rake.publishing import rendering
from rake.publishing.defaults import default_title
from rake.core.periods import parse_period
from rake.publishing.tests.helpers import make_content, report_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

LONG_TITLE = {
    "fi": "Rakenteellisen sosiaalityön sosiaalinen raportointi lautakunnalle: asunnottomuus ja toimeentulo",
    "sv": "Strukturellt socialt arbete, social rapportering till nämnden: bostadslöshet och försörjning",
    "en": "Structural social work, social reporting to the committee: homelessness and livelihood together",
}
LONG_LABELS = {
    "fi": ["Tilapäisesti tuttavien tai sukulaisten luona", "Ulkona, porraskäytävissä tai ensisuojissa",
           "Liikkumisen ja asioinnin esteet"],
    "sv": ["Hinder för att ta sig fram och uträtta ärenden", "Utomhus, i trapphus eller på natthärbärgen",
           "Våld i nära relationer och familjen"],
    "en": ["Older people's daily life and services", "Temporarily with friends or relatives",
           "Support for families with children"],
}
PRACTICE = ("The joint housing team of the social services, the housing office and the outreach workers met every "
            "young person who lost their home within two working days and found each a place to sleep that "
            "night and a flat within the month. It should continue.")

# A glyph may reach a pixel or so past its advance (the left bearing of "T" in DejaVu Sans is negative).
OVERHANG = 2
MEASURE = """() => {
    return [...document.querySelectorAll('svg text')].map((text) => {
        const box = text.getBBox();
        const card = text.closest('g.infographic-card');
        const rect = card ? card.querySelector('rect').getBBox() : null;
        return {text: text.textContent, x: box.x, y: box.y, right: box.x + box.width,
                bottom: box.y + box.height,
                card: rect && {x: rect.x, y: rect.y, right: rect.x + rect.width, bottom: rect.y + rect.height}};
    });
}"""


@pytest.fixture
def contents(reporter, coordinator):
    """(language, case, content): the default title; everything long at once with the top phenomenon as a
    key figure (no rate); the same with the first phenomenon's one-word name as the top phenomenon."""
    report_data(reporter, coordinator)
    cases = []
    for language in ("fi", "sv", "en"):
        content = make_content(language=language)
        content["meta"]["title"] = default_title(county="15", period=parse_period("2025"), language=language)
        cases.append((language, "default title", content))
        crowded = copy.deepcopy(content)
        crowded["meta"]["title"] = LONG_TITLE[language]
        crowded["figures"]["totals"]["rate"] = None
        crowded["sections"]["good_practices"] = PRACTICE
        table = next(table for table in crowded["figures"]["tables"] if table["slug"] == "by-phenomenon")
        table["rows"] += [dict(table["rows"][0], label=label, count=5) for label in LONG_LABELS[language]]
        cases.append((language, "crowded", crowded))
        # The demo's top phenomenon, "Asunnottomuus", once spilled out of its card: one long word.
        homelessness = copy.deepcopy(crowded)
        homelessness["figures"]["totals"]["top_phenomenon"]["label"] = table["rows"][0]["label"]
        cases.append((language, "one long word as the top phenomenon", homelessness))
    return cases


def _overlap(one, other):
    return (min(one["right"], other["right"]) - max(one["x"], other["x"]) > 0.5
            and min(one["bottom"], other["bottom"]) - max(one["y"], other["y"]) > 0.5)


def test_every_text_fits_its_box(browser, contents):
    page = browser.new_page(viewport={"width": rendering.INFOGRAPHIC_WIDTH,
                                      "height": rendering.INFOGRAPHIC_HEIGHT})
    problems = []
    try:
        for language, case, content in contents:
            svg = rendering.render_infographic_svg(content)
            page.set_content(f'<!DOCTYPE html><html lang="{language}"><body style="margin:0">{svg}</body></html>')
            texts = page.evaluate(MEASURE)
            where = f"{language}, {case}"
            top_phenomenon = content["figures"]["totals"]["top_phenomenon"]["label"]
            if case != "default title":
                assert top_phenomenon in [text["text"] for text in texts], where
            assert len([text for text in texts if text["card"]]) >= 6, where
            for text in texts:
                label = (f"{where}: “{text['text']}” {text['x']:.1f}–{text['right']:.1f} × "
                         f"{text['y']:.1f}–{text['bottom']:.1f}")
                if (text["x"] < rendering.MARGIN - OVERHANG
                        or text["right"] > rendering.INFOGRAPHIC_WIDTH - rendering.MARGIN + OVERHANG):
                    problems.append(f"{label} crosses the margin")
                if text["y"] < 16 or text["bottom"] > rendering.INFOGRAPHIC_HEIGHT:
                    problems.append(f"{label} is off the page")
                if text["y"] < rendering.FOOT_Y < text["bottom"]:
                    problems.append(f"{label} crosses the foot's rule")
                card = text["card"]
                padding = rendering.CARD_PADDING - OVERHANG
                if card and not (card["x"] + padding <= text["x"] and text["right"] <= card["right"] - padding
                                 and card["y"] + padding / 2 <= text["y"]
                                 and text["bottom"] <= card["bottom"] - padding / 2):
                    problems.append(f"{label} spills out of its card {card}")
            for index, one in enumerate(texts):
                for other in texts[index + 1:]:
                    if _overlap(one, other):
                        problems.append(f"{where}: “{one['text']}” overlaps “{other['text']}”")
    finally:
        page.close()
    assert problems == [], "\n".join(problems)
