"""Properties of the login form (rake.accounts.forms.LoginForm behind the login page): whatever is posted, the
page answers 200 with an error and the typed username (never a 500), the password is never sent back, and
only the right password logs in."""

import re
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rake.accounts.tests.factories import PASSWORD
from rake.observations.tests.strategies import shown_in_field

pytestmark = pytest.mark.django_db

ANY = st.text(st.characters(codec="utf-8"), max_size=40)  # NUL and control characters too
MARK = "Salasana§"  # a password that starts with it can be looked for on the page
# Where an attacker would send a user after logging in: other sites, written in the ways browsers accept.
OFF_SITE_TARGETS = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "///evil.example/",
                    "http:evil.example", "javascript:alert(1)", " //evil.example/"]
OFF_SITE = st.sampled_from(OFF_SITE_TARGETS)
LONG = st.builds(lambda piece, count: piece * count, st.sampled_from(["a", "ä", "€", "ﷺ"]),
                 st.sampled_from([150, 151, 256, 5000]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sent=st.fixed_dictionaries({}, optional={
    "username": st.lists(st.one_of(st.just("reporter"), ANY, LONG), max_size=3),
    "password": st.lists(st.one_of(st.just(PASSWORD), ANY, LONG, ANY.map(lambda text: MARK + text)), max_size=3),
    "next": st.lists(st.one_of(st.just("/observations/mine/"), OFF_SITE, ANY), max_size=2),
}))
def test_posting_anything_to_the_login_form_never_fails(client, reporter, sent):
    AccessAttempt.objects.all().delete()  # the lockout is not under test here: every example starts afresh
    client.logout()
    username, password = (sent.get(name, [""]) or [""] for name in ("username", "password"))

    response = client.post(reverse("accounts:login"), sent, HTTP_ACCEPT_LANGUAGE="en")

    event(f"status {response.status_code}")
    right = username[-1] == "reporter" and password[-1] == PASSWORD
    if right:
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(reporter.pk)
        # Never off the site, whatever `next` says: no other host, no other scheme.
        location = urlsplit(response["Location"])
        assert location.netloc in ("", "testserver") and location.scheme in ("", "http"), response["Location"]
    else:
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        page = response.content.decode()
        assert response.context["form"].errors
        if username[-1]:
            assert escape(username[-1]) in shown_in_field(page, "username")  # the username is kept
        assert not re.search(r'<input[^>]*type="password"[^>]*value=', page)  # the password is not
        if not any(MARK in value for value in sent.get("username", []) + sent.get("next", [])):
            assert MARK not in page


# Found by the property above on PostgreSQL: Django's login form does not check the username's length, and a
# username of more than 255 characters (also one that NFKC normalisation lengthens: "ﷺ" is 18 characters) failed
# in the lockout's table with a 500.
@pytest.mark.parametrize("username", ["a" * 151, "a" * 300, "ﷺ" * 15])
def test_an_over_long_username_is_an_error_on_the_form(client, reporter, username):
    response = client.post(reverse("accounts:login"), {"username": username, "password": "x"},
                           HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert escape(username) in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize("target", OFF_SITE_TARGETS)
def test_a_login_never_sends_the_user_to_another_site(client, reporter, target):
    response = client.post(reverse("accounts:login"), {"username": "reporter", "password": PASSWORD, "next": target})

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc in ("", "testserver") and location.scheme in ("", "http"), response["Location"]
