"""Suppression: small counts hidden, and no hidden cell recoverable from published cells and totals."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from rake.privacy.suppression import TOTAL, Dimension, constraint_groups, suppress

AREA = Dimension("area", {"m1": "c1", "m2": "c1", "m3": "c1", "m4": "c2", "m5": "c2", "m6": "c3",
                          "c1": "FI", "c2": "FI", "c3": "FI"})
PERIOD = Dimension("period", {"2025-01": "2025Q1", "2025-02": "2025Q1", "2025-03": "2025Q1",
                              "2025-04": "2025Q2", "2025-05": "2025Q2", "2025Q1": "2025", "2025Q2": "2025"})
PHENOMENON = Dimension("phenomenon")
AREAS = ["m1", "m2", "m3", "m4", "m5", "m6"]
MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
PHENOMENA = ["homelessness", "livelihood", "mental_health"]


def recoverable_cells(table, dimensions):
    """Suppressed cells whose value is fixed by the published cells.

    Independent of the implementation (which works over leaf cells): here the unknowns are all hidden
    cells and the equations are the relations 'total = sum of parts'; a cell is fixed exactly when
    every vector of the equations' null space is zero at that cell."""
    hidden = sorted(table.suppressed, key=str)
    if not hidden:
        return []
    column = {key: i for i, key in enumerate(hidden)}
    rows = []
    for total, parts in constraint_groups(table.counts, dimensions):
        row = np.zeros(len(hidden))
        if total in column:
            row[column[total]] -= 1
        for part in parts:
            if part in column:
                row[column[part]] += 1
        if row.any():
            rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    _u, singular, vt = np.linalg.svd(matrix)
    rank = int(np.sum(singular > 1e-9))
    null_space = vt[rank:].T
    return [key for key, i in column.items() if null_space.shape[1] == 0 or np.allclose(null_space[i], 0, atol=1e-9)]


def test_primary_suppression_hides_small_counts_and_reads_as_the_hidden_mark():
    table = suppress({("m1",): 3, ("m2",): 12, ("m3",): 0, ("m4",): 5}, [AREA], threshold=5)
    assert table.published(("m1",)) is None
    assert table.display(("m1",)) == ".."
    assert table.published(("m3",)) == 0  # an empty cell is not hidden
    assert table.published(("m4",)) == 5  # k itself is shown
    assert ("m1",) in table.primary


def test_a_single_hidden_part_gets_a_partner():
    # c1 = m1 + m2 + m3: hiding only m1 would let m1 = c1 − m2 − m3.
    table = suppress({("m1",): 2, ("m2",): 40, ("m3",): 9}, [AREA], threshold=5)
    assert table.is_suppressed(("m3",))  # the smallest other part
    assert not table.is_suppressed(("m2",))
    assert recoverable_cells(table, [AREA]) == []


def test_api_rows_carry_null_counts_and_the_threshold():
    table = suppress({("m1",): 3, ("m2",): 12, ("m3",): 9}, [AREA], threshold=5)

    body = table.as_response([("m1",), ("m2",), ("c1",)], ["municipality"])

    assert body == {"threshold": 5, "rows": [
        {"municipality": "m1", "count": None, "suppressed": True},
        {"municipality": "m2", "count": 12, "suppressed": False},
        {"municipality": "c1", "count": 24, "suppressed": False},
    ]}
    assert table.is_suppressed(("m3",))  # the partner that keeps m1 = c1 − m2 − m3 unknown


def test_threshold_is_configurable():
    table = suppress({("m1",): 7, ("m2",): 30}, [AREA], threshold=10)
    assert table.is_suppressed(("m1",)) and table.display(("m1",)) == ".."  # the mark states no bound


def test_only_child_hides_its_parent():
    # c3 has a single municipality: its total equals m6.
    table = suppress({("m6",): 2, ("m1",): 50}, [AREA], threshold=5)
    assert table.is_suppressed(("c3",))
    assert recoverable_cells(table, [AREA]) == []


counts = st.integers(min_value=0, max_value=30)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from(AREAS), st.sampled_from(MONTHS)), counts, min_size=1))
def test_no_suppressed_cell_is_recoverable_area_by_month(cells):
    dimensions = [AREA, PERIOD]
    table = suppress(cells, dimensions, threshold=5)
    assert all(1 <= table.counts[key] < 5 for key in table.primary)
    assert all(table.counts[key] >= 5 or table.is_suppressed(key) for key in table.counts if table.counts[key])
    assert recoverable_cells(table, dimensions) == []


@settings(max_examples=30, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from(PHENOMENA), st.sampled_from(AREAS), st.sampled_from(MONTHS[:3])),
                       counts, min_size=1, max_size=25))
def test_no_suppressed_cell_is_recoverable_in_three_dimensions(cells):
    dimensions = [PHENOMENON, AREA, PERIOD]
    table = suppress(cells, dimensions, threshold=5)
    assert recoverable_cells(table, dimensions) == []
    assert table.counts.get((TOTAL, TOTAL, TOTAL), 0) == sum(cells.values())
    for key, count in table.counts.items():
        assert table.published(key) in (None, count)  # published numbers are true, never perturbed
        assert not 1 <= count < 5 or table.is_suppressed(key)
