"""FrameTableModel's update in place: new figures for the same rows without resetting the model.

A What-if move gives every table the same rows (agents, orders, buyers) with some figures changed. A model
reset would throw away the view's selection, current cell and scroll position and make it measure and
paint everything again; instead ``update_frame`` swaps the values of the changed columns, emits
``dataChanged`` for those columns only, and keeps the user's sort by moving rows with a layout change
(persistent indexes follow their rows, as in ``sort``). It answers False when the rows are not the same
(other length, another first column, other columns, or a filter whose rows would change): the caller then
sets the frame anew (FrameTableView keeps the selection by row key and the scroll position then).
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
import pandas as pd


def same_values(a: np.ndarray, b: np.ndarray) -> bool:
    """True when two of the model's column arrays (columns._native) hold the same values (NaN, NaT equal)."""
    if a is b:
        return True
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    kind = a.dtype.kind
    if kind in "fc":
        return bool(np.array_equal(a, b, equal_nan=True))
    if kind in "mM":
        return bool(np.array_equal(a.view("int64"), b.view("int64")))
    if kind == "O":
        try:
            return bool((a == b).all())
        except (TypeError, ValueError):  # objects that do not compare elementwise: not provably equal
            return False
    return bool(np.array_equal(a, b))


def same_rule(a, b) -> bool:
    """True when two colour rules colour alike: the same function, or closures of the same code over equal
    values (columns.lower_is_better(6, 10) made twice)."""
    if a is b:
        return True
    if a is None or b is None or getattr(a, "__code__", None) is not getattr(b, "__code__", None):
        return False
    cells_a, cells_b = a.__closure__ or (), b.__closure__ or ()
    try:
        return len(cells_a) == len(cells_b) and all(x.cell_contents == y.cell_contents
                                                      for x, y in zip(cells_a, cells_b))
    except ValueError:  # an empty cell
        return False


class InPlaceUpdate:
    """Mixed into FrameTableModel (uses its fields: _frame, _specs, _kinds, _values and the caches)."""

    def update_frame(self, df: Optional[pd.DataFrame], columns: Optional[Sequence] = None) -> bool:
        """Show ``df`` in place when it has the same rows and columns as the frame shown; True when done.

        Same rows: the same length and the same values in the first shown column (the row's key: agent,
        order, buyer, day), position by position. Only the changed columns are told (dataChanged); when
        the sort column changed, the rows move to their new places (layoutChanged, persistent indexes
        kept). False (nothing changed): the caller resets with ``set_frame``.
        """
        if df is None or not len(self._specs):
            return False
        frame = df.reset_index(drop=True)
        specs = self._specs_for(frame, columns)
        if [s.key for s in specs] != [s.key for s in self._specs] or len(frame) != self._n:
            return False
        kinds = [self._kind_of(spec, frame[spec.key]) for spec in specs]
        if kinds != self._kinds:
            return False
        values = list(self._values)
        changed = []
        for col, spec in enumerate(specs):
            new = self._shown_values(spec, frame[spec.key], kinds[col])
            if col == 0 and not same_values(new, self._values[0]):
                return False  # other rows (or the same rows in another order): not an update in place
            if not same_values(new, self._values[col]):
                values[col] = new
                changed.append(col)
            elif not same_rule(spec.colour, self._specs[col].colour):
                changed.append(col)  # the same figures against other targets: other colours
        if self._filter_text and self._filter_touched(changed):
            return False  # the filter's rows may change: the caller resets (and keeps the selection)
        self._frame, self._specs = frame, specs
        if not changed:
            return True
        self._values = values
        for col in changed:
            self._display[col] = self._cells[col] = self._lower[col] = None
            self._colours[col] = self._keys[col] = None
        if self._sort_column in changed:
            self.sort(self._sort_column, self._sort_order)  # layoutChanged: rows move, selection follows
        last = len(self._order) - 1
        if last >= 0:
            for lo, hi in _runs(changed):
                self.dataChanged.emit(self.index(0, lo), self.index(last, hi))
        return True

    def _filter_touched(self, changed: list) -> bool:
        keys = self._filter_columns
        return any(keys is None or self._specs[c].key in keys for c in changed)

    def _specs_for(self, frame: pd.DataFrame, columns: Optional[Sequence]) -> list:
        from .columns import ColumnSpec
        from .frame_table_model import COMMON_LABELS

        specs = []
        for col in (columns if columns is not None else list(frame.columns)):
            spec = col if isinstance(col, ColumnSpec) else ColumnSpec(str(col), COMMON_LABELS.get(str(col), str(col)))
            if spec.key in frame.columns:
                specs.append(spec)
        return specs

    @staticmethod
    def _kind_of(spec, series: pd.Series) -> str:
        from .columns import AUTO, _kind_for

        return _kind_for(series) if spec.kind == AUTO else spec.kind

    def row_keys(self, source_rows) -> list:
        """The first column's values of ``source_rows`` (the rows' keys, to find them again after a reset)."""
        if not self._values:
            return []
        first = self._values[0]
        return [first[int(r)] for r in source_rows if 0 <= int(r) < len(first)]

    def source_rows_of(self, keys: list) -> np.ndarray:
        """Source rows whose first column holds one of ``keys`` (the first such row of each key)."""
        if not self._values or not keys:
            return np.zeros(0, dtype=np.int64)
        values = pd.Series(self._values[0])
        firsts = values[~values.duplicated()]  # duplicate keys (an agent on several days): the first row of each
        found = pd.Index(firsts.to_numpy()).get_indexer(pd.Index(keys))
        return firsts.index.to_numpy()[found[found >= 0]].astype(np.int64)


def _runs(columns: list) -> list[tuple[int, int]]:
    """Consecutive runs of sorted column numbers: one dataChanged per run."""
    out: list[tuple[int, int]] = []
    for c in sorted(columns):
        if out and out[-1][1] == c - 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out

