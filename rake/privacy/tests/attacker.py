"""The attacker of the disclosure tests: integer programmes over the hidden cells of what was published.

Written apart from rake.privacy.disclosure, so the tests check the module rather than repeat it: the
attacker's knowledge is stated by the caller (from what was published, not from the release's links). Every
hidden cell is an unknown of at least 1; published cells are constants; the caller states what the attacker
knows as sums that are equal or ordered.

The programme falls apart into groups of hidden cells that no stated sum links: a group's values do not
constrain another's (the true counts solve every group at once), so each group is solved on its own. That
is what keeps an attack on thousands of answers fast; it changes no bound.
"""

from collections import defaultdict

import highspy
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

TOLERANCE = 1e-6
CAP = 1e6  # no count comes near: a cap keeps every linear programme bounded, so each starts from the last one's basis


class Attacker:
    def __init__(self, known: dict, hidden):
        self.known = dict(known)
        self.hidden = sorted(set(hidden), key=str)
        self.column = {cell: i for i, cell in enumerate(self.hidden)}
        self.equalities, self.orderings = [], []  # (plus cells, minus cells)
        self._prepared = None
        self.stats = {"groups": 0, "largest_group": 0, "lp": 0, "milp": 0}

    def equal(self, plus, minus) -> None:
        """Σ plus = Σ minus (a total and its parts)."""
        self.equalities.append((list(plus), list(minus)))
        self._prepared = None

    def at_most(self, plus, minus) -> None:
        """Σ plus ≤ Σ minus (a part within its total; a total covered by its parts)."""
        self.orderings.append((list(plus), list(minus)))
        self._prepared = None

    def _row(self, plus, minus):
        """({column: coefficient}, right-hand side) of Σ plus − Σ minus, the published cells moved right."""
        coefficients, constant = defaultdict(int), 0
        for sign, group in ((1, plus), (-1, minus)):
            for cell in group:
                if cell in self.column:
                    coefficients[self.column[cell]] += sign
                else:
                    constant += sign * self.known.get(cell, 0)
        return {column: value for column, value in coefficients.items() if value}, -constant

    def _prepare(self):
        """Every stated sum that holds a hidden cell as (coefficients, rhs, equal), and the groups of hidden
        cells they link: {column: group}, {group: [column]}, {group: [row index]}."""
        if self._prepared is not None:
            return self._prepared
        rows = []
        for links, equal in ((self.equalities, True), (self.orderings, False)):
            for plus, minus in links:
                coefficients, rhs = self._row(plus, minus)
                if coefficients:
                    rows.append((coefficients, rhs, equal))
        parent = list(range(len(self.hidden)))

        def find(column):
            while parent[column] != column:
                parent[column] = parent[parent[column]]
                column = parent[column]
            return column

        for coefficients, _rhs, _equal in rows:
            first, *others = coefficients
            for other in others:
                a, b = find(first), find(other)
                if a != b:
                    parent[b] = a
        group_of = {column: find(column) for column in range(len(self.hidden))}
        members, group_rows = defaultdict(list), defaultdict(list)
        for column, group in group_of.items():
            members[group].append(column)
        for index, (coefficients, _rhs, _equal) in enumerate(rows):
            group_rows[group_of[next(iter(coefficients))]].append(index)
        self._prepared = rows, group_of, members, group_rows
        return self._prepared

    def _group(self, cell):
        """(columns of the cell's group, {column: position}, that group's rows)."""
        rows, group_of, members, group_rows = self._prepare()
        group = group_of[self.column[cell]]
        columns = members[group]
        return columns, {column: i for i, column in enumerate(columns)}, [rows[i] for i in group_rows[group]]

    @staticmethod
    def _constraints(position, rows):
        constraints = []
        for equal in (True, False):
            chosen = [(coefficients, rhs) for coefficients, rhs, is_equal in rows if is_equal == equal]
            if not chosen:
                continue
            data, indices, pointers = [], [], [0]
            for coefficients, _rhs in chosen:
                for column, value in coefficients.items():
                    indices.append(position[column])
                    data.append(value)
                pointers.append(len(indices))
            matrix = csr_array((data, indices, pointers), shape=(len(chosen), len(position)))
            rhs = np.array([rhs for _coefficients, rhs in chosen], dtype=float)
            constraints.append(LinearConstraint(matrix, rhs if equal else -np.inf, rhs))
        return constraints

    def bounds(self, cell) -> tuple[float, float]:
        """(least, most) whole-number values the hidden cell can take; most is inf when nothing bounds it."""
        columns, position, rows = self._group(cell)
        constraints = self._constraints(position, rows)
        found = []
        for sign in (1, -1):  # minimise, then maximise
            objective = np.zeros(len(columns))
            objective[position[self.column[cell]]] = sign
            self.stats["milp"] += 1
            result = milp(objective, constraints=constraints, integrality=np.ones(len(columns)),
                          bounds=Bounds(1, np.inf))
            if result.status in (3, 4):  # unbounded: the true counts are always a solution, so not infeasible
                found.append(np.inf)
                continue
            assert result.status == 0, result.message
            found.append(round(sign * result.fun))
        return found[0], found[1]

    def below(self, cells, threshold) -> dict:
        """{cell: (least, most)} for the hidden cells among `cells` that cannot reach `threshold`.

        Per group, a linear programme first: a linear maximum below the threshold bounds the whole-number
        one too; one that reaches it at a whole-number point is a solution that reaches it; otherwise an
        integer programme asks for a whole-number solution at the threshold. A whole-number solution found
        for one cell that already puts the threshold or more in another settles that one too."""
        rows, group_of, members, group_rows = self._prepare()
        targets = defaultdict(list)
        for cell in cells:
            targets[group_of[self.column[cell]]].append(self.column[cell])
        weak = {}
        for group, wanted in targets.items():
            columns = members[group]
            position = {column: i for i, column in enumerate(columns)}
            chosen = [rows[i] for i in group_rows[group]]
            self.stats["groups"] += 1
            self.stats["largest_group"] = max(self.stats["largest_group"], len(columns))
            n = len(columns)
            model = highspy.Highs()
            model.setOptionValue("output_flag", False)
            model.addVars(n, np.ones(n), np.full(n, CAP))
            for coefficients, rhs, equal in chosen:
                indices = np.array([position[column] for column in coefficients], dtype=np.int32)
                values = np.array(list(coefficients.values()), dtype=float)
                model.addRow(rhs if equal else -highspy.kHighsInf, rhs, len(indices), indices, values)
            model.changeObjectiveSense(highspy.ObjSense.kMaximize)
            everyone = np.arange(n, dtype=np.int32)
            constraints = None
            reached = np.zeros(n)  # per cell, the most a whole-number solution found so far puts there
            for column in wanted:
                if reached[position[column]] >= threshold:
                    continue  # a solution found for another cell already reaches the threshold here
                objective = np.zeros(n)
                objective[position[column]] = 1
                model.changeColsCost(n, everyone, objective)
                self.stats["lp"] += 1
                model.run()
                status = model.getModelStatus()
                assert status == highspy.HighsModelStatus.kOptimal, model.modelStatusToString(status)
                most = model.getInfo().objective_function_value
                cell = self.hidden[column]
                if most < threshold - TOLERANCE:
                    low, high = self.bounds(cell)  # without the cap
                    if high < threshold:
                        weak[cell] = low, high
                    continue
                solution = np.array(model.getSolution().col_value)
                if np.allclose(solution, np.round(solution), rtol=0, atol=TOLERANCE):
                    np.maximum(reached, np.round(solution), out=reached)
                    continue
                if constraints is None:
                    constraints = self._constraints(position, chosen)
                reach = LinearConstraint(objective.reshape(1, -1), threshold, np.inf)
                self.stats["milp"] += 1
                found = milp(np.zeros(n), constraints=[*constraints, reach], integrality=np.ones(n),
                             bounds=Bounds(1, np.inf))
                if found.status == 2:  # infeasible: no whole-number solution reaches the threshold
                    low, high = self.bounds(cell)  # without the cap
                    if high < threshold:
                        weak[cell] = low, high
                else:
                    assert found.status == 0, found.message
                    np.maximum(reached, np.round(found.x), out=reached)
        return weak
