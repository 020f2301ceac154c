"""Loads Statistics Finland's classification and the population from the data files (used by the data
migrations)."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILE = DATA_DIR / "municipalities.csv"
POPULATION_FILE = DATA_DIR / "population.csv"
MERGERS_FILE = DATA_DIR / "municipality_mergers.csv"


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


def load_population(Population):
    """Adds the rows of population.csv that are not in the table yet (a rerun adds nothing)."""
    with POPULATION_FILE.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    existing = set(Population.objects.values_list("municipality_code", "year"))
    Population.objects.bulk_create(
        [Population(municipality_code=row["municipality_code"], year=int(row["year"]),
                    population=int(row["population_31_12"]))
         for row in rows if (row["municipality_code"], int(row["year"])) not in existing],
        batch_size=500)


def read_mergers() -> list[tuple[str, str, int]]:
    """(merged code, code it is part of, first year) from municipality_mergers.csv."""
    with MERGERS_FILE.open(encoding="utf-8") as file:
        return [(row["merged_code"], row["into_code"], int(row["valid_year"])) for row in csv.DictReader(file)]
