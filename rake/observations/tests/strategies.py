"""Hypothesis strategies for what a browser can post to a form, and helpers for checking that a page shows
again what was typed. Shared by the property tests of the observation, proposal and report forms."""

import contextlib
import functools
import re

from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from rake.privacy.tests.strategies import filler, texts_with_identifiers

def page_examples(count):
    """Hypothesis settings for tests that render pages: `count` examples, no deadline (a page takes its time)."""
    return settings(max_examples=count, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


ANY_CHARACTER = st.characters(codec="utf-8")  # everything a UTF-8 body carries: NUL and control characters too
TEXT = st.one_of(
    st.text(ANY_CHARACTER, max_size=200),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=10),
    filler,
    texts_with_identifiers().map(lambda generated: generated[0]),
    # Around the limits, and far beyond them.
    st.builds(lambda piece, count: (piece * count)[:count], st.sampled_from(["a", "ä ", "Asiakas odottaa. ", "€"]),
              st.sampled_from([299, 300, 301, 1999, 2000, 2001, 3999, 4000, 4001, 20_000])),
)
SHORT = st.text(ANY_CHARACTER, max_size=12)
DATES = st.one_of(
    st.dates().map(str), SHORT,
    st.sampled_from(["2025-03-14", "2025-02-30", "2025-13-01", "1999-12-31", "2000-01-01", "9999-12-31", "0001-01-01",
                     "2025-03", "14.3.2025", "2025-03-14T10:00", "٢٠٢٥-٠٣-١٤", "+2025-03-14", " 2025-03-14 "]),
)
NUMBERS = st.one_of(st.integers().map(str), SHORT,
                    st.sampled_from(["1e3", "0x10", "١", "²", "-0", "3.0", "99999999999999999999"]))


def values(choices):
    """One value as a form sends it: a listed choice, or anything."""
    return st.one_of(st.sampled_from(choices), SHORT) if choices else SHORT


def several(strategy):
    return st.lists(strategy, max_size=4)


def typed(form, name):
    """What the browser shows again in a field: the last value sent under its name."""
    return form[name][-1] if form.get(name) else ""


def sent_anything(sent):
    """Whether a body holds a value at all. An empty one leaves a view's `Form(request.POST or None)` unbound: the
    page shows the form as new (200), which no browser triggers, since it always sends the text fields."""
    return any(sent.values())


def shown_in_field(page, name):
    """What the page shows in the fields named `name`, as written in the HTML: each <input>'s value and each
    <textarea>'s text (without the newline Django writes after the opening tag)."""
    quoted = re.escape(f'name="{name}"')
    shown = [match.group(1) for tag in re.findall(rf"<input\b[^>]*\s{quoted}[^>]*>", page)
             for match in [re.search(r'\svalue="([^"]*)"', tag)] if match]
    shown += re.findall(rf"<textarea\b[^>]*\s{quoted}[^>]*>\n?(.*?)</textarea>", page, re.S)
    return shown


def assert_kept(page, sent, names, *, prefix=""):
    """Each text field shows again, in that field, what was typed (the last value sent under its name)."""
    for name in names:
        value = typed(sent, prefix + name)
        if value:
            shown = shown_in_field(page, prefix + name)
            assert escape(value) in shown, f"{prefix}{name}: {value!r} is not in its field (shown: {shown!r})"


@contextlib.contextmanager
def rolled_back():
    """Run one Hypothesis example in a savepoint that is rolled back: the examples of a test share its
    database transaction, and one example's rows must not change what the next one does."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def each_example_rolled_back(test):
    """Decorate a test under @given so that each example runs in rolled_back()."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        with rolled_back():
            return test(*args, **kwargs)

    return run
