"""Properties of the report builder's forms (DESIGN §4.5, §7): whatever a coordinator posts, the answer is a
redirect (saved) or the page again with the errors and the typed texts — never a 500 —, and what is saved is
what was typed."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from hypothesis import event, given, settings
from hypothesis import strategies as st

from rake.observations.tests.strategies import (
    NUMBERS,
    SHORT,
    TEXT,
    assert_kept,
    page_examples,
    each_example_rolled_back,
    sent_anything,
    several,
    typed,
    values,
)
from rake.publishing.forms import phenomenon_choices
from rake.publishing.models import TEXT_SECTIONS, Audience, Language, Publication

pytestmark = pytest.mark.django_db

SLOW = page_examples(30)
PERIODS = st.one_of(SHORT, st.sampled_from(["2025", "2025H1", "2025H3", "2025Q3", "2025Q0", "2025-04", "2025-13",
                                            "1999", "9999", "2025q1", " 2025 ", "٢٠٢٥", "2025-4"]))


@SLOW
@given(data=st.data())
@each_example_rolled_back
def test_posting_anything_to_the_new_report_form_never_fails(client_as, coordinator, data):
    valid = {"county": ["15"], "period": ["2025"], "language": ["fi"], "audience": ["board"], "title": [""]}
    sent = {**valid, **data.draw(st.fixed_dictionaries({}, optional={
        "county": several(values(["15", "06"])), "period": several(PERIODS),
        "language": several(values(Language.values)), "audience": several(values(Audience.values)),
        "title": several(TEXT)}), label="changed")}

    response = client_as(coordinator).post(reverse("publishing:new"), sent)

    event(f"status {response.status_code}")
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        pk = int(re.fullmatch(r"/reports/(\d+)/", response["Location"]).group(1))
        publication = Publication.objects.get(pk=pk)
        if typed(sent, "title").strip():
            assert publication.title == typed(sent, "title").strip()
    else:
        assert response.context["form"].errors or not sent_anything(sent)
        # The period is chosen from a list: a valid choice stays selected, anything else is not one to keep.
        assert_kept(response.content.decode(), sent, ["title"])
        period = typed(sent, "period")
        if period in dict(choice for _year, group in response.context["form"].fields["period"].choices
                          for choice in group):
            assert f'<option value="{escape(period)}" selected>' in response.content.decode()


@SLOW
@given(data=st.data())
@each_example_rolled_back
def test_posting_anything_to_the_report_texts_never_fails(client_as, coordinator, draft_report, data):
    names = ["title", *TEXT_SECTIONS, *(f"phenomenon_{code}" for code, _label in phenomenon_choices())]
    plain = st.sampled_from(["Sosiaalinen raportti 2025", "Tärkein havainto: asunnottomuus kasvoi.", ""])
    sent = data.draw(st.fixed_dictionaries({}, optional={name: several(st.one_of(plain, TEXT)) for name in names}))

    response = client_as(coordinator).post(reverse("publishing:edit", args=[draft_report.pk]), sent)

    event(f"status {response.status_code}")
    assert response.status_code in (200, 302), response.status_code
    draft_report.refresh_from_db()
    if response.status_code == 302:
        assert draft_report.title == typed(sent, "title").strip()
        for name in TEXT_SECTIONS:
            assert getattr(draft_report, name) == typed(sent, name).strip()
    else:
        assert response.context["form"].errors
        assert_kept(response.content.decode(), sent, names)


@SLOW
@given(data=st.data())
@each_example_rolled_back
def test_posting_anything_to_the_quote_picker_never_fails(client_as, coordinator, draft_report, accepted, data):
    valid = {"observation": [str(accepted.pk)], "phenomenon": ["homelessness"], "text": ["Sohvalla asuminen yleistyy."]}
    sent = {**valid, **data.draw(st.fixed_dictionaries({}, optional={
        "observation": several(st.one_of(st.just(str(accepted.pk)), NUMBERS)),
        "phenomenon": several(values(["homelessness", "livelihood"])), "text": several(TEXT)}), label="changed")}

    response = client_as(coordinator).post(reverse("publishing:quotes", args=[draft_report.pk]), sent)

    event(f"status {response.status_code}")
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        assert draft_report.quotes.filter(text=typed(sent, "text").strip()).exists()
    else:
        assert response.context["add_form"].errors
        assert_kept(response.content.decode(), sent, ["text"])


# Fewer examples: each publication renders the report and its PDF.
@settings(SLOW, max_examples=12)
@given(sent=st.fixed_dictionaries({}, optional={"changelog": several(TEXT), "confirm": several(values(["on"]))}))
@each_example_rolled_back
def test_posting_anything_to_the_publish_form_never_fails(client_as, coordinator, draft_report, sent):
    response = client_as(coordinator).post(reverse("publishing:publish", args=[draft_report.pk]), sent)

    event(f"status {response.status_code}")
    # 422: the pre-publish check's warnings were not confirmed; the page comes back with what was typed.
    assert response.status_code in (200, 302, 422), response.status_code
    if response.status_code in (200, 422):
        assert response.context["form"].errors or not sent_anything(sent)
        assert_kept(response.content.decode(), sent, ["changelog"])
    else:
        assert draft_report.versions.count() >= 1


@SLOW
@given(parameters=st.fixed_dictionaries({}, optional={
    "q": several(TEXT), "phenomenon": several(values(["", "homelessness", "livelihood"])), "page": several(NUMBERS),
    "observation": several(NUMBERS)}))
def test_any_search_in_the_quote_picker_shows_the_picker_with_the_search_kept(client_as, coordinator, draft_report,
                                                                             accepted, parameters):
    response = client_as(coordinator).get(reverse("publishing:quotes", args=[draft_report.pk]), parameters)

    event(f"status {response.status_code}")
    # An observation that is not a candidate is not found; anything else shows the picker.
    assert response.status_code in (200, 404), response.status_code
    if response.status_code == 404:
        assert typed(parameters, "observation") and typed(parameters, "observation") != str(accepted.pk)
    elif typed(parameters, "q"):
        assert escape(typed(parameters, "q")) in response.content.decode()
