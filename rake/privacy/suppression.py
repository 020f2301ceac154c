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
        """What a person reads: the number, or `<k` for a hidden cell (never 0)."""
        value = self.published(key)
        return f"<{self.threshold}" if value is None else str(value)


def build_cube(leaf_counts, dimensions):
    """Sum leaf counts to every combination of hierarchy levels."""
    cube = defaultdict(int)
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
    return dict(cube)


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
    cube = build_cube(leaf_counts, dimensions)
    primary = {key for key, n in cube.items() if 1 <= n < threshold}
    suppressed = set(primary)
    groups = constraint_groups(cube, dimensions)
    membership = defaultdict(list)
    for index, (total, parts) in enumerate(groups):
        for key in (total, *parts):
            membership[key].append(index)

    _complete_singletons(cube, groups, membership, suppressed, set(range(len(groups))))
    while True:
        determined = determined_cells(cube, groups, suppressed)
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


def determined_cells(cube, groups, suppressed):
    """Hidden cells whose value follows from the published cells through the relations.

    With the hidden cells as unknowns, a cell is determined exactly when its unit vector lies in the
    row space of the relations, i.e. when every vector of the null space is zero at that cell.
    """
    hidden = sorted(suppressed, key=_order)
    if not hidden:
        return set()
    column = {key: i for i, key in enumerate(hidden)}
    rows = []
    for total, parts in groups:
        entries = [(column[k], 1.0) for k in parts if k in column]
        if total in column:
            entries.append((column[total], -1.0))
        if entries:
            rows.append(entries)
    determined = set()
    for component in _components(rows, len(hidden)):
        columns = sorted(component)
        local = {c: i for i, c in enumerate(columns)}
        component_rows = [r for r in rows if r[0][0] in component]
        matrix = np.zeros((len(component_rows), len(columns)))
        for i, entries in enumerate(component_rows):
            for c, value in entries:
                matrix[i, local[c]] += value
        null_space = _null_space(matrix)
        for c in columns:
            if null_space.shape[1] == 0 or np.all(np.abs(null_space[local[c]]) < 1e-9):
                determined.add(hidden[c])
    return determined


def _components(rows, size):
    """Groups of unknowns linked by shared relations, solved separately to keep matrices small."""
    parent = list(range(size))

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for entries in rows:
        first = find(entries[0][0])
        for c, _value in entries[1:]:
            root = find(c)
            if root != first:
                parent[root] = first
    components = defaultdict(set)
    for c in range(size):
        components[find(c)].add(c)
    # Unknowns in no relation are free (not determined); they form components without rows.
    return list(components.values())


def _null_space(matrix):
    if matrix.shape[0] == 0:
        return np.eye(matrix.shape[1])
    _u, singular, vt = np.linalg.svd(matrix)
    tolerance = max(matrix.shape) * np.finfo(float).eps * (singular[0] if singular.size else 1.0)
    rank = int(np.sum(singular > max(tolerance, 1e-10)))
    return vt[rank:].T
