"""Joint protection of linked tables (rake.privacy.disclosure): small cells hidden, and no combination of the
published cells and links bounds a hidden small cell below k."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rake.privacy.disclosure import Links, protect, publish_offered
from rake.privacy.tests.attacker import Attacker


def _neighbours(links):
    near = {}
    for _kind, cells in links.members():
        for cell in cells:
            near.setdefault(cell, set()).update(cells)
    return lambda key: sorted(near.get(key, set()) - {key}, key=str)


def _attacker_max(protection, links, cell):
    """The most the attacker can put in a hidden cell, knowing every link."""
    attacker = Attacker({key: n for key, n in protection.counts.items() if key not in protection.hidden},
                        protection.hidden)
    for total, parts in links.relations:
        attacker.equal(parts, [total])
    for part, whole in links.inclusions:
        attacker.at_most([part], [whole])
    for whole, parts in links.covers:
        attacker.at_most([whole], parts)
    return attacker.bounds(cell)[1]


def test_a_small_part_and_its_partner_are_hidden_and_the_rest_published():
    # Homelessness 25 = negative 14 + positive 1 + mixed 10 (the report).
    links = Links(relations=[("all", ["neg", "pos", "mixed"])])
    protection = protect({"all": 25, "neg": 14, "pos": 1, "mixed": 10}, links, threshold=5,
                         candidates=_neighbours(links))
    assert protection.hidden == {"pos", "mixed"}
    assert protection.value("neg") == 14 and protection.value("all") == 25 and protection.value("pos") is None
    assert _attacker_max(protection, links, "pos") >= 5  # positive + mixed = 11: positive may be up to 10


def test_two_hidden_ones_that_would_sum_to_two_get_a_third_partner():
    # Without a third, 16 − 14 = 2 = 1 + 1 pins both (a hidden cell is at least 1).
    links = Links(relations=[("all", ["neg", "pos", "mixed", "other"])])
    protection = protect({"all": 26, "neg": 14, "pos": 1, "mixed": 1, "other": 10}, links, threshold=5,
                         candidates=_neighbours(links))
    assert {"pos", "mixed", "other"} <= protection.hidden
    assert _attacker_max(protection, links, "pos") >= 5 and _attacker_max(protection, links, "mixed") >= 5


def _offer(value):
    """20 = a 17 + b 3 (b small, a its hidden partner), and an offered cell covered by a alone (such as the
    other sub-themes of a phenomenon: at most the sum of the hidden ones)."""
    links = Links(relations=[("all", ["a", "b"])])
    protection = protect({"all": 20, "a": 17, "b": 3}, links, threshold=5, candidates=_neighbours(links))
    assert protection.hidden == {"a", "b"}
    offered_links = Links(inclusions=[("o", "all")], covers=[("o", ["a"])])
    both = Links(relations=links.relations, inclusions=offered_links.inclusions, covers=offered_links.covers)
    return publish_offered(protection, links, {"o": value}, offered_links), both


def test_an_offered_cell_that_would_bound_a_small_one_below_k_stays_hidden():
    # Published, 17 would say a ≥ 17, so b = 20 − a ≤ 3.
    protection, links = _offer(17)
    assert protection.value("o") is None and protection.hidden == {"a", "b", "o"}


def test_an_offered_cell_that_leaves_every_small_one_protected_is_published():
    # 10 says a ≥ 10: b may still be up to 10.
    protection, links = _offer(10)
    assert protection.value("o") == 10 and protection.hidden == {"a", "b"}
    assert _attacker_max(protection, links, "b") >= 5


def test_a_small_offered_cell_is_hidden():
    protection, _links = _offer(3)
    assert protection.value("o") is None and "o" in protection.primary


def test_a_value_of_a_multi_valued_dimension_is_bounded_by_its_total_only():
    # Phenomena overlap, so their cells need not add up to the total: a small one stays alone.
    links = Links(inclusions=[(p, "all") for p in ("a", "b", "c")], covers=[("all", ["a", "b", "c"])])
    protection = protect({"all": 30, "a": 20, "b": 12, "c": 2}, links, threshold=5, candidates=_neighbours(links))
    assert protection.hidden == {"c"}
    assert _attacker_max(protection, links, "c") >= 5


def _two_way(grid):
    """A rows × 3 table with row, column and grand totals: (counts, links)."""
    counts, links = {}, Links()
    for r, row in enumerate(grid):
        for c, n in enumerate(row):
            if n:
                counts[(r, c)] = n
    rows, cols = range(len(grid)), range(3)
    for r in rows:
        counts[(r, "*")] = sum(grid[r])
        links.relations.append(((r, "*"), [(r, c) for c in cols if (r, c) in counts]))
    for c in cols:
        counts[("*", c)] = sum(grid[r][c] for r in rows)
        links.relations.append((("*", c), [(r, c) for r in rows if (r, c) in counts]))
    counts[("*", "*")] = sum(map(sum, grid))
    links.relations.append((("*", "*"), [(r, "*") for r in rows]))
    links.relations.append((("*", "*"), [("*", c) for c in cols]))
    counts = {key: n for key, n in counts.items() if n}
    links.relations = [(total, [p for p in parts if p in counts]) for total, parts in links.relations if total in counts]
    return counts, links


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=3, max_size=3), min_size=2, max_size=4),
       st.integers(2, 6))
def test_random_two_way_tables_with_margins_never_bound_a_small_cell_below_k(grid, threshold):
    """A rows × 3 table with row, column and grand totals, protected and then attacked."""
    counts, links = _two_way(grid)
    protection = protect(counts, links, threshold=threshold, candidates=_neighbours(links))
    assert protection.primary == {key for key, n in counts.items() if n < threshold}
    for key, n in counts.items():
        assert protection.value(key) in (n, None)
    for key in protection.primary:
        assert _attacker_max(protection, links, key) >= threshold, (grid, key)


@pytest.mark.parametrize("hash_seed", ["4", "10"])
def test_a_solver_restart_that_ends_undecided_is_solved_afresh(hash_seed):
    """Hypothesis found it: with these hash seeds the cells come in an order in which HiGHS, restarting from the
    previous basis, ends with status "unknown" on [[1, 1, 1], [1, 1, 1]]. The audit must solve such a model
    again from scratch rather than fail."""
    script = ("from rake.privacy.tests.test_disclosure import _two_way, _neighbours, protect\n"
              "counts, links = _two_way([[1, 1, 1], [1, 1, 1]])\n"
              "for _ in range(5):\n"
              "    protect(counts, links, threshold=3, candidates=_neighbours(links))\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[3],
                            env={**os.environ, "PYTHONHASHSEED": hash_seed}, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
