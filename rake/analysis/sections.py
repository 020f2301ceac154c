"""Sections other apps add to the analysis dashboard (DESIGN §6: they build on analysis, analysis does not import
them). A section is a function `(*, user, filters) -> dict` of template variables, registered when its app
starts (AppConfig.ready); the national comparison of imported counties (rake.exchange.comparison) is one."""

from collections.abc import Callable

_sections: list[Callable[..., dict]] = []


def register_dashboard_section(section: Callable[..., dict]) -> None:
    if section not in _sections:
        _sections.append(section)


def dashboard_sections(*, user, filters) -> dict:
    """The template variables of every registered section for this user and these filters."""
    context: dict = {}
    for section in _sections:
        context.update(section(user=user, filters=filters))
    return context
