"""Boxes other apps add to the coordinator's view of an observation (DESIGN §6: `observations` never
imports them). An app registers `panel(request, observation) -> HTML or None` with `add_detail_panel`
in its AppConfig.ready(); the detail view renders the registered panels in the coordinator's column,
only for users who may triage the observation. Panels only show things: they must not change data.
"""

_detail_panels = []


def add_detail_panel(panel):
    if panel not in _detail_panels:
        _detail_panels.append(panel)


def detail_panels(request, observation):
    """The HTML of each registered panel that has something to show, in registration order."""
    out = []
    for panel in _detail_panels:
        html = panel(request, observation)
        if html:
            out.append(html)
    return out
