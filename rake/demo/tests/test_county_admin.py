"""The demo: its county has its own phenomena under "other", and demo-admin is the county's admin, not a
superuser (the Django admin is demo-superuser's)."""

import pytest

from rake.demo import generator as demo
from rake.taxonomy.models import Phenomenon

pytestmark = pytest.mark.django_db


def test_demo_county_has_its_own_phenomena_under_other():
    assert demo.ensure_county_phenomena() == len(demo.COUNTY_PHENOMENA)
    assert demo.ensure_county_phenomena() == 0
    own = Phenomenon.objects.filter(county_code=demo.MAIN_COUNTY)
    assert {(p.parent.code, p.national_code) for p in own} == {("other", "other")}
    assert {"Lastensuojelu", "Väkivalta ja lähisuhdeväkivalta"} <= {p.label_fi for p in own}
    assert all(p.label_sv and p.label_en for p in own)


def test_demo_admin_administers_the_county_in_rake():
    users, _created = demo.ensure_users("demo-test-password", demo.ensure_organisations())
    admin, superuser = users["demo-admin"], users["demo-superuser"]
    assert not admin.is_superuser and not admin.is_staff
    assert admin.permissions.admin_counties() == {demo.MAIN_COUNTY}
    assert superuser.is_superuser and superuser.permissions.admin_counties() is None
