"""The reports a proposal is built on. Reports live in rake.publishing, which builds on proposals (DESIGN §6):
a proposal keeps only its report's id, and publishing tells proposals about its reports through this one hook,
registered when it starts (rake.publishing.apps). Without it (publishing not installed) there are no reports."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Report:
    title: str
    url: str  # where this user reads it: its latest published version, or for its builders the draft; ""


@dataclass(frozen=True)
class ReportHook:
    choices: Callable[[Iterable[str]], list[tuple[int, str]]]  # the counties' reports: [(id, title)], newest first
    county_of: Callable[[int], str | None]  # a report's county, None when there is no such report
    published_ids: Callable[[], Iterable[int]]  # the reports with a published version (a queryset of ids)
    describe: Callable[..., Report | None]  # describe(report id, user or None)


_NONE = ReportHook(choices=lambda counties: [], county_of=lambda pk: None, published_ids=lambda: [],
                   describe=lambda pk, user: None)
_hook = _NONE


def register(hook: ReportHook) -> None:
    global _hook
    _hook = hook


def reports() -> ReportHook:
    return _hook
