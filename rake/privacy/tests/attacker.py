"""The attacker of the disclosure tests: integer programmes over the hidden cells of what was published.

Written apart from rake.privacy.disclosure (whose audit works component by component, linear programme
first), so the tests check the module rather than repeat it. Every hidden cell is an unknown of at least 1;
published cells are constants; the caller states what the attacker knows as sums that are equal or ordered.
"""

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


class Attacker:
    def __init__(self, known: dict, hidden):
        self.known = dict(known)
        self.hidden = sorted(set(hidden), key=str)
        self.column = {cell: i for i, cell in enumerate(self.hidden)}
        self.equalities, self.orderings = [], []  # (plus cells, minus cells)

    def equal(self, plus, minus) -> None:
        """Σ plus = Σ minus (a total and its parts)."""
        self.equalities.append((list(plus), list(minus)))

    def at_most(self, plus, minus) -> None:
        """Σ plus ≤ Σ minus (a part within its total; a total covered by its parts)."""
        self.orderings.append((list(plus), list(minus)))

    def _row(self, plus, minus):
        coefficients, constant = np.zeros(len(self.hidden)), 0
        for sign, group in ((1, plus), (-1, minus)):
            for cell in group:
                if cell in self.column:
                    coefficients[self.column[cell]] += sign
                else:
                    constant += sign * self.known.get(cell, 0)
        return coefficients, -constant

    def _constraints(self):
        constraints = []
        for links, equal in ((self.equalities, True), (self.orderings, False)):
            rows = [self._row(plus, minus) for plus, minus in links]
            rows = [(c, b) for c, b in rows if c.any()]
            if rows:
                matrix, rhs = np.array([c for c, _b in rows]), np.array([b for _c, b in rows])
                constraints.append(LinearConstraint(matrix, rhs if equal else -np.inf, rhs))
        return constraints

    def bounds(self, cell) -> tuple[float, float]:
        """(least, most) whole-number values the hidden cell can take; most is inf when nothing bounds it."""
        constraints = self._constraints()
        found = []
        for sign in (1, -1):  # minimise, then maximise
            objective = np.zeros(len(self.hidden))
            objective[self.column[cell]] = sign
            result = milp(objective, constraints=constraints, integrality=np.ones(len(self.hidden)),
                          bounds=Bounds(1, np.inf))
            if result.status in (3, 4):  # unbounded: the true counts are always a solution, so not infeasible
                found.append(np.inf)
                continue
            assert result.status == 0, result.message
            found.append(round(sign * result.fun))
        return found[0], found[1]
