"""How timeline events read to people. Apps that add event kinds register their titles here."""

from django.utils.translation import gettext_lazy as _

EVENT_TITLES = {
    "draft_saved": _("Draft saved"),
    "submitted": _("Submitted"),
    "classified": _("Classified by the coordinator"),
    "accept": _("Accepted"),
    "reject": _("Rejected"),
    "request_clarification": _("The coordinator asked for clarification"),
    "clarification_answered": _("You answered the question"),
    "close": _("Closed"),
    "quarantine": _("Hidden for a privacy check"),
    "linked": _("Linked to a related observation"),
    "mark_used": _("Used in a report"),
    "privacy_acknowledged": _("Possible personal data confirmed as not personal data"),
    "edited": _("The coordinator edited the text"),
    "redacted": _("Personal data was removed from the text"),
    "release": _("Returned from the privacy check"),
}


def register_event_kind(kind, title):
    """`title` is a (lazy) string, or a callable taking the event, for titles that quote its data."""
    EVENT_TITLES[kind] = title


def event_title(event):
    title = EVENT_TITLES.get(event.kind, event.kind)
    return title(event) if callable(title) else title
