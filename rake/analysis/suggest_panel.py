"""The "Suggested phenomena" box in the coordinator's view of an observation (registered in apps.py).

Shows the suggester's top national phenomena with their confidence. It only shows: nothing is saved
and the observation's classification is never changed here.
"""

import logging

from django.template.loader import render_to_string

from rake.taxonomy.selectors import national_phenomena

from . import suggest

logger = logging.getLogger(__name__)


def suggestion_panel(request, observation):
    if not observation.description or not observation.description.strip():
        return None
    try:
        pairs = suggest.suggest(observation.description, scope=suggest.scope_of(request.user),
                                language=observation.language, limit=3)
    except Exception:  # a suggestion is a convenience: never let it break the page
        logger.exception("phenomenon suggestions failed for observation %s", observation.pk)
        return None
    if not pairs:
        return None
    labels = national_phenomena()
    rows = [{"code": code, "label": labels.get(code, code), "percent": round(score * 100)} for code, score in pairs]
    return render_to_string("analysis/suggestion_panel.html", {"suggestions": rows}, request=request)
