"""Loads the national taxonomy from its data file (used by the data migration)."""

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.json"


def taxonomy_data():
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _labels(item):
    return {"label_fi": item["fi"], "label_sv": item["sv"], "label_en": item["en"]}


def load_taxonomy(Phenomenon, SupportNeed, ClientGroup, ServiceArea, ObservationType):
    data = taxonomy_data()
    for order, item in enumerate(data["phenomena"]):
        parent, _ = Phenomenon.objects.update_or_create(
            code=item["code"],
            defaults={**_labels(item), "sort_order": order, "national_code": item["code"], "parent": None},
        )
        for child_order, child in enumerate(item.get("children", [])):
            Phenomenon.objects.update_or_create(
                code=child["code"],
                defaults={**_labels(child), "sort_order": child_order, "national_code": item["code"],
                          "parent": parent},
            )
    for model, key in ((SupportNeed, "support_needs"), (ClientGroup, "client_groups"),
                       (ServiceArea, "service_areas"), (ObservationType, "observation_types")):
        for order, item in enumerate(data[key]):
            model.objects.update_or_create(code=item["code"], defaults={**_labels(item), "sort_order": order})
