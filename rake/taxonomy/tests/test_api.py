"""GET /api/v1/taxonomy: national phenomena, SHL 11 § support needs and the other code lists."""

import pytest

from rake.taxonomy.models import Phenomenon

pytestmark = pytest.mark.django_db

URL = "/api/v1/taxonomy"
NATIONAL = ["homelessness", "livelihood", "mental_health", "substance_use", "other"]


def labels_complete(term):
    return set(term["label"]) == {"fi", "sv", "en"} and all(
        isinstance(text, str) and text.strip() for text in term["label"].values()
    )


@pytest.fixture
def taxonomy(api_client):
    response = api_client.get(URL)
    assert response.status_code == 200
    return response.json()


def test_national_phenomena_with_children(taxonomy):
    phenomena = {p["code"]: p for p in taxonomy["phenomena"]}

    assert list(phenomena) == NATIONAL
    for code, phenomenon in phenomena.items():
        assert labels_complete(phenomenon)
        assert phenomenon["national_code"] == code
        assert phenomenon["county"] == ""
        assert phenomenon["children"], f"{code} has no sub-themes"
        for child in phenomenon["children"]:
            assert child["code"].startswith(f"{code}.")
            assert labels_complete(child)
    assert phenomena["mental_health"]["label"]["fi"] == "Mielenterveys"


def test_homelessness_sub_themes_follow_ara(taxonomy):
    homelessness = next(p for p in taxonomy["phenomena"] if p["code"] == "homelessness")
    children = {c["code"]: c["label"]["en"] for c in homelessness["children"]}

    assert set(children) == {
        "homelessness.rough_sleeping", "homelessness.hostels", "homelessness.institutions",
        "homelessness.friends_relatives", "homelessness.eviction_threat",
    }
    assert children["homelessness.rough_sleeping"] == "Sleeping rough or in shelters"


def test_support_needs_are_integers_1_to_10(taxonomy):
    needs = taxonomy["support_needs"]

    assert [need["code"] for need in needs] == list(range(1, 11))
    assert all(type(need["code"]) is int for need in needs)
    assert all(labels_complete(need) for need in needs)
    assert needs[0]["label"]["fi"] == "tuki jokapäiväisestä elämästä selviytymiseen"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("observation_types", {"need", "service_effect", "good_practice"}),
        ("client_groups", {"families_with_children", "young_people", "older_people", "immigrants"}),
        ("service_areas", {"adult_social_work", "child_protection", "social_emergency"}),
    ],
)
def test_code_lists(taxonomy, key, expected):
    terms = taxonomy[key]

    assert expected <= {t["code"] for t in terms}
    assert all(labels_complete(t) for t in terms)


def test_version(taxonomy):
    assert taxonomy["version"]


@pytest.fixture
def county_phenomenon():
    return Phenomenon.objects.create(
        code="ks.housing_first", county_code="15", national_code="homelessness",
        label_fi="Asunto ensin -kokeilu", label_sv="Bostad först-försök", label_en="Housing first pilot",
    )


def test_county_phenomenon_listed_only_for_its_county(api_client, county_phenomenon):
    with_county = {p["code"]: p for p in api_client.get(URL, {"county": "15"}).json()["phenomena"]}
    without = {p["code"] for p in api_client.get(URL).json()["phenomena"]}
    other_county = {p["code"] for p in api_client.get(URL, {"county": "06"}).json()["phenomena"]}

    assert with_county["ks.housing_first"]["national_code"] == "homelessness"
    assert with_county["ks.housing_first"]["county"] == "15"
    assert set(NATIONAL) <= set(with_county)
    assert "ks.housing_first" not in without
    assert "ks.housing_first" not in other_county
    assert without == set(NATIONAL)


def test_unknown_county_parameter_is_harmless(api_client):
    response = api_client.get(URL, {"county": "x' OR 1=1"})

    assert response.status_code == 200
    assert [p["code"] for p in response.json()["phenomena"]] == NATIONAL


def test_nul_in_county_is_400(api_client):
    response = api_client.get(f"{URL}?county=15%00")

    assert response.status_code == 400
    assert list(response.json()) == ["county"]


def test_a_countys_own_phenomena_only_for_that_county(api_client):
    import datetime

    other = Phenomenon.objects.get(code="other")
    Phenomenon.objects.create(code="other.15_child_welfare", parent=other, national_code="other", county_code="15",
                              label_fi="Lastensuojelu", label_sv="Barnskydd", label_en="Child welfare",
                              sort_order=100, valid_from=datetime.date(2025, 1, 1))

    def other_children(query=""):
        phenomena = api_client.get(URL + query).json()["phenomena"]
        return {c["code"]: c for c in next(p for p in phenomena if p["code"] == "other")["children"]}

    own = other_children("?county=15")["other.15_child_welfare"]
    assert (own["county"], own["valid_from"], own["valid_to"]) == ("15", "2025-01-01", None)
    assert own["label"]["sv"] == "Barnskydd"
    assert "other.15_child_welfare" not in other_children("?county=06")
    assert "other.15_child_welfare" not in other_children()
    assert all(child["county"] == "" for child in other_children().values())
