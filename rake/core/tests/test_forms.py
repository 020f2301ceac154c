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
