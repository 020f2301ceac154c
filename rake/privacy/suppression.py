"""Statistical disclosure control for every count shown to a role without raw access (DESIGN §4.2).

Primary suppression hides counts 1 ≤ n < k. Complementary suppression then hides further cells so that
no hidden cell can be worked out by subtracting published cells from a published total: along every
dimension and every level of its hierarchy (municipality → county → country, month → quarter → year,
any category → all), a total and its parts never leave exactly one part hidden.

The table is treated as the whole cube of the requested dimensions at every level of their hierarchies,
because the dashboards publish those totals too. Zero cells are published as 0 and never suppressed
by the primary rule (an empty cell points at nobody).

Two passes: a fast one that never leaves a single hidden cell in any total-and-parts relation, then an
exact audit that solves the system of all relations at once (several relations together can pin a
cell down even when none does alone) and hides more cells until no hidden value is determined.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import product

import numpy as np

from .marks import shown

TOTAL = "*"


@dataclass(frozen=True)
class Dimension:
    """A table dimension. `parents` maps a value to its parent value; values without one roll up to TOTAL.

    Example: Dimension("area", {"179": "15", "15": "FI"}) gives municipality → county → country → TOTAL.
    """

    name: str
    parents: dict = field(default_factory=dict)

    def ancestors(self, value):
        """The value, its parent, grandparent … up to TOTAL."""
        chain = [value]
        seen = {value}
        while value != TOTAL:
            value = self.parents.get(value, TOTAL)
            if value in seen:  # a cycle in the hierarchy is a bug in the caller's data
                raise ValueError(f"cycle in the hierarchy of {self.name} at {value!r}")
            seen.add(value)
            chain.append(value)
        return chain


@dataclass
class SuppressedTable:
    threshold: int
    counts: dict  # key tuple → true count (every level, including totals)
    suppressed: set  # keys hidden
    primary: set  # keys hidden because they are small

    def is_suppressed(self, key):
        return key in self.suppressed

    def published(self, key):
        """The count to show, or None when it is suppressed. Keys never seen count as 0."""
        if key in self.suppressed:
            return None
        return self.counts.get(key, 0)

    def display(self, key):
        """What a person reads: the number, or the hidden mark ".." (rake.privacy.marks; never 0, no bound)."""
        return str(shown(self.published(key)))

    def rows(self, keys, names):
        """API rows for `keys`: `{name: value, …, "count": n | None, "suppressed": bool}` (DESIGN §5)."""
        rows = []
        for key in keys:
            row = dict(zip(names, key))
            row["count"] = self.published(key)
            row["suppressed"] = row["count"] is None
            rows.append(row)
        return rows

    def as_response(self, keys, names):
        """The body of a statistics response: the threshold and the rows."""
        return {"threshold": self.threshold, "rows": self.rows(keys, names)}


def build_cube(leaf_counts, dimensions):
    """Sum leaf counts to every combination of hierarchy levels.

    Returns (cube, leaves_under): the counts, and for every cell the leaf keys summed into it.
    """
    cube = defaultdict(int)
    leaves_under = defaultdict(list)
    chains = [dict() for _ in dimensions]
    for key, count in leaf_counts.items():
        if not count:
            continue
        levels = []
        for i, (dimension, value) in enumerate(zip(dimensions, key)):
            if value not in chains[i]:
                chains[i][value] = dimension.ancestors(value)
            levels.append(chains[i][value])
        for combination in product(*levels):
            cube[combination] += count
            leaves_under[combination].append(key)
    return dict(cube), dict(leaves_under)


def constraint_groups(cube, dimensions):
    """Every (total, parts) relation: a cell equals the sum of its children along one dimension."""
    children = [defaultdict(set) for _ in dimensions]
    for key in cube:
        for i, dimension in enumerate(dimensions):
            value = key[i]
            if value != TOTAL:
                parent = dimension.parents.get(value, TOTAL)
                children[i][parent].add(value)
    groups = []
    for key in cube:
        for i in range(len(dimensions)):
            kids = children[i].get(key[i])
            if not kids:
                continue
            parts = []
            for child in kids:
                child_key = key[:i] + (child,) + key[i + 1:]
                if child_key in cube:
                    parts.append(child_key)
            if parts:
                groups.append((key, sorted(parts, key=_order)))
    return groups


def _order(key):
    return tuple(str(v) for v in key)


def suppress(leaf_counts, dimensions, threshold=5):
    """Suppress a table given as {key tuple: count} at its finest level.

    Returns a SuppressedTable covering the whole cube (the leaf cells and every total).
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    dimensions = list(dimensions)
    cube, leaves_under = build_cube(leaf_counts, dimensions)
    primary = {key for key, n in cube.items() if 1 <= n < threshold}
    suppressed = set(primary)
    groups = constraint_groups(cube, dimensions)
    membership = defaultdict(list)
    for index, (total, parts) in enumerate(groups):
        for key in (total, *parts):
            membership[key].append(index)

    _complete_singletons(cube, groups, membership, suppressed, set(range(len(groups))))
    while True:
        determined = determined_cells(cube, leaves_under, suppressed)
        if not determined:
            break
        added = False
        for key in sorted(determined, key=_order):
            partner = _nearest_visible_partner(cube, groups, membership, suppressed, key)
            if partner is not None:
                suppressed.add(partner)
                _complete_singletons(cube, groups, membership, suppressed, set(membership[partner]))
                added = True
        if not added:  # everything around is hidden already; only a bug could bring us here
            raise RuntimeError("suppression could not protect every cell")
    return SuppressedTable(threshold=threshold, counts=cube, suppressed=suppressed, primary=primary)


def _complete_singletons(cube, groups, membership, suppressed, pending):
    """Hide a partner wherever exactly one member of a total-and-parts relation is hidden."""
    while pending:
        index = pending.pop()
        total, parts = groups[index]
        members = (total, *parts)
        hidden = [key for key in members if key in suppressed]
        if len(hidden) != 1:
            continue
        # Hide the smallest other part (a total only when no part is left): it costs the least information.
        candidates = [key for key in parts if key not in suppressed] or [total]
        candidates = [key for key in candidates if key not in suppressed]
        if not candidates:
            continue
        choice = min(candidates, key=lambda key: (cube[key], _order(key)))
        suppressed.add(choice)
        pending.update(membership[choice])


def _nearest_visible_partner(cube, groups, membership, suppressed, key):
    """The smallest visible cell sharing a relation with `key` (parts before totals), looking further
    out through hidden cells when every cell in its own relations is already hidden."""
    frontier, seen = [key], {key}
    while frontier:
        candidates, next_frontier = [], []
        for cell in frontier:
            for index in membership[cell]:
                total, parts = groups[index]
                for rank, members in ((0, parts), (1, (total,))):
                    for member in members:
                        if member not in suppressed:
                            candidates.append((rank, cube[member], _order(member), member))
                        elif member not in seen:
                            seen.add(member)
                            next_frontier.append(member)
        if candidates:
            return min(candidates)[3]
        frontier = next_frontier
    return None


def determined_cells(cube, leaves_under, suppressed):
    """Hidden cells whose value follows from the published cells.

    Every cell is the sum of the leaf cells under it, so the unknowns are the hidden leaves. Each
    published cell with hidden leaves under it gives one equation over them; a hidden cell is fixed
    exactly when its own equation (the sum of its hidden leaves) is a combination of those, i.e. lies
    in their row space. Working over leaves keeps the matrices small: sparse tables have few published
    cells, dense ones few hidden leaves.
    """
    hidden_leaves = sorted((key for key in suppressed if leaves_under.get(key) == [key]), key=_order)
    column = {key: i for i, key in enumerate(hidden_leaves)}
    hidden = sorted(suppressed, key=_order)

    def indicator_rows(keys):
        matrix = np.zeros((len(keys), len(hidden_leaves)))
        for i, key in enumerate(keys):
            for leaf in leaves_under[key]:
                j = column.get(leaf)
                if j is not None:
                    matrix[i, j] = 1.0
        return matrix

    targets = indicator_rows(hidden)
    if not hidden_leaves:
        return set(hidden)  # only totals are hidden, and their leaves are all published
    informative = [key for key in cube if key not in suppressed and any(l in column for l in leaves_under[key])]
    equations = indicator_rows(informative)
    if equations.shape[0]:
        _u, singular, vt = np.linalg.svd(equations, full_matrices=False)
        rank = int(np.sum(singular > 1e-9 * max(1.0, singular[0])))
        basis = vt[:rank]
        residual = targets - (targets @ basis.T) @ basis
    else:
        residual = targets
    fixed = np.linalg.norm(residual, axis=1) < 1e-7
    return {key for key, is_fixed in zip(hidden, fixed) if is_fixed}


