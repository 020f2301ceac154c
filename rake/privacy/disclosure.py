"""Disclosure control for a set of linked tables protected together (DESIGN §4.2, ADR 0012).

The tables of a release (rake.analysis.release) share cells: a year's total is the margin of every table of
that year, a half-year is the sum of its quarters. The caller describes what links the cells:

- relations `(total, parts)`: the total is exactly the sum of the parts (a dimension with one value per
  record, such as polarity or municipality, or the months of a quarter);
- inclusions `(part, whole)`: every record of `part` is also in `whole`, so part ≤ whole (a value of a
  multi-valued dimension such as phenomenon: its records are among the table's without that dimension);
- covers `(whole, parts)`: every record of `whole` is in at least one part, so whole ≤ sum of the parts
  (every observation has at least one phenomenon).

The attacker sees every published cell, knows these links and that a hidden cell holds at least 1 (empty
cells are published as 0), and combines all of it by integer linear programming. A small cell (primary:
1 ≤ n < k) is protected when the attacker cannot rule out that it holds k or more: it is then never pinned
to one value, and its mark `..` says nothing the number would not.

Protection is monotone: hiding another cell only removes knowledge, so a cell once proved protected stays
protected, and only the cells still in doubt are checked again after each round of complementary cells.
"""

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import highspy
from scipy.optimize import Bounds, LinearConstraint, milp

Key = Hashable


@dataclass
class Protection:
    """What to publish: `value(key)` is the count, or None when the cell is hidden. Cells not in `counts`
    are empty and published as 0."""

    threshold: int
    counts: dict
    hidden: set
    primary: set
    rounds: int = 0
    stats: dict = field(default_factory=dict)

    def value(self, key: Key) -> int | None:
        if key in self.hidden:
            return None
        return self.counts.get(key, 0)


@dataclass
class Links:
    relations: list = field(default_factory=list)  # (total, [parts]): total = Σ parts
    inclusions: list = field(default_factory=list)  # (part, whole): part ≤ whole
    covers: list = field(default_factory=list)  # (whole, [parts]): whole ≤ Σ parts

    def members(self):
        """Every link as (index, kind, cells)."""
        for i, (total, parts) in enumerate(self.relations):
            yield ("relation", i), (total, *parts)
        for i, (part, whole) in enumerate(self.inclusions):
            yield ("inclusion", i), (part, whole)
        for i, (whole, parts) in enumerate(self.covers):
            yield ("cover", i), (whole, *parts)


def protect(
    counts: Mapping[Key, int],
    links: Links,
    *,
    threshold: int,
    candidates: Callable[[Key], Iterable[Key]],
    max_rounds: int = 1000,
) -> Protection:
    """Hide the small cells and enough others that the attacker above cannot bound any of them below k.

    `candidates(key)` lists the cells that may be hidden to protect `key` (its siblings, margins, the same
    cell in neighbouring periods); the smallest that lifts the attacker's bound to k is taken.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    counts = {key: int(n) for key, n in counts.items()}
    primary = {key for key, n in counts.items() if 1 <= n < threshold}
    hidden = set(primary)
    audit = _Audit(counts, links, threshold)
    _local_pass(counts, links, hidden, primary, threshold)
    doubtful = set(primary)
    rounds = 0
    while doubtful:
        rounds += 1
        if rounds > max_rounds:
            raise RuntimeError("disclosure control did not converge")
        weak = audit.unprotected(hidden, doubtful)
        doubtful = {key for key, _reach, _component in weak}
        if not weak:
            break
        added = set()
        first = {}
        for key, reach, component in weak:  # one partner per component and round
            first.setdefault(component, (key, reach))
        for key, reach in first.values():
            choice = _complement(reach, threshold, counts, hidden | added, candidates(key))
            if choice is None:
                # Every neighbour is hidden: take a published cell of the links that bound it.
                _cells, component_links = audit.component(key, hidden | added)
                bounding = [cell for link in sorted(component_links) for cell in audit.link_cells[link]]
                choice = _complement(reach, threshold, counts, hidden | added, bounding)
            if choice is not None:
                added.add(choice)
        if not added:
            raise RuntimeError("disclosure control found no cell left to hide")
        hidden |= added
        _local_pass(counts, links, hidden, primary, threshold)
    _publish_what_is_not_needed(audit, hidden, primary)
    return Protection(threshold=threshold, counts=counts, hidden=hidden, primary=primary, rounds=rounds,
                      stats=audit.stats)


def publish_offered(protection: Protection, links: Links, offered: Mapping[Key, int], offered_links: Links) -> Protection:
    """The protection with cells it did not hold added: each offered cell of k or more is published when
    doing so leaves every small cell protected, the largest first; the others stay hidden. (A release offers
    cells that depend on what was hidden, such as the small sub-themes of a phenomenon counted together.)

    A hidden offered cell only adds an unknown the attacker cannot bound better than the cells it is linked
    to; a small offered cell joins the primary cells that every later choice must keep protected."""
    threshold = protection.threshold
    counts = {**protection.counts, **{key: int(n) for key, n in offered.items()}}
    links = Links(relations=links.relations + offered_links.relations,
                  inclusions=links.inclusions + offered_links.inclusions,
                  covers=links.covers + offered_links.covers)
    primary = protection.primary | {key for key in offered if 1 <= counts[key] < threshold}
    hidden = protection.hidden | set(offered)
    audit = _Audit(counts, links, threshold)
    for cell in sorted(offered, key=lambda key: (-counts[key], str(key))):
        if counts[cell] < threshold:
            continue
        linked, _links = audit.component(cell, hidden - {cell})
        affected = linked & primary
        if not affected or not audit.unprotected(hidden - {cell}, affected, first_only=True):
            hidden.discard(cell)
    stats = {name: protection.stats.get(name, 0) + audit.stats.get(name, 0) for name in ("lp", "milp")}
    return Protection(threshold=threshold, counts=counts, hidden=hidden, primary=primary, rounds=protection.rounds,
                      stats={**protection.stats, **stats})


def _publish_what_is_not_needed(audit, hidden, primary):
    """Greedy choices overshoot: give back each complementary cell, the largest first, whose hiding no small
    cell needs. Publishing a cell fixes it at its true count, so a small cell whose witness (the solution
    that proved it can reach k) already holds that count stays protected; only the others are checked."""
    for cell in sorted(hidden - primary, key=lambda key: (-audit.counts[key], str(key))):
        linked, _links = audit.component(cell, hidden)
        affected = {small for small in linked & primary if audit.moves(small, cell)}
        if not affected or not audit.unprotected(hidden - {cell}, affected, first_only=True):
            hidden.discard(cell)


def _complement(reach, threshold, counts, hidden, candidates):
    """Among visible non-empty candidates, the smallest that lifts a bound of `reach` to k on its own (a
    hidden partner of n adds at most n − 1 to it), otherwise the largest."""
    visible = list(dict.fromkeys(near for near in candidates if near not in hidden and counts.get(near, 0) >= 1))
    if not visible:
        return None
    needed = threshold - reach + 1
    enough = [near for near in visible if counts[near] >= needed]
    if enough:
        return min(enough, key=lambda near: (counts[near], str(near)))
    return max(visible, key=lambda near: (counts[near], str(near)))


def _local_pass(counts, links, hidden, primary, threshold):
    """Cheap first protection, one total-and-parts relation at a time: with the total published, the hidden
    parts share what the published parts leave, so each can hold at most that minus one per other hidden
    part; a primary part below k gets the smallest partner that lifts it. A hidden total whose parts are
    all published would be their sum: it gets a hidden part."""
    changed = True
    while changed:
        changed = False
        for total, parts in links.relations:
            hidden_parts = [part for part in parts if part in hidden]
            if total in hidden:
                if total in primary and not hidden_parts:
                    choice = _complement(0, threshold, counts, hidden, parts)
                    if choice is not None:
                        hidden.add(choice)
                        changed = True
                continue
            small = [part for part in hidden_parts if part in primary]
            if not small:
                continue
            left = counts.get(total, 0) - sum(counts.get(part, 0) for part in parts if part not in hidden)
            reach = left - (len(hidden_parts) - 1)
            if reach >= threshold:
                continue
            choice = _complement(reach, threshold, counts, hidden, parts)
            if choice is None:
                continue
            hidden.add(choice)
            changed = True


class _Audit:
    """The attacker's integer programme over the hidden cells, one connected group of links at a time."""

    def __init__(self, counts, links, threshold):
        self.counts = counts
        self.links = list(links.members())
        self.threshold = threshold
        self.by_cell = defaultdict(list)
        for link, cells in self.links:
            for cell in cells:
                self.by_cell[cell].append(link)
        self.link_cells = dict(self.links)
        self.stats = {"lp": 0, "milp": 0, "largest_component": 0}
        # Per protected small cell, a solution in which it reaches k: {hidden cell: value}, or None when
        # nothing bounded it (then any change may matter).
        self.witness = {}

    def moves(self, small, cell) -> bool:
        """Whether the witness of `small` gives `cell` another value than its true count."""
        witness = self.witness.get(small)
        return witness is None or round(witness.get(cell, self.counts[cell])) != self.counts[cell]

    def component(self, start, hidden):
        """The hidden cells linked to `start` through links that hold a hidden cell, and those links."""
        cells, links, frontier = {start}, set(), [start]
        while frontier:
            cell = frontier.pop()
            for link in self.by_cell[cell]:
                if link in links:
                    continue
                links.add(link)
                for other in self.link_cells[link]:
                    if other in hidden and other not in cells:
                        cells.add(other)
                        frontier.append(other)
        return cells, links

    def unprotected(self, hidden, doubtful, *, first_only=False):
        """[(cell, bound, component id)] for doubtful primary cells the attacker can keep below k (only the
        first one found with `first_only`: enough to know a cell must stay hidden)."""
        weak = []
        done = {}
        for start in sorted(doubtful, key=str):
            if start in done:
                continue
            cells, links = self.component(start, hidden)
            component = min(cells, key=str)
            for cell in cells:
                done[cell] = component
            targets = [cell for cell in cells if cell in doubtful]
            self.stats["largest_component"] = max(self.stats["largest_component"], len(cells))
            weak.extend((cell, bound, component) for cell, bound in self._solve(sorted(cells, key=str), links,
                                                                               targets, first_only))
            if weak and first_only:
                break
        return weak

    def _solve(self, cells, links, targets, first_only=False):
        column = {cell: i for i, cell in enumerate(cells)}
        n = len(cells)
        equalities, upper = [], []  # rows (coefficients, right-hand side): == and ≤

        def row(plus=(), minus=()):
            coefficients, constant = np.zeros(n), 0
            for cell in plus:
                if cell in column:
                    coefficients[column[cell]] += 1
                else:
                    constant += self.counts.get(cell, 0)
            for cell in minus:
                if cell in column:
                    coefficients[column[cell]] -= 1
                else:
                    constant -= self.counts.get(cell, 0)
            return coefficients, -constant  # Σ coefficients·x (+ constant) → move the constant right

        for kind, index in links:
            link_cells = self.link_cells[(kind, index)]
            if kind == "relation":
                equalities.append(row(plus=link_cells[1:], minus=link_cells[:1]))  # Σ parts − total = 0
            elif kind == "inclusion":
                upper.append(row(plus=link_cells[:1], minus=link_cells[1:]))  # part − whole ≤ 0
            else:
                upper.append(row(plus=link_cells[:1], minus=link_cells[1:]))  # whole − Σ parts ≤ 0
        constraints = []  # the same, for the integer programme
        if equalities:
            constraints.append(LinearConstraint(np.array([r for r, _b in equalities]),
                                                *[np.array([b for _r, b in equalities])] * 2))
        if upper:
            constraints.append(LinearConstraint(np.array([r for r, _b in upper]), -np.inf,
                                                np.array([b for _r, b in upper])))
        # One HiGHS model per component; each target only changes the objective, so the simplex starts from
        # the previous optimum (scipy's linprog would build the model again for every target).
        model = highspy.Highs()
        model.setOptionValue("output_flag", False)
        model.addVars(n, np.ones(n), np.full(n, highspy.kHighsInf))
        for rows, equal in ((equalities, True), (upper, False)):
            for coefficients, rhs in rows:
                indices = np.flatnonzero(coefficients).astype(np.int32)
                model.addRow(rhs if equal else -highspy.kHighsInf, rhs, len(indices), indices, coefficients[indices])
        model.changeObjectiveSense(highspy.ObjSense.kMaximize)
        everyone = np.arange(n, dtype=np.int32)
        weak = []
        for cell in targets:
            objective = np.zeros(n)
            objective[column[cell]] = 1
            self.stats["lp"] += 1
            model.changeColsCost(n, everyone, objective)
            model.run()
            status = model.getModelStatus()
            if status not in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kUnbounded):
                # A restart from the previous basis can end undecided on a degenerate model: solve afresh.
                model.clearSolver()
                model.run()
                status = model.getModelStatus()
            if status == highspy.HighsModelStatus.kUnbounded:  # the attacker can put any number there
                self.witness[cell] = None
                continue
            if status != highspy.HighsModelStatus.kOptimal:
                raise RuntimeError(f"disclosure audit: linear programme failed ({model.modelStatusToString(status)})")
            solution = np.array(model.getSolution().col_value)
            bound = model.getInfo().objective_function_value
            if bound < self.threshold - 1e-6:
                weak.append((cell, int(np.floor(bound + 1e-6))))
                if first_only:
                    break
                continue
            if np.allclose(solution, np.round(solution), atol=1e-6):
                # The linear optimum is a whole-number solution already: the bound is real.
                self.witness[cell] = dict(zip(cells, solution))
                continue
            # The linear bound reaches k at a fractional point; make sure a whole-number solution does too.
            self.stats["milp"] += 1
            reach = LinearConstraint(objective.reshape(1, -1), self.threshold, np.inf)
            found = milp(np.zeros(n), constraints=[*constraints, reach], integrality=np.ones(n),
                         bounds=Bounds(1, np.inf))
            if found.status == 0:
                self.witness[cell] = dict(zip(cells, found.x))
                continue
            if found.status != 2:  # 2: infeasible; anything else is a solver failure, not an answer
                raise RuntimeError(f"disclosure audit: integer programme failed ({found.message})")
            weak.append((cell, self.threshold - 1))
            if first_only:
                break
        return weak
