"""Idempotency-Key handling shared by the services that honour the header (ADR 0003).

A service stores a row per (user, key) with the hash of the request it answered; a retry with the same key
and the same request replays that answer, the same key with another request is a Conflict.
"""

import hashlib
import json

from django.utils.translation import gettext as _

from .errors import Conflict, ValidationError

MAX_KEY_LENGTH = 200


def check_key(key):
    """ValidationError for a key the key tables cannot hold."""
    if key and len(key) > MAX_KEY_LENGTH:
        raise ValidationError({"Idempotency-Key": [
            _("The key is too long (at most 200 characters).")]})


def request_hash(payload):
    """A stable hash of a request's meaningful content (a JSON-able value)."""
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def previous_answer(key_model, *, user, key, request_hash):
    """The stored key row for (user, key), or None; Conflict when it was stored for another request."""
    previous = key_model.objects.filter(user=user, key=key).first()
    if previous is None:
        return None
    if previous.request_hash != request_hash:
        raise Conflict(_("This Idempotency-Key was already used for a different request."),
                       code="idempotency_key_reused")
    return previous
