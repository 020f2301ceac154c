"""Date ranges on the search forms: the end may not come before the start."""

import pytest

from rake.core.forms import AuditSearchForm
from rake.observations.forms import QueueFilterForm


def test_audit_search_refuses_an_end_before_the_start():
    form = AuditSearchForm({"since": "2025-05-01", "until": "2025-04-01"})

    assert not form.is_valid()
    assert "until" in form.errors


def test_audit_search_accepts_a_range():
    form = AuditSearchForm({"since": "2025-04-01", "until": "2025-05-01"})

    assert form.is_valid(), form.errors


@pytest.mark.django_db
@pytest.mark.parametrize(("since", "until", "valid"), [("2025-05-01", "2025-04-01", False),
                                                        ("2025-04-01", "2025-04-01", True)])
def test_queue_filters_check_the_date_range(coordinator, since, until, valid):
    form = QueueFilterForm({"since": since, "until": until}, user=coordinator)

    assert form.is_valid() is valid
    assert ("until" in form.errors) is not valid


def test_every_form_shows_service_errors_one_way():
    """ServiceErrorsMixin (which HdsFormMixin includes): a service's message for a field the form shows goes to
    that field, one for a field it does not show to the form, named by service_error_labels()."""
    from django import forms

    from rake.core.errors import ValidationError
    from rake.core.forms import HdsFormMixin

    class Form(HdsFormMixin, forms.Form):
        title = forms.CharField()

        def service_error_labels(self):
            return {"county": "wellbeing services county"}

    form = Form({"title": "x"})
    assert form.is_valid()
    form.add_service_errors(ValidationError({"title": ["Too long."], "county": ["Choose one."], "other": ["Odd."]}))
    assert form.errors["title"] == ["Too long."]
    assert form.non_field_errors() == ["Wellbeing services county: Choose one.", "Odd."]
