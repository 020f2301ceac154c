"""Helpers for the proposal service tests: a proposal in a given status, made through the services."""

from rake.proposals import services

# The actions that lead from a draft to each status, in order.
PATH = {
    "draft": [],
    "submitted": [("submit", {})],
    "under_consideration": [("submit", {}), ("consider", {})],
    "decided": [("submit", {}), ("consider", {}),
                ("decide", {"outcome": "accepted", "decision_text": "Lautakunta hyväksyi esityksen."})],
    "in_progress": [("submit", {}), ("consider", {}),
                    ("decide", {"outcome": "accepted", "decision_text": "Lautakunta hyväksyi esityksen."}),
                    ("start", {})],
    "implemented": [("submit", {}), ("consider", {}),
                    ("decide", {"outcome": "accepted", "decision_text": "Lautakunta hyväksyi esityksen."}),
                    ("start", {}), ("implement", {})],
    "closed": [("submit", {}), ("consider", {}),
               ("decide", {"outcome": "rejected", "decision_text": "Lautakunta hylkäsi esityksen."}),
               ("close", {})],
}


def make_proposal(user, *, status="draft", observations=(), **fields):
    fields.setdefault("title", "Nuorten asumisneuvonta kaikkiin kuntiin")
    fields.setdefault("rationale", "Nuorten asunnottomuus on lisääntynyt.")
    fields.setdefault("addressee", "Sosiaali- ja terveyslautakunta")
    if not observations and "parent" not in fields and "publication" not in fields:
        fields.setdefault("phenomenon", "homelessness")
    proposal = services.proposal_create(user=user, observations=observations, **fields)
    return move(user, proposal, status)


def move(user, proposal, status):
    for action, data in PATH[status]:
        proposal = services.proposal_transition(user=user, proposal=proposal, action=action, data=data)
    return proposal
