"""What the demo shows a national user (issue 14): on the demo data the rake-exchange/2 document publishes at
least half of its cells, every county has published cells, and year × phenomenon is at least 80 % published
for every demo county, in every full calendar year of the demo. Seeds the whole demo (about 4,000
observations through the services): the slowest test of the suite, and the only one that checks that the
demo and the protected release fit together."""

from io import StringIO

import pytest
from django.core.management import call_command

from rake.core.dates import today
from rake.exchange.export import national_export_document
from rake.observations.demo import COUNTIES, START


@pytest.mark.django_db
def test_the_demo_publishes_most_of_the_exchange_in_every_full_year():
    call_command("seed_demo", stdout=StringIO())
    for year in range(START.year, today().year):
        document = national_export_document(year=year, counties=sorted(COUNTIES))
        cells = [cell for table in document["tables"] for cell in table["cells"]]
        published = [cell for cell in cells if cell["count"] is not None]
        assert len(published) >= len(cells) / 2, (year, len(published), len(cells))
        for county in COUNTIES:
            assert any(cell["county"] == county for cell in published), (year, county)
            phenomena = [cell for table in document["tables"] if table["id"] == "phenomenon"
                         for cell in table["cells"] if cell["county"] == county]
            shown = [cell for cell in phenomena if cell["count"] is not None]
            assert len(shown) >= 0.8 * len(phenomena), (year, county, shown, phenomena)
