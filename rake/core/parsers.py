"""The API's JSON parser (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES).

A module of its own: DRF imports the parsers while it defines APIView, so this must not import rest_framework.views
(rake.core.api does).
"""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


def _nesting_exceeds(value, limit):
    """Whether arrays and objects nest deeper than `limit` levels in the parsed JSON `value` (without recursion)."""
    pending = [(value, 1)] if isinstance(value, (dict, list)) else []
    while pending:
        container, depth = pending.pop()
        if depth > limit:
            return True
        for item in container.values() if isinstance(container, dict) else container:
            if isinstance(item, (dict, list)):
                pending.append((item, depth + 1))
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with bounded work: the parser of every API view (REST_FRAMEWORK's
    DEFAULT_PARSER_CLASSES).

    - Size: DRF reads a JSON body through `request.body`, which refuses one over DATA_UPLOAD_MAX_MEMORY_SIZE
      with RequestDataTooBig; rake.core.api.exception_handler answers it with a JSON 400 {code: "too_large"}.
    - Nesting: more than RAKE_JSON_MAX_DEPTH levels of arrays and objects is a 400 {code: "too_deep"}. Python's
      decoder would itself give up at about a thousand levels with a RecursionError (a 500); and the
      serializers and services walk what they are given recursively, so it stops far below that.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.RAKE_JSON_MAX_DEPTH
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep(limit) from None
        if _nesting_exceeds(data, limit):
            raise _too_deep(limit)
        return data


def _too_deep(limit):
    return ParseError(_("The JSON is nested too deeply: at most %(limit)s levels of arrays and objects.")
                      % {"limit": limit}, code="too_deep")
