"""What other apps add to the observation pages (DESIGN §6: `observations` never imports them).

Detail panels: boxes in the coordinator's view of an observation. An app registers
`panel(request, observation) -> HTML or None` with `add_detail_panel` in its AppConfig.ready(); the detail
view renders the registered panels in the coordinator's column, only for users who may triage the
observation.

"My observations" columns: an app registers a column with `add_mine_column(heading, cells)`, where
`cells(request, observations) -> {observation id: HTML}` fills the column for the whole page at once (one
call per page, not per row); a row without an entry shows a dash.

Panels and columns only show things: they must not change data.
"""

_detail_panels = []
_mine_columns = []


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


def add_mine_column(heading, cells):
    if all(registered != cells for _heading, registered in _mine_columns):
        _mine_columns.append((heading, cells))


def mine_columns(request, observations):
    """[{"heading", "cells": {observation id: HTML}}] of the registered columns, in registration order."""
    observations = list(observations)
    return [{"heading": heading, "cells": cells(request, observations)} for heading, cells in _mine_columns]
