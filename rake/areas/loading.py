"""Loads Statistics Finland's classification from the data file (used by the data migration)."""

import csv
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"


def load_areas(Area):
    rows = list(csv.DictReader(DATA_FILE.open(encoding="utf-8")))
    existing = set(Area.objects.values_list("kind", "code", "year"))
    new, counties = [], {}
    for row in rows:
        year = int(row["valid_year"])
        key = ("municipality", row["municipality_code"], year)
        if key not in existing:
            new.append(Area(code=row["municipality_code"], kind="municipality", year=year,
                            name_fi=row["name_fi"], name_sv=row["name_sv"],
                            county_code=row["wellbeing_county_code"], region_code=row["region_code"]))
        counties[(row["wellbeing_county_code"], year)] = (row["wellbeing_county_fi"], row["wellbeing_county_sv"])
    for (code, year), (name_fi, name_sv) in counties.items():
        if ("county", code, year) not in existing:
            new.append(Area(code=code, kind="county", year=year, name_fi=name_fi, name_sv=name_sv,
                            county_code=code))
    Area.objects.bulk_create(new, batch_size=500)
