"""Report data the content and rendering tests share."""

from rake.analysis.tests.helpers import accepted_observation
from rake.publishing.content import build_content, build_figures
from rake.core.periods import parse_period

SMALL = 3  # a count below the threshold (5): it must never be printed


def report_data(reporter, coordinator):
    """County 15. In 2025: 12 homelessness observations in April (negative, children; 4 of them on hostels),
    7 livelihood ones in January (positive, support need 3, good practice), 3 mental health ones in March
    (negative): a small count. In 2024: 8 homelessness observations. Nothing else."""
    for number in range(12):
        accepted_observation(reporter, coordinator, municipality="179", client_groups=["children"],
                             phenomena=["homelessness.hostels"] if number < 4 else ["homelessness"])
    for _ in range(7):
        accepted_observation(reporter, coordinator, municipality="077", observed_on="2025-01-20",
                             phenomena=["livelihood"], polarity="positive", support_needs=[3],
                             observation_type="good_practice")
    for _ in range(SMALL):
        accepted_observation(reporter, coordinator, observed_on="2025-03-05", phenomena=["mental_health"])
    for _ in range(8):
        accepted_observation(reporter, coordinator, municipality="179", observed_on="2024-05-10")


SECTIONS = {
    "summary": "Homelessness among young people grew.\n\nThe services cannot keep up.",
    "method": "Social workers reported observations through Rake.",
    "phenomena": {"homelessness": "Young people wait for housing for months.",
                  "mental_health": "Few observations, but serious ones."},
    "good_practices": "The joint housing team in Jyväskylä helped young people quickly. It should continue.",
    "proposals": "Fund more supported housing for young people.",
    "addressee": "The social and health committee",
}
QUOTES = [{"phenomenon": "homelessness", "text": "A young person slept in a stairwell for a week.",
           "observation_id": 1}]


def make_content(*, period="2025", language="en", version=1, changelog="", history=(), published_at=None):
    period = parse_period(period)
    figures = build_figures(county="15", period=period, language=language)
    return build_content(county="15", period=period, language=language, audience="board",
                         title="Social report 2025", sections=SECTIONS, quotes=QUOTES, figures=figures,
                         version=version, published_at=published_at or "2026-02-01T10:00:00+02:00",
                         changelog=changelog, history=history)
