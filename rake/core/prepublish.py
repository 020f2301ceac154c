"""The check before anything is published (reports now; plans and annual statements later).

A publication's own module lists its findings; this module says what they mean. An error blocks publishing
(placeholder or empty required text, an unapproved quote); a warning asks for an explicit confirmation (an
empty section, figures that are all hidden, proposals missing). `require_publishable` is the one gate every
publishing service calls, so the page, the API and the commands refuse the same things.
"""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _

from .errors import ServiceError

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing to fix (error) or to confirm (warning) before publishing.

    `code` is stable (the API returns it), `message` is in the user's language and `section` names the part of
    the publication it concerns (e.g. "summary", "phenomenon:homelessness"; "" for the whole)."""

    severity: str
    code: str
    message: str
    section: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_dict(self) -> dict:
        return {**asdict(self), "message": str(self.message)}


def error(code: str, message: str, section: str = "") -> Finding:
    return Finding(ERROR, code, message, section)


def warning(code: str, message: str, section: str = "") -> Finding:
    return Finding(WARNING, code, message, section)


def errors_of(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity == ERROR]


def warnings_of(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity == WARNING]


class PublishCheckFailed(ServiceError):
    """The publication is not ready: `findings` lists why. Errors always block; warnings block until the
    publisher confirms them."""

    code = "publish_check_failed"
    http_status = 422
    default_message = _("The publication is not ready to be published. Fix the errors, and confirm the warnings "
                        "if they are intended.")

    def __init__(self, findings: list[Finding], *, warnings_confirmed: bool = False):
        self.findings = list(findings)
        super().__init__(extra={"findings": [finding.as_dict() for finding in self.findings],
                                "warnings_confirmed": warnings_confirmed})


def require_publishable(findings: list[Finding], *, warnings_confirmed: bool) -> None:
    """Raise PublishCheckFailed when a finding is an error, or a warning that was not confirmed."""
    if errors_of(findings) or (warnings_of(findings) and not warnings_confirmed):
        raise PublishCheckFailed(findings, warnings_confirmed=warnings_confirmed)


def normalised(text: str) -> str:
    """The text with its whitespace collapsed, casefolded: how placeholders are compared."""
    return " ".join(str(text or "").split()).casefold()


def contains_placeholder(text: str, placeholders) -> bool:
    """Whether the text still holds one of the pre-filled placeholder texts (whatever the whitespace)."""
    text = normalised(text)
    return bool(text) and any(normalised(placeholder) in text for placeholder in placeholders if placeholder)
