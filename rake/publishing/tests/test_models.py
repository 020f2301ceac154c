import pytest

from rake.publishing import services
from rake.publishing.models import PublicationVersion


@pytest.mark.django_db
def test_a_published_version_never_changes(coordinator, draft_report):
    version = services.publication_publish(user=coordinator, publication=draft_report, confirm_warnings=True)
    version.html = "<p>changed</p>"
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.delete()
    with pytest.raises(PermissionError):
        PublicationVersion.objects.filter(pk=version.pk).update(html="changed")
    with pytest.raises(PermissionError):
        PublicationVersion.objects.filter(pk=version.pk).delete()
    stored = PublicationVersion.objects.get(pk=version.pk)
    assert stored.html != "<p>changed</p>"
    assert bytes(stored.pdf).startswith(b"%PDF")


def test_versions_have_no_admin_edit_path():
    from django.contrib import admin

    assert PublicationVersion not in admin.site._registry
