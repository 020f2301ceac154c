"""The demo speaks to Swedish-speaking reporters in Swedish (issue 16, point 4): their observations are written in
Swedish and every message of the conversation with the coordinator is Swedish, not Finnish."""

import io

import pytest

from rake.demo import generator as demo
from rake.demo import texts as T
from rake.observations.models import Observation, TimelineEvent


def _openings(language):
    """The first words of every coordinator and reporter message of the demo in `language`."""
    return {text.split("{")[0][:30] for texts in T.MESSAGES[language].values() for text in texts}


@pytest.mark.django_db
def test_swedish_speaking_reporters_write_and_are_answered_in_swedish():
    demo.seed(count=150, password="demo-test-pw-1", stdout=io.StringIO())
    swedish = Observation.objects.filter(created_by__preferred_language="sv")
    assert swedish.exists() and set(swedish.values_list("language", flat=True)) == {"sv"}
    messages = list(TimelineEvent.objects.filter(observation__in=swedish).exclude(message="")
                    .values_list("message", flat=True))
    assert messages
    finnish, in_swedish = _openings("fi"), _openings("sv")
    assert not [text for text in messages if text[:30] in finnish or any(text.startswith(o) for o in finnish)]
    assert all(any(text.startswith(opening) for opening in in_swedish) for text in messages), messages
    # The Swedish-speaking demo users' names are Swedish too.
    assert {user.last_name.split()[0] for user in {o.created_by for o in swedish}} == {"Rapportör"}
