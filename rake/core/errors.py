"""Errors raised by services. Each carries a stable code; the API and views map them."""

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    code = "error"
    http_status = 400
    default_message = _("The request could not be completed.")

    def __init__(self, message=None, *, code=None, extra=None):
        self.message = message or self.default_message
        if code:
            self.code = code
        self.extra = extra or {}
        super().__init__(str(self.message))


class ValidationError(ServiceError):
    """Input is invalid. `field_errors` maps a field name to a list of messages."""

    code = "invalid"
    http_status = 400
    default_message = _("Check the highlighted fields.")

    def __init__(self, field_errors=None, message=None, *, code=None):
        self.field_errors = field_errors or {}
        super().__init__(message, code=code)


class PermissionDenied(ServiceError):
    code = "permission_denied"
    http_status = 403
    default_message = _("You do not have permission to do this.")


class NotFound(ServiceError):
    code = "not_found"
    http_status = 404
    default_message = _("Not found.")


class InvalidTransition(ServiceError):
    code = "invalid_transition"
    http_status = 409
    default_message = _("This action is not possible in the current status.")


class Conflict(ServiceError):
    code = "conflict"
    http_status = 409
    default_message = _("The request conflicts with an earlier one.")


class PersonalDataFound(ServiceError):
    """Free text may contain personal data (DESIGN §4.2).

    `findings` are the privacy guard's findings: their `as_dict()` gives at least field, start, end, kind,
    score, reason and label in the user's language; they never hold the text itself.
    """

    code = "personal_data"
    http_status = 422
    default_message = _("The text may contain personal data. Remove it, or confirm for each highlighted part "
                        "that it is not personal data.")

    def __init__(self, findings, message=None):
        self.findings = list(findings)
        super().__init__(message, extra={"findings": [finding.as_dict() for finding in self.findings]})


class FindingsNotConfirmed(ServiceError):
    """An observation whose texts still hold findings (confirmed as not personal data, or found since) is
    about to be accepted, quoted or used: the coordinator confirms that explicitly
    (`confirm_acknowledged_findings`) or removes them first (DESIGN §4.2). `findings` as in PersonalDataFound."""

    code = "confirm_acknowledged_findings"
    http_status = 422
    default_message = _("The observation's texts hold parts that may be personal data and were confirmed as "
                        "not personal data, or were found since. Check the highlighted parts: remove those that "
                        "are personal data, or confirm that the observation may be used as it is.")

    def __init__(self, findings, message=None):
        self.findings = list(findings)
        super().__init__(message, extra={"findings": [finding.as_dict() for finding in self.findings]})
