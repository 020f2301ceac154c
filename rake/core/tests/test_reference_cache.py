"""Per-process copies of the areas and the taxonomy (rake.core.reference_cache, ADR 0010) and the versions they
publish in the shared cache (ADR 0014)."""

import pytest
from django.test import override_settings

from rake.areas.models import Area
from rake.areas.selectors import county_get, municipality_get
from rake.core.errors import ValidationError
from rake.core import reference_cache
from rake.core.reference_cache import ReferenceCache
from rake.observations.tests.factories import observation_payload
from rake.observations.validation import observation_clean
from rake.taxonomy.models import ClientGroup, Phenomenon, ServiceArea
from rake.taxonomy.selectors import term_code, terms_by_code

pytestmark = pytest.mark.django_db


def test_a_term_saved_in_this_process_is_valid_at_once(reporter):
    observation_clean(data=observation_payload(), user=reporter)  # the copy is loaded
    ClientGroup.objects.create(code="county_own_group", label_fi="Oma", label_sv="Egen", label_en="Own")

    cleaned = observation_clean(data=observation_payload(client_groups=["county_own_group"]), user=reporter)

    assert [group.code for group in cleaned["client_groups"]] == ["county_own_group"]


def test_a_term_deleted_in_this_process_is_refused_at_once(reporter):
    group = ClientGroup.objects.create(code="short_lived", label_fi="x", label_sv="x", label_en="x")
    assert "short_lived" in terms_by_code(ClientGroup)
    group.delete()

    with pytest.raises(ValidationError) as refused:
        observation_clean(data=observation_payload(client_groups=["short_lived"]), user=reporter)

    assert "client_groups" in refused.value.field_errors


def test_a_change_by_another_process_is_seen_when_the_copy_expires():
    assert "other_process" not in terms_by_code(Phenomenon)
    # Another process's write: no signal reaches this one.
    Phenomenon.objects.bulk_create([Phenomenon(code="other_process", national_code="other", label_fi="x",
                                               label_sv="x", label_en="x")])

    assert "other_process" not in terms_by_code(Phenomenon)
    with override_settings(RAKE_REFERENCE_CACHE_SECONDS=-1):
        assert "other_process" in terms_by_code(Phenomenon)


def test_areas_come_from_the_copy_and_follow_a_save():
    county = county_get(code="15", year=2025)
    assert county.kind == Area.Kind.COUNTY and county.name_fi == "Keski-Suomen hyvinvointialue"
    assert municipality_get(code="179", year=2025).county_code == "15"
    assert municipality_get(code="179", year=1990) == municipality_get(code="179", year=2023)  # nearest year

    Area.objects.filter(pk=county.pk).update(name_fi="Muutettu")  # no signal: the copy stays
    assert county_get(code="15", year=2025).name_fi == "Keski-Suomen hyvinvointialue"
    Area.objects.get(pk=county.pk).save()  # a save drops the copy
    assert county_get(code="15", year=2025).name_fi == "Muutettu"


def test_the_copy_is_loaded_once_until_cleared():
    loads = []
    cache = ReferenceCache("test-counter", lambda: loads.append(1) or len(loads))

    assert [cache.get(), cache.get(), cache.get()] == [1, 1, 1]
    cache.clear()
    assert cache.get() == 2


def test_a_service_area_added_by_another_process_has_its_code_at_once():
    """The API shows an observation's service area by code from the copy: an id the copy has not seen (a
    term another process added) reads the terms again instead of failing."""
    known = ServiceArea.objects.order_by("pk").first()
    assert term_code(ServiceArea, known.pk) == known.code  # the copy is loaded
    # Another process's write: no signal reaches this one.
    ServiceArea.objects.bulk_create([ServiceArea(code="other_process_area", label_fi="x", label_sv="x",
                                                 label_en="x")])
    added = ServiceArea.objects.get(code="other_process_area")

    assert term_code(ServiceArea, added.pk) == "other_process_area"
    assert term_code(ServiceArea, known.pk) == known.code


def test_a_change_another_process_published_is_loaded_at_the_next_version_check(monkeypatch):
    """With a shared cache (Redis) a change reaches every process well before the time limit."""
    monkeypatch.setattr(reference_cache, "VERSION_CHECK_SECONDS", 0)
    assert "published_elsewhere" not in terms_by_code(Phenomenon)
    # Another process saved a phenomenon: no signal here, only the version it published after its commit.
    Phenomenon.objects.bulk_create([Phenomenon(code="published_elsewhere", national_code="other", label_fi="x",
                                               label_sv="x", label_en="x")])
    assert "published_elsewhere" not in terms_by_code(Phenomenon)

    reference_cache.publish_change("taxonomy-phenomenon")

    assert "published_elsewhere" in terms_by_code(Phenomenon)


def test_the_version_is_checked_at_most_every_version_check_seconds(monkeypatch):
    monkeypatch.setattr(reference_cache, "VERSION_CHECK_SECONDS", 3600)
    assert "not_yet_checked" not in terms_by_code(Phenomenon)
    Phenomenon.objects.bulk_create([Phenomenon(code="not_yet_checked", national_code="other", label_fi="x",
                                               label_sv="x", label_en="x")])
    reference_cache.publish_change("taxonomy-phenomenon")

    assert "not_yet_checked" not in terms_by_code(Phenomenon)


def test_a_save_publishes_a_new_version_once_committed(django_capture_on_commit_callbacks):
    before = reference_cache.shared_version("taxonomy-clientgroup")

    with django_capture_on_commit_callbacks() as callbacks:
        ClientGroup.objects.create(code="committed_group", label_fi="x", label_sv="x", label_en="x")
        assert reference_cache.shared_version("taxonomy-clientgroup") == before  # not before the commit
    for callback in callbacks:
        callback()

    assert reference_cache.shared_version("taxonomy-clientgroup") not in (None, before)


def test_an_unreachable_shared_cache_keeps_the_copy(monkeypatch):
    """A Redis that is away fails neither the read nor the save; the time limit still applies."""
    class Away:
        def get(self, *args, **kwargs):
            raise ConnectionError("no Redis")

        set = get

    monkeypatch.setattr(reference_cache, "VERSION_CHECK_SECONDS", 0)
    terms_by_code(ClientGroup)  # the copy is loaded
    monkeypatch.setattr(reference_cache, "cache", Away())

    ClientGroup.objects.bulk_create([ClientGroup(code="while_away", label_fi="x", label_sv="x", label_en="x")])
    reference_cache.publish_change("taxonomy-clientgroup")
    assert "while_away" not in terms_by_code(ClientGroup)
    with override_settings(RAKE_REFERENCE_CACHE_SECONDS=-1):
        assert "while_away" in terms_by_code(ClientGroup)
