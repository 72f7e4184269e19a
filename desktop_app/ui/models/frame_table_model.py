"""A fast read-only Qt table model over a pandas DataFrame (sort and filter by numpy index arrays).

The shapes follow Orange's ``AbstractSortTableModel`` and the Qt ``datavisualize`` example: every
column is pulled out of the frame once, display strings are formatted once per column (vectorised,
on first use) and ``data()`` only indexes arrays, so 100,000 rows scroll and sort without lag.
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
    QT_TRANSLATE_NOOP,
)

from .columns import (  # noqa: F401 - re-exported: other modules import them from here
    SortRole, RowRole, KeyRole, AUTO, TEXT, INT, FLOAT, PERCENT, MONEY, SECONDS, HOURS, DATETIME, DATE,
    BOOL, _NUMERIC_KINDS, NONE, GOOD, WARN, BAD, MUTED, ColourRule, ColumnSpec, PLATFORM_NAMES,
    platform_name, lower_is_better, higher_is_better, flag_is_bad, positive_is_bad, _BACKGROUNDS,
    _FOREGROUNDS, _MUTED_FOREGROUND, _RIGHT, _LEFT, _kind_for, _native, format_values, _sort_key,
)
from .frame_update import InPlaceUpdate


class FrameTableModel(InPlaceUpdate, QAbstractTableModel):
    """Read-only table over a DataFrame; the view sorts and filters through the model itself."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._specs: list[ColumnSpec] = []
        self._values: list[np.ndarray] = []
        #: per column: every display string (built vectorised when a filter/export needs them all)
        self._display: list[Optional[np.ndarray]] = []
        #: per column: strings formatted one cell at a time for painting (None = not yet)
        self._cells: list[Optional[np.ndarray]] = []
        self._lower: list[Optional[np.ndarray]] = []
        self._colours: list[Optional[np.ndarray]] = []
        #: per column: (key, missing) sort arrays, built on the first sort by that column
        self._keys: list[Optional[tuple[np.ndarray, np.ndarray]]] = []
        self._kinds: list[str] = []
        self._n = 0
        #: permutation of all source rows in the current sort order
        self._sorted = np.arange(0)
        #: source rows visible after the filter, in sort order; data() indexes through this
        self._order = np.arange(0)
        self._filter_text = ""
        self._filter_columns: Optional[list[str]] = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._muted: Optional[np.ndarray] = None
        #: per source row colour code (e.g. BAD for an overdue order); a column rule takes precedence
        self._row_codes: Optional[np.ndarray] = None

    # --- loading ----------------------------------------------------------------------
    def set_frame(self, df: Optional[pd.DataFrame], columns: Optional[Sequence] = None) -> None:
        """Show ``df`` (None clears). ``columns``: keys or ColumnSpecs; default all columns.

        Keys missing from the frame are skipped, so a producer that adds or lacks an optional
        column does not break the view.
        """
        self.beginResetModel()
        frame = df if df is not None else pd.DataFrame()
        specs: list[ColumnSpec] = []
        for col in (columns if columns is not None else list(frame.columns)):
            # a plain key gets a shared translated label when there is one (COMMON_LABELS)
            if isinstance(col, ColumnSpec):
                spec = col
            else:
                spec = ColumnSpec(str(col), COMMON_LABELS.get(str(col), str(col)))
            if spec.key in frame.columns:
                specs.append(spec)
        self._frame = frame.reset_index(drop=True)
        self._specs = specs
        self._kinds = []
        self._values = []
        for spec in specs:
            series = self._frame[spec.key]
            kind = _kind_for(series) if spec.kind == AUTO else spec.kind
            self._kinds.append(kind)
            self._values.append(self._shown_values(spec, series, kind))
        self._display = [None] * len(specs)
        self._cells = [None] * len(specs)
        self._lower = [None] * len(specs)
        self._colours = [None] * len(specs)
        self._keys = [None] * len(specs)
        self._n = len(self._frame)
        self._sorted = np.arange(self._n)
        self._muted = None
        self._row_codes = None
        self._sort_column = -1
        self._order = self._filtered(self._sorted)
        self.endResetModel()

    def frame(self) -> pd.DataFrame:
        """The frame given to ``set_frame`` (all rows, original order)."""
        return self._frame

    def specs(self) -> list[ColumnSpec]:
        return list(self._specs)

    def column_of(self, key: str) -> int:
        """Model column of a frame column key, -1 when not shown."""
        for i, spec in enumerate(self._specs):
            if spec.key == key:
                return i
        return -1

    def set_muted_rows(self, mask: Optional[np.ndarray]) -> None:
        """Grey out source rows where ``mask`` is True (e.g. orders already handled)."""
        self._muted = None if mask is None else np.asarray(mask, dtype=bool)
        if self._n and self._specs:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._order) - 1, len(self._specs) - 1),
                [Qt.ItemDataRole.ForegroundRole],
            )

    def set_row_states(self, codes: Optional[np.ndarray]) -> None:
        """Colour whole source rows (GOOD/WARN/BAD codes; 0 = none), e.g. overdue orders in red."""
        self._row_codes = None if codes is None else np.asarray(codes, dtype=np.int8)
        if self._n and self._specs:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._order) - 1, len(self._specs) - 1),
                [Qt.ItemDataRole.BackgroundRole],
            )

    def _cell_code(self, column: int, src: int) -> int:
        codes = self._colour_codes(column)
        code = int(codes[src]) if codes is not None else NONE
        if code == NONE and self._row_codes is not None and src < len(self._row_codes):
            code = int(self._row_codes[src])
        return code

    # --- per-column caches --------------------------------------------------------------
    def display_strings(self, column: int) -> np.ndarray:
        """All display strings of a model column, in source-row order (formatted once)."""
        cached = self._display[column]
        if cached is None:
            cached = format_values(self._values[column], self._kinds[column])
            self._display[column] = cached
        return cached

    def display_cell(self, source_row: int, column: int) -> str:
        """One display string. Painting asks only for the visible cells, so they are formatted one
        by one and cached instead of formatting 100k rows of every column before the first paint."""
        full = self._display[column]
        if full is not None:
            return full[source_row]
        cells = self._cells[column]
        if cells is None:
            cells = np.empty(self._n, dtype=object)  # all None
            self._cells[column] = cells
        text = cells[source_row]
        if text is None:
            values = self._values[column]
            text = format_values(values[source_row:source_row + 1], self._kinds[column])[0]
            cells[source_row] = text
        return text

    def sample_strings(self, column: int, source_rows: np.ndarray) -> np.ndarray:
        """Display strings of some rows (for measuring column widths) without formatting the rest."""
        full = self._display[column]
        if full is not None:
            return full[source_rows]
        return format_values(self._values[column][source_rows], self._kinds[column])

    def _colour_codes(self, column: int) -> Optional[np.ndarray]:
        rule = self._specs[column].colour
        if rule is None:
            return None
        cached = self._colours[column]
        if cached is None:
            cached = np.asarray(rule(self._values[column]), dtype=np.int8)
            self._colours[column] = cached
        return cached

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._specs)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if row >= len(self._order) or col >= len(self._specs):
            return None
        src = self._order[row]
        if role == Qt.ItemDataRole.DisplayRole or role == Qt.ItemDataRole.ToolTipRole:
            return self.display_cell(src, col)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._kinds[col] in _NUMERIC_KINDS else _LEFT
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BACKGROUNDS.get(self._cell_code(col, src))
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._muted is not None and src < len(self._muted) and self._muted[src]:
                return _MUTED_FOREGROUND
            return _FOREGROUNDS.get(self._cell_code(col, src))
        if role == SortRole:
            return self.native_value(src, col)
        if role == RowRole:
            return int(src)
        if role == KeyRole:
            return self._specs[col].key
        return None

    def native_value(self, source_row: int, column: int):
        """The cell's value as a plain Python object (None for gaps)."""
        v = self._values[column][source_row]
        kind = self._kinds[column]
        if kind in (DATETIME, DATE):
            return None if np.isnat(v) else pd.Timestamp(v).to_pydatetime()
        if kind == BOOL:
            return bool(v)
        if kind in _NUMERIC_KINDS:
            return None if np.isnan(v) else float(v)
        return str(v)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._specs):
                return None
            spec = self._specs[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.header_label(section)
            if role == Qt.ItemDataRole.ToolTipRole:
                tip = self.header_label(section)
                if spec.tooltip:
                    tip += "\n" + QCoreApplication.translate(spec.context, spec.tooltip)
                return tip
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT if self._kinds[section] in _NUMERIC_KINDS else _LEFT
            return None
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._order):
            return str(section + 1)
        return None

    def header_label(self, column: int) -> str:
        spec = self._specs[column]
        return QCoreApplication.translate(spec.context, spec.label or spec.key)

    def retranslate(self) -> None:
        """Headers are translated on each headerData call; tell the view to ask again.

        Platform columns show translated names, so their cells are rebuilt too.
        """
        if not self._specs:
            return
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._specs) - 1)
        for i, spec in enumerate(self._specs):
            if spec.key == "platform" and self._kinds[i] == TEXT:
                self._values[i] = self._shown_values(spec, self._frame[spec.key], TEXT)
                self._display[i] = self._cells[i] = self._lower[i] = self._keys[i] = None
                if self._n:
                    self.dataChanged.emit(self.index(0, i), self.index(len(self._order) - 1, i))

    @staticmethod
    def _shown_values(spec: ColumnSpec, series: pd.Series, kind: str) -> np.ndarray:
        values = _native(series, kind)
        if spec.key == "platform" and kind == TEXT:
            # the importers' codes (taobao, pdd, ...) read as the platforms' names
            names = {code: platform_name(code) for code in pd.unique(values)}
            values = np.array([names[v] for v in values], dtype=object)
        return values

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- sorting ------------------------------------------------------------------------
    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Stable sort on the native values; gaps last in both directions.

        Descending negates the key instead of reversing an ascending sort, so rows with equal
        values keep their previous relative order (the user can sort by a second column first).
        """
        if not 0 <= column < len(self._specs):
            return
        self.layoutAboutToBeChanged.emit()
        old_order = self._order
        persistent = self.persistentIndexList()
        old_sources = [int(old_order[i.row()]) if i.row() < len(old_order) else -1 for i in persistent]

        if self._keys[column] is None:
            self._keys[column] = _sort_key(self._values[column], self._kinds[column])
        key, missing = self._keys[column]
        if order == Qt.SortOrder.DescendingOrder:
            key = -key
        # Sort the current permutation so ties keep the order they had (multi-column sorting).
        k = key[self._sorted]
        m = missing[self._sorted]
        perm = np.lexsort((k, m))  # lexsort is stable; the last key (missing) is primary
        self._sorted = self._sorted[perm]
        self._sort_column, self._sort_order = column, order
        self._order = self._filtered(self._sorted)

        position = np.full(self._n, -1, dtype=np.int64)
        position[self._order] = np.arange(len(self._order))
        new_indexes = []
        for idx, src in zip(persistent, old_sources):
            row = position[src] if src >= 0 else -1
            new_indexes.append(self.index(int(row), idx.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, new_indexes)
        self.layoutChanged.emit()

    def sort_column(self) -> int:
        return self._sort_column

    # --- filtering ----------------------------------------------------------------------
    def set_filter(self, text: str, columns: Optional[Sequence[str]] = None) -> None:
        """Show rows whose displayed text contains ``text`` (case-insensitive) in any column.

        ``columns``: restrict to these keys. The test runs vectorised over each column's display
        strings (lower-cased once and cached), then the visible order is rebuilt from the mask.
        """
        self.beginResetModel()
        self._filter_text = (text or "").strip()
        self._filter_columns = list(columns) if columns else None
        self._order = self._filtered(self._sorted)
        self.endResetModel()

    def filter_text(self) -> str:
        return self._filter_text

    def _filtered(self, permutation: np.ndarray) -> np.ndarray:
        if not self._filter_text or self._n == 0:
            return permutation
        needle = self._filter_text.lower()
        mask = np.zeros(self._n, dtype=bool)
        for col, spec in enumerate(self._specs):
            if self._filter_columns and spec.key not in self._filter_columns:
                continue
            lower = self._lower[col]
            if lower is None:
                lower = pd.Series(self.display_strings(col), dtype="string")
                if self._kinds[col] == TEXT:
                    # numbers, times and ticks have no capitals: only free text needs lower-casing
                    lower = lower.str.lower()
                self._lower[col] = lower
            mask |= lower.str.contains(needle, regex=False).to_numpy(dtype=bool, na_value=False)
        return permutation[mask[permutation]]

    # --- rows and exports -----------------------------------------------------------------
    def source_row(self, row: int) -> int:
        """Source row (index into the frame given to set_frame) of a visible row."""
        return int(self._order[row])

    def visible_source_rows(self) -> np.ndarray:
        return self._order.copy()

    def frame_for_export(self) -> pd.DataFrame:
        """The visible rows in the visible order, shown columns only, native values."""
        keys = [spec.key for spec in self._specs]
        return self._frame.iloc[self._order][keys].reset_index(drop=True)

    def display_text(self, row: int, column: int) -> str:
        return str(self.display_cell(int(self._order[row]), column))


# Header labels shared by several views; collected by pyside6-lupdate under "FrameTableModel".
COMMON_LABELS = {
    "agent": QT_TRANSLATE_NOOP("FrameTableModel", "Agent"),
    "buyer": QT_TRANSLATE_NOOP("FrameTableModel", "Buyer"),
    "platform": QT_TRANSLATE_NOOP("FrameTableModel", "Platform"),
    "order_id": QT_TRANSLATE_NOOP("FrameTableModel", "Order"),
    "day": QT_TRANSLATE_NOOP("FrameTableModel", "Day"),
}

