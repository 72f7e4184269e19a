"""The first column (agent, order, buyer) frozen while the table scrolls sideways (Qt's frozen-column
example): a second view over the same model and selection, laid over the table's first column."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


class FrozenColumn(QTableView):
    """Shows column 0 of ``main`` on top of it; scrolls vertically with it, never sideways."""

    def __init__(self, main: QTableView) -> None:
        super().__init__(main)
        self.setObjectName("frozen_column")
        self.main = main
        self.setModel(main.model())
        self.setSelectionModel(main.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionBehavior(main.selectionBehavior())
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(main.verticalScrollMode())
        self.setAlternatingRowColors(main.alternatingRowColors())
        self.setStyleSheet("QTableView#frozen_column { border: none; border-right: 1px solid palette(mid); }")
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(main.verticalHeader().defaultSectionSize())
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._sort_first_column)
        main.horizontalHeader().sortIndicatorChanged.connect(self._show_sort_indicator)
        main.horizontalHeader().sectionResized.connect(self._on_section_resized)
        main.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(main.verticalScrollBar().setValue)
        for signal in (main.model().modelReset, main.model().layoutChanged, main.model().columnsInserted):
            signal.connect(self.sync_columns)
        main.viewport().stackUnder(self)
        main.installEventFilter(self)
        self.sync_columns()

    def sync_columns(self, *_args) -> None:
        """Only column 0, as wide as the table's."""
        columns = self.model().columnCount() if self.model() is not None else 0
        for col in range(columns):
            self.setColumnHidden(col, col != 0)
        if columns:
            self.setColumnWidth(0, self.main.columnWidth(0))
        self._show_sort_indicator(self.main.horizontalHeader().sortIndicatorSection(),
                                  self.main.horizontalHeader().sortIndicatorOrder())
        self.update_geometry()
        self.setVisible(columns > 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.main and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.update_geometry()
        return False

    def update_geometry(self) -> None:
        main = self.main
        frame = main.frameWidth()
        self.setGeometry(main.verticalHeader().width() + frame, frame, main.columnWidth(0),
                         main.viewport().height() + main.horizontalHeader().height())

    def _on_section_resized(self, index: int, _old: int, size: int) -> None:
        if index == 0:
            self.setColumnWidth(0, size)
            self.update_geometry()

    def _sort_first_column(self, index: int) -> None:
        # the table's header owns the sort: clicking here is clicking its first section
        header = self.main.horizontalHeader()
        ascending = Qt.SortOrder.AscendingOrder
        order = (Qt.SortOrder.DescendingOrder if header.sortIndicatorSection() == index
                 and header.sortIndicatorOrder() == ascending else ascending)
        header.setSortIndicator(index, order)

    def _show_sort_indicator(self, section: int, order: Qt.SortOrder) -> None:
        self.horizontalHeader().setSortIndicator(section if section == 0 else -1, order)
