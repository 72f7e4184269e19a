"""The main window: sidebar of pages, menus, toolbar, date range, background import and compute.

Flow: open files -> each file is read off the GUI thread (registry.load_file; an unrecognised
one goes through the mapping dialog) -> the store keeps the rows -> the store's dataset for the
chosen date range -> model.compute off the GUI thread -> every view's ``set_results``. A new
import cancels the one in flight; a failure shows an error dialog and leaves the previous data
on screen; skipped rows are listed on the Problems page.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional

import pandas as pd
from PySide6.QtCore import QDate, QEvent, QLocale, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core.errors import InputError, RowProblem, UnrecognisedFormat
from ..core.money_symbol import DEFAULT_SYMBOL, export_currency
from ..core.model.settings import ModelSettings
from .dialogs.error_dialog import show_error
from .i18n import LANGUAGE_NAMES, Translators, resolve_language
from .paths import log_dir, resource_path
from .problems_view import (
    STATUS_CANCELLED,
    STATUS_FAILED,
    STATUS_IMPORTED,
    STATUS_READING,
    STATUS_UNRECOGNISED,
    FileStatus,
    ProblemsView,
)
from .repository import DataRepository
from .tasks import ImportBatch, compute_results, drill_frame, load_files, sample_paths
from .settings import AppSettings
from .start_page import StartPage
from . import bilingual, money
from .workers import TaskFailure, TaskHandle, TaskRunner

#: the model's kept scratch memory goes back to the system after this long without a new run
MEMORY_IDLE_MS = 120_000

#: page keys in sidebar order
PAGE_START = "start"
PAGE_OVERVIEW = "overview"
PAGE_AGENTS = "agents"
PAGE_CONVERSATIONS = "conversations"
PAGE_ORDERS = "orders"
PAGE_CUSTOMERS = "customers"
PAGE_TRENDS = "trends"
PAGE_PROBLEMS = "problems"

#: views written by the views engineers: page -> (module, class)
VIEW_CLASSES = {
    PAGE_OVERVIEW: ("desktop_app.ui.views.overview", "OverviewView"),
    PAGE_AGENTS: ("desktop_app.ui.views.agents", "AgentsView"),
    PAGE_CONVERSATIONS: ("desktop_app.ui.views.conversations", "ConversationsView"),
    PAGE_ORDERS: ("desktop_app.ui.views.orders", "OrdersView"),
    PAGE_CUSTOMERS: ("desktop_app.ui.views.customers", "CustomersView"),
    PAGE_TRENDS: ("desktop_app.ui.views.trends", "TrendsView"),
}

#: date range presets
RANGE_ALL = "all"
RANGE_TODAY = "today"
RANGE_YESTERDAY = "yesterday"
RANGE_LAST7 = "last7"
RANGE_CUSTOM = "custom"

#: marker: the store's date range has not been read since the last import
_UNKNOWN = object()

#: file types offered by the Open dialog
FILE_SUFFIXES = ("*.csv", "*.xlsx", "*.xlsm", "*.xls", "*.txt")


class PlaceholderView(QWidget):
    """Stands in for a view module missing from this build; keeps the window usable."""

    def __init__(self, name: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.name = name
        self.results = None
        layout = QVBoxLayout(self)
        self.label = QLabel(self.tr("This view is not available in this build: %1").replace("%1", name))
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.label)

    def set_results(self, results: Any) -> None:
        self.results = results


def _make_view(page: str) -> QWidget:
    module_name, class_name = VIEW_CLASSES[page]
    try:
        module = importlib.import_module(module_name)
        cls = getattr(module, class_name)
    except (ImportError, AttributeError):
        return PlaceholderView(page)
    return cls()


#: the demo shop: days of made-up data and the first day (ends 2026-11-20, as the default sample)
DEMO_DAYS, DEMO_START = 14, "2026-11-07"


class MainWindow(QMainWindow):
    """The workstation's window. ``open_files`` is the public entry point for data."""

    #: emitted after each recompute with the new model.results.Results
    results_changed = Signal(object)
    #: emitted after each import finished (the ImportBatch), before the recompute
    import_finished = Signal(object)
    #: emitted when an import or compute failed (TaskFailure or exception)
    task_failed = Signal(object)
    #: emitted when a report was written (its path)
    report_written = Signal(str)

    def __init__(
        self,
        data_dir: Path,
        settings: AppSettings,
        translators: Optional[Translators] = None,
        parent: Optional[QWidget] = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.data_dir = Path(data_dir)
        self.settings = settings
        money.set_symbol(settings.currency)
        self.translators = translators or Translators()
        if translators is None:
            self.translators.install(resolve_language(settings.language))
        self.model_settings: ModelSettings = settings.model_settings
        #: the shop's own history; the demo shop lives in a store of its own (see open_demo)
        self.shop_repository = DataRepository(self.data_dir, keep_full_contacts=settings.keep_full_contacts)
        self.demo_repository: Optional[DataRepository] = None
        #: the store the window currently shows and imports into
        self.repository = self.shop_repository
        self.runner = TaskRunner(self)
        self.results: Any = None
        self.dataset: Any = None
        self.trends: Any = None
        self.last_error: Optional[BaseException] = None
        self.last_error_box = None
        self.mapping_dialog = None
        self._pending_unrecognised: list[tuple[str, UnrecognisedFormat]] = []
        #: what the last import skipped, said in the status line once its figures are shown
        self._import_note = ""
        self._import_handle: Optional[TaskHandle] = None
        self._compute_handle: Optional[TaskHandle] = None
        self._mapping_store = self._open_mapping_store()
        self._data_range: Any = _UNKNOWN
        #: set by closeEvent: the store is closed, nothing may start any more
        self._closed = False

        icon_path = resource_path("icons/desktop-app.png")
        if icon_path.exists():
            self.setWindowIcon(QIcon(str(icon_path)))
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self._build_pages()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self.retranslate()
        self._restore_state()
        self.start_page.set_recent_files(self.settings.recent_files)
        self._list_earlier_imports()

    # ------------------------------------------------------------------------------------------
    # construction
    def _open_mapping_store(self) -> Any:
        try:
            from ..core.importers.mapping import MappingStore
        except ImportError:
            return None
        try:
            return MappingStore(self.data_dir / "column_mappings.json")
        except Exception:
            return None

    def _build_pages(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setMinimumWidth(110)
        self.sidebar.setMaximumWidth(260)
        # roomy items: the sidebar is the app's main navigation, used with the mouse all day
        self.sidebar.setStyleSheet("QListWidget#sidebar { font-size: 11pt; }"
                                   "QListWidget#sidebar::item { padding: 7px 12px; }")
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        self.start_page = StartPage()
        self.start_page.open_requested.connect(self.choose_files)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_activated.connect(lambda p: self.open_files([p]))
        self.problems_view = ProblemsView()
        self.problems_view.reopen_requested.connect(lambda p: self.open_files([p]))
        self.views: dict[str, QWidget] = {}
        self.page_keys: list[str] = []
        for key in (PAGE_START, PAGE_OVERVIEW, PAGE_AGENTS, PAGE_CONVERSATIONS, PAGE_ORDERS,
                    PAGE_CUSTOMERS, PAGE_TRENDS, PAGE_PROBLEMS):
            if key == PAGE_START:
                widget: QWidget = self.start_page
            elif key == PAGE_PROBLEMS:
                widget = self.problems_view
            else:
                widget = _make_view(key)
                widget.setObjectName(f"view_{key}")
                self.views[key] = widget
            self.page_keys.append(key)
            self.stack.addWidget(widget)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([140, 1130])
        self.setCentralWidget(self.splitter)
        self._connect_view_signals()

    def _connect_view_signals(self) -> None:
        agents = self.views.get(PAGE_AGENTS)
        if agents is not None and hasattr(agents, "drill_requested"):
            agents.drill_requested.connect(self.drill_down)
        orders = self.views.get(PAGE_ORDERS)
        if orders is not None and hasattr(orders, "handled_requested"):
            orders.handled_requested.connect(self.mark_handled)
        overview = self.views.get(PAGE_OVERVIEW)
        if overview is not None and hasattr(overview, "card_activated"):
            overview.card_activated.connect(self.open_card)
        if overview is not None and hasattr(overview, "day_changed"):
            overview.day_changed.connect(self._sync_day)
        customers = self.views.get(PAGE_CUSTOMERS)
        if customers is not None and hasattr(customers, "set_unmasked"):
            # the privacy preference decides the start; the view's own toggle lasts for the session
            customers.set_unmasked(not self.settings.mask_pii)

    #: Overview card -> (page, order check to show there)
    CARD_TARGETS = {
        "unshipped_overdue": (PAGE_ORDERS, "unshipped"),
        "out_of_stock": (PAGE_ORDERS, "out_of_stock"),
        "unpaid_due": (PAGE_ORDERS, "unpaid"),
        "conversion": (PAGE_AGENTS, None),
        "first_response": (PAGE_AGENTS, None),
        "response": (PAGE_AGENTS, None),
        "sales": (PAGE_AGENTS, None),
        "aov": (PAGE_AGENTS, None),
        "paying_buyers": (PAGE_CUSTOMERS, None),
        "silent_inquiry": (PAGE_TRENDS, None),
    }

    def open_card(self, key: str) -> None:
        """An Overview card was clicked: open the page (and order check) behind the figure."""
        page, check = self.CARD_TARGETS.get(key, (None, None))
        if page is None:
            return
        view = self.views.get(page)
        if check and hasattr(view, "show_check"):
            view.show_check(check)
        self.show_page(page)

    def _sync_day(self, day: Any) -> None:
        """The Overview's day picks the Agents page's day too (one day under review at a time)."""
        agents = self.views.get(PAGE_AGENTS)
        if hasattr(agents, "set_day"):
            agents.set_day(day)

    def mask_pii_now(self) -> bool:
        """Mask contact details in exports: the preference, unless unmasked on the Customers page."""
        customers = self.views.get(PAGE_CUSTOMERS)
        unmasked = bool(customers.is_unmasked()) if hasattr(customers, "is_unmasked") else False
        return self.settings.mask_pii and not unmasked

    def _build_actions(self) -> None:
        def action(name: str, slot, shortcut=None) -> QAction:
            a = QAction(self)
            a.setObjectName(name)
            if shortcut is not None:
                a.setShortcut(shortcut)
            a.triggered.connect(slot)
            return a

        self.act_open = action("act_open", self.choose_files, QKeySequence.StandardKey.Open)
        self.act_demo = action("act_demo", self.open_demo)
        self.act_export = action("act_export", self.choose_report_path, QKeySequence("Ctrl+E"))
        # explicit keys: Windows has no standard Quit shortcut, and macOS maps Refresh to Cmd+R only
        self.act_quit = action("act_quit", self.close, QKeySequence("Ctrl+Q"))
        self.act_refresh = action("act_refresh", self.recompute, QKeySequence("F5"))
        self.act_find = action("act_find", self.focus_filter, QKeySequence.StandardKey.Find)
        self.act_settings = action("act_settings", self.open_settings)
        self.act_about = action("act_about", self.show_about)
        self.act_clear_recent = action("act_clear_recent", self._clear_recent)
        self.act_open_data_dir = action("act_open_data_dir", lambda: self._open_folder(self.data_dir))
        self.act_open_log_dir = action("act_open_log_dir", lambda: self._open_folder(log_dir()))
        self.act_export.setEnabled(False)
        # Ctrl+1 … Ctrl+8 jump to the pages in sidebar order (keyboard users, supervisors' habits)
        self.page_actions: list[QAction] = []
        for i, key in enumerate(self.page_keys):
            a = action(f"act_page_{key}", lambda checked=False, key=key: self.show_page(key),
                       QKeySequence(f"Ctrl+{i + 1}"))
            self.addAction(a)
            self.page_actions.append(a)
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for lang, name in LANGUAGE_NAMES.items():
            a = QAction(name, self)  # each language is named in its own script, never translated
            a.setCheckable(True)
            a.setObjectName(f"act_lang_{lang}")
            a.triggered.connect(lambda checked=False, lang=lang: self.set_language(lang))
            self.language_group.addAction(a)
            self.language_actions[lang] = a
        self.language_actions.get(self.translators.language, self.language_actions["en"]).setChecked(True)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_file.addAction(self.act_open)
        self.menu_recent = QMenu(self)
        self.menu_recent.aboutToShow.connect(self._fill_recent_menu)
        self.menu_file.addMenu(self.menu_recent)
        self.menu_file.addAction(self.act_demo)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_export)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(self.act_refresh)
        self.menu_view.addAction(self.act_find)
        self.menu_tools = bar.addMenu("")
        self.menu_tools.addAction(self.act_settings)
        self.menu_language = QMenu(self)
        for a in self.language_actions.values():
            self.menu_language.addAction(a)
        self.menu_tools.addMenu(self.menu_language)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_open_data_dir)
        self.menu_help.addAction(self.act_open_log_dir)
        self.menu_help.addSeparator()
        self.menu_help.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        tb = QToolBar()
        tb.setObjectName("main_toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addAction(self.act_open)
        tb.addAction(self.act_demo)
        tb.addAction(self.act_refresh)
        tb.addAction(self.act_export)
        tb.addAction(self.act_settings)
        tb.addSeparator()
        self.range_label = QLabel()
        tb.addWidget(self.range_label)
        self.range_combo = QComboBox()
        self.range_combo.setObjectName("range_combo")
        for key in (RANGE_ALL, RANGE_TODAY, RANGE_YESTERDAY, RANGE_LAST7, RANGE_CUSTOM):
            self.range_combo.addItem("", key)
        tb.addWidget(self.range_combo)
        self.date_from = QDateEdit()
        self.date_from.setObjectName("date_from")
        self.date_to = QDateEdit()
        self.date_to.setObjectName("date_to")
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setEnabled(False)
        tb.addWidget(self.date_from)
        self.range_dash = QLabel(" – ")
        tb.addWidget(self.range_dash)
        tb.addWidget(self.date_to)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        self.toolbar = tb
        saved = self.settings.date_range
        idx = self.range_combo.findData(saved)
        self.range_combo.setCurrentIndex(max(0, idx))
        self.range_combo.currentIndexChanged.connect(self._on_range_changed)
        self._dates_timer = QTimer(self)
        self._dates_timer.setSingleShot(True)
        self._dates_timer.setInterval(400)
        self._dates_timer.timeout.connect(self.recompute)
        # the model keeps its scratch memory for the next run (a changed setting or range recomputes at
        # once); after a quiet spell it is given back
        self._memory_timer = QTimer(self)
        self._memory_timer.setSingleShot(True)
        self._memory_timer.setInterval(MEMORY_IDLE_MS)
        self._memory_timer.timeout.connect(self._release_model_memory)
        self.date_from.dateChanged.connect(self._on_custom_dates)
        self.date_to.dateChanged.connect(self._on_custom_dates)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.status_label = QLabel()
        self.status_label.setObjectName("status_label")
        sb.addWidget(self.status_label, 1)
        # which as-of time and which response-time reading the figures use (domain: label the reading)
        self.reading_label = QLabel()
        self.reading_label.setObjectName("reading_label")
        sb.addPermanentWidget(self.reading_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("progress_bar")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setMaximumWidth(240)
        self.progress_bar.setVisible(False)
        sb.addPermanentWidget(self.progress_bar)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancel_button")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_work)
        sb.addPermanentWidget(self.cancel_button)

    # ------------------------------------------------------------------------------------------
    # language
    def retranslate(self) -> None:
        """Set every label of the window (called again on a LanguageChange event)."""
        if (getattr(self, "results", None) is not None and hasattr(self, "start_page")
                and not getattr(self, "_closed", False)):  # a late LanguageChange after the store closed
            self._describe_results(self.results)  # status line and title in the new language
            self._update_reading_label()
        self._update_title()
        names = {
            PAGE_START: self.tr("Start"),
            PAGE_OVERVIEW: self.tr("Overview"),
            PAGE_AGENTS: self.tr("Agents"),
            PAGE_CONVERSATIONS: self.tr("Conversations"),
            PAGE_ORDERS: self.tr("Orders"),
            PAGE_CUSTOMERS: self.tr("Customers"),
            PAGE_TRENDS: self.tr("Trends"),
            PAGE_PROBLEMS: self.tr("Problems"),
        }
        for row, key in enumerate(self.page_keys):
            self.sidebar.item(row).setText(names[key])
        self._label_problems_page()
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_recent.setTitle(self.tr("Recent files"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_tools.setTitle(self.tr("&Tools"))
        self.menu_language.setTitle(self.tr("Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_open.setText(self.tr("Open…"))
        self.act_open.setToolTip(self.tr("Open order exports, chat logs or inventory sheets (Ctrl+O)"))
        self.act_demo.setText(self.tr("Demo shop"))
        self.act_demo.setToolTip(self.tr("Generate and open a sample shop with made-up data"))
        self.act_export.setText(self.tr("Export report…"))
        self.act_export.setToolTip(self.tr("Write the daily Excel report (Ctrl+E)"))
        self.act_quit.setText(self.tr("Quit"))
        self.act_refresh.setText(self.tr("Refresh"))
        self.act_refresh.setToolTip(self.tr("Recompute every figure from the stored data (F5)"))
        self.act_find.setText(self.tr("Find"))
        self.act_settings.setText(self.tr("Settings…"))
        self.act_about.setText(self.tr("About"))
        self.act_clear_recent.setText(self.tr("Clear the list"))
        self.range_label.setText(self.tr("Dates: "))
        labels = {
            RANGE_ALL: self.tr("All data"),
            RANGE_TODAY: self.tr("Latest day"),
            RANGE_YESTERDAY: self.tr("Day before latest"),
            RANGE_LAST7: self.tr("Last 7 days"),
            RANGE_CUSTOM: self.tr("Custom…"),
        }
        for i in range(self.range_combo.count()):
            self.range_combo.setItemText(i, labels[self.range_combo.itemData(i)])
        self.range_combo.setToolTip(
            self.tr("'Latest day' is the newest day in the data, so an old export reads as it did that day")
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.act_open_data_dir.setText(self.tr("Open the data folder"))
        self.act_open_log_dir.setText(self.tr("Open the crash log folder"))
        self._update_reading_label()
        if not self.status_label.text():
            self.status_label.setText(self.tr("Ready"))

    def _update_title(self) -> None:
        """The app's name, and the date range the figures cover once there are figures."""
        title = self.tr("Customer-service performance workstation")
        if getattr(self, "repository", None) is not None and self.is_demo():
            demo = self.tr("Demo shop (made-up data)")
            title = f"{title} — {demo}"
        span = getattr(self, "_title_span", "")
        self.setWindowTitle(f"{title} — {span}" if span else title)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate_all()
        super().changeEvent(event)

    def _retranslate_all(self) -> None:
        self.retranslate()
        # the views build their labels in retranslate_ui() but do not listen for the event
        for view in self.views.values():
            if hasattr(view, "retranslate_ui"):
                view.retranslate_ui()

    def _refresh_money(self) -> None:
        """Show every amount again with the currency symbol now in use (no recalculation)."""
        for view in self.views.values():
            if hasattr(view, "retranslate_ui"):
                view.retranslate_ui()
        if self.results is not None:
            self._show_results(self.results)

    def set_currency(self, value: str) -> None:
        """Use ``value`` before money amounts from now on and remember it."""
        self.settings.currency = money.set_symbol(value)
        self.settings.sync()
        self._refresh_money()

    def set_language(self, lang: str) -> None:
        """Switch the UI language now and remember it."""
        if lang not in LANGUAGE_NAMES:
            return
        self.settings.language = lang
        self.settings.sync()
        self.translators.install(lang)
        self.language_actions[lang].setChecked(True)
        # Qt posts LanguageChange to the widgets; relabel the window now so the switch is immediate
        self._retranslate_all()
        # LanguageChange reaches every widget; views that format numbers by locale need a re-render
        if self.results is not None:
            self._show_results(self.results)

    # ------------------------------------------------------------------------------------------
    # pages
    def page_index(self, key: str) -> int:
        return self.page_keys.index(key)

    def show_page(self, key: str) -> None:
        self.sidebar.setCurrentRow(self.page_index(key))

    def current_page(self) -> str:
        return self.page_keys[self.stack.currentIndex()]

    def view(self, key: str) -> QWidget:
        """The widget of page ``key``."""
        return self.stack.widget(self.page_index(key))

    def focus_filter(self) -> None:
        """Ctrl+F: put the cursor in the current page's table filter."""
        page = self.stack.currentWidget()
        if hasattr(page, "focus_filter"):
            page.focus_filter()
            return
        edits = [e for e in page.findChildren(QLineEdit) if e.isVisible()]
        preferred = [e for e in edits if "filter" in e.objectName().lower()]
        target = (preferred or edits or [None])[0]
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            target.selectAll()

    def _list_earlier_imports(self) -> None:
        """The Problems page starts with the files already in the store (from earlier sessions)."""
        try:
            frame = self.repository.imports()
        except Exception:  # an unreadable history must not stop the window from opening
            return
        for row in frame.itertuples(index=False):
            self.problems_view.set_file_status(FileStatus(
                str(row.file), STATUS_IMPORTED, str(row.format_label or row.format), int(row.rows),
                int(row.skipped), self.tr("Imported earlier: %1").replace("%1", str(row.time)[:19]),
            ))

    # ------------------------------------------------------------------------------------------
    # opening files
    def choose_files(self) -> None:
        """File ▸ Open…: pick files with the native dialog."""
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Open exports"),
            self.settings.last_dir or str(Path.home()),
            self.tr("Exports and chat logs (%1);;All files (*)").replace("%1", " ".join(FILE_SUFFIXES)),
        )
        if paths:
            self.open_files(paths)

    def open_files(self, paths: list[str], mappings: Optional[dict[str, Any]] = None) -> Optional[TaskHandle]:
        """Import ``paths`` in the background, then recompute. Cancels an import in flight.

        The shop's own files always go to the shop's store: opening them leaves the demo shop.
        """
        if self._closed:
            return None
        if self.is_demo():
            self._use_repository(self.shop_repository)
        return self._import(paths, mappings, remember=True)

    def is_demo(self) -> bool:
        """True while the window shows the demo shop (made-up data in its own store)."""
        return self.repository is not self.shop_repository

    def _use_repository(self, repository: DataRepository) -> None:
        """Show another store: what was on screen belonged to the other one."""
        if repository is self.repository:
            return
        self.runner.cancel()
        self.repository = repository
        self._data_range = _UNKNOWN
        self.results = None
        self.dataset = None
        self.trends = None
        self.act_export.setEnabled(False)
        self.problems_view.clear()
        self._label_problems_page()
        # the figures on screen belong to the other store (e.g. the made-up demo shop): never let them
        # pass for this shop's while its first import runs or after it failed
        self._show_results(None)
        self._list_earlier_imports()
        self._title_span = ""
        self._update_title()
        self._update_reading_label()
        self.start_page.set_summary("")

    def _import(self, paths: list[str], mappings: Optional[dict[str, Any]], remember: bool
                ) -> Optional[TaskHandle]:
        paths = [str(Path(p)) for p in paths if p]
        existing = [p for p in paths if os.path.isfile(p)]
        for p in paths:
            if p not in existing:
                missing = InputError(
                    self.tr("The file does not exist or cannot be opened."),
                    file=p, hint=self.tr("Check that the file was not moved or renamed."),
                )
                # listed on the Problems page too, like every other file that could not be read
                self.problems_view.set_file_status(FileStatus(p, STATUS_FAILED, message=bilingual.describe(missing)))
                self._report_error(missing)
        if not existing:
            return None
        for p in existing:
            if remember:
                self.settings.add_recent_file(p)
            self.problems_view.set_file_status(FileStatus(p, STATUS_READING))
        if remember:
            self.settings.last_dir = str(Path(existing[0]).parent)
            self.start_page.set_recent_files(self.settings.recent_files)
        mappings = dict(mappings or {})
        store = self._mapping_store
        repo = self.repository
        handle = self._start_task(
            "import", lambda progress, cancel: load_files(existing, mappings, store, repo, progress, cancel),
            self._on_import_finished, lambda paths=existing: self._on_import_cancelled(paths))
        self._import_handle = handle
        self._set_status(self.tr("Reading %n file(s)…", "", len(existing)))
        self._update_busy()
        return handle

    def data_range(self) -> Optional[tuple[dt.date, dt.date]]:
        """First and last day in the store, cached: asking the store would wait for an import's
        transaction to finish and freeze the window meanwhile."""
        if self._data_range is _UNKNOWN:
            self._data_range = self.repository.date_range()
        return self._data_range

    def _start_task(self, kind: str, fn, on_finished, on_cancelled) -> TaskHandle:
        """Run ``fn`` in the background (one task of each kind) with the window's progress and errors."""
        handle = self.runner.start(kind, fn)
        handle.progress.connect(self._on_progress)
        handle.finished.connect(on_finished)
        handle.failed.connect(self._on_task_failed)
        handle.cancelled.connect(on_cancelled)
        handle.done.connect(self._update_busy)
        return handle

    def _on_import_finished(self, batch: ImportBatch) -> None:
        if batch.results:
            self._data_range = _UNKNOWN  # new rows: read the range again
        imported = 0
        duplicates = {r.path for r, rec in zip(batch.results, batch.records)
                      if getattr(rec, "duplicate", False)}
        for result in batch.results:
            imported += 1
            note = self.tr("Already imported: nothing changed") if result.path in duplicates else ""
            self.problems_view.set_file_status(FileStatus(
                result.path, STATUS_IMPORTED, result.format_label, result.rows_read, result.rows_skipped,
                note,
            ))
        for path, exc in batch.unrecognised:
            self.problems_view.set_file_status(FileStatus(
                path, STATUS_UNRECOGNISED, message=self.tr("Choose the columns in the mapping dialog"),
            ))
        for path, exc, tb in batch.errors:
            self.problems_view.set_file_status(FileStatus(
                path, STATUS_FAILED, message=bilingual.describe(exc) if isinstance(exc, InputError) else str(exc),
            ))
        problems = [p for r in batch.results for p in r.problems]
        notes = []
        if problems:
            self.problems_view.set_problems(problems)
            skipped = sum(1 for p in problems if p.skipped)
            notes.append(self.tr("%1 row(s) skipped, %2 value(s) left empty: see Problems")
                         .replace("%1", str(skipped)).replace("%2", str(len(problems) - skipped)))
            self._label_problems_page()
        currency_note = self._adopt_export_currency(batch.results)
        if currency_note:
            notes.append(currency_note)
        if notes:
            self._import_note = " · ".join(notes)
        self.import_finished.emit(batch)
        if batch.errors:
            path, exc, tb = batch.errors[0]
            if not isinstance(exc, InputError):
                exc = InputError(str(exc) or exc.__class__.__name__, file=path,
                                 hint=self.tr("Check that this is an export from the shop's back office."))
            self._report_error(exc, tb)
        self._pending_unrecognised.extend(batch.unrecognised)
        self._next_mapping()
        if imported:
            # name what each file was recognised as, e.g. "淘宝/天猫 订单报表"
            kinds = ", ".join(dict.fromkeys(r.format_label.split(" / ")[0] for r in batch.results))
            self._set_status(self.tr("Imported %n file(s); computing…", "", imported) + f"  ({kinds})")
            self.recompute()
        elif not batch.errors and not batch.unrecognised:
            self._set_status(self.tr("Nothing new to import"))

    def _adopt_export_currency(self, results: list) -> str:
        """Show amounts with the currency the imported exports state (Shopify's Currency column), unless
        the user chose a symbol; returns a note for the status line ("" when there is nothing to say).

        Only while the symbol is still the default ¥: a symbol the user picked in Settings is kept (and
        the note says the export's currency differs). Amounts are never converted.
        """
        symbol, codes = export_currency(results)
        current = self.settings.currency
        if symbol is not None and symbol != current:
            if current == DEFAULT_SYMBOL:
                self.set_currency(symbol)
                return (self.tr("amounts shown with %1, the export's currency %2 (Settings ▸ General to change)")
                        .replace("%1", symbol).replace("%2", codes[0]))
            return (self.tr("the export's amounts are in %1; shown with %2 as set in Settings ▸ General")
                    .replace("%1", codes[0]).replace("%2", current))
        if len(codes) > 1:
            return (self.tr("the exports state several currencies (%1); amounts are not converted")
                    .replace("%1", ", ".join(codes)))
        return ""

    def _label_problems_page(self) -> None:
        """The sidebar says how many rows the Problems page lists, so nobody misses them."""
        if PAGE_PROBLEMS not in self.page_keys:
            return
        n = len(getattr(getattr(self, "problems_view", None), "problems", None) or [])
        text = self.tr("Problems")
        self.sidebar.item(self.page_keys.index(PAGE_PROBLEMS)).setText(f"{text} ({n})" if n else text)

    def _on_import_cancelled(self, paths: list[str]) -> None:
        # files stored before the cancel stay stored (one transaction per file): re-read the range
        self._data_range = _UNKNOWN
        for p in paths:
            status = self.problems_view.file_status(p)
            if status is not None and status.status == STATUS_READING:
                self.problems_view.set_file_status(FileStatus(p, STATUS_CANCELLED))
        self._set_status(self.tr("Import cancelled; the previous data is still shown"))

    # --- mapping dialog ------------------------------------------------------------------------
    def _next_mapping(self) -> None:
        """Offer the mapping dialog for the next unrecognised file (one at a time)."""
        if self.mapping_dialog is not None or not self._pending_unrecognised:
            return
        path, exc = self._pending_unrecognised.pop(0)
        try:
            from .dialogs.mapping_dialog import MappingDialog

            dlg = MappingDialog(path, exc, mapping_store=self._mapping_store, parent=self)
        except Exception as error:  # the mapping layer is missing or cannot read the file
            self._report_error(exc if isinstance(error, ImportError) else error)
            self._next_mapping()
            return
        self.mapping_dialog = dlg
        dlg.accepted.connect(lambda: self._on_mapping_accepted(dlg))
        dlg.finished.connect(lambda _r: self._on_mapping_closed(dlg))
        dlg.open()

    def _on_mapping_accepted(self, dlg: Any) -> None:
        mapping = dlg.mapping()
        if mapping is not None:
            self.open_files([dlg.path], {dlg.path: mapping})

    def _on_mapping_closed(self, dlg: Any) -> None:
        if dlg.result() != QDialog.DialogCode.Accepted:
            # cancelled: say what happened to the file and how to come back to it
            note = self.tr("Not imported: its columns were not chosen. Problems ▸ Open again to choose them.")
            self.problems_view.set_file_status(FileStatus(dlg.path, STATUS_UNRECOGNISED, message=note))
            self.problems_view.select_file(dlg.path)
            self._set_status(f"{Path(dlg.path).name}: {note}")
        if self.mapping_dialog is dlg:
            self.mapping_dialog = None
            dlg.deleteLater()
        QTimer.singleShot(0, self._next_mapping)

    # ------------------------------------------------------------------------------------------
    # date range and compute
    def _on_range_changed(self) -> None:
        key = self.range_combo.currentData()
        self.settings.date_range = key
        for w in (self.date_from, self.date_to):
            w.setEnabled(key == RANGE_CUSTOM)
        self.recompute()

    def _on_custom_dates(self) -> None:
        if self.range_combo.currentData() == RANGE_CUSTOM:
            # typing a date changes it once per key: recompute when the user pauses
            self._dates_timer.start()

    def set_date_range(self, key: str, start: Optional[dt.date] = None,
                       end: Optional[dt.date] = None) -> None:
        """Choose a preset (all/today/yesterday/last7) or custom dates; recomputes."""
        for w in (self.date_from, self.date_to):
            w.blockSignals(True)
        if start is not None:
            self.date_from.setDate(QDate(start.year, start.month, start.day))
        if end is not None:
            self.date_to.setDate(QDate(end.year, end.month, end.day))
        for w in (self.date_from, self.date_to):
            w.blockSignals(False)
        idx = self.range_combo.findData(key)
        if idx == self.range_combo.currentIndex():
            self.recompute()
        else:
            self.range_combo.setCurrentIndex(idx)

    def selected_dates(self) -> tuple[Optional[dt.date], Optional[dt.date]]:
        """The date range to compute; presets count back from the newest day in the data."""
        key = self.range_combo.currentData()
        if key == RANGE_CUSTOM:
            a, b = self.date_from.date().toPython(), self.date_to.date().toPython()
            return (a, b) if a <= b else (b, a)
        rng = self.data_range()
        if rng is None or key == RANGE_ALL:
            return None, None
        last = rng[1]
        if key == RANGE_TODAY:
            return last, last
        if key == RANGE_YESTERDAY:
            day = last - dt.timedelta(days=1)
            return day, day
        if key == RANGE_LAST7:
            return last - dt.timedelta(days=6), last
        return None, None

    def _sync_date_edits(self) -> None:
        """Bound the custom date pickers to the data's range."""
        rng = self.data_range()
        if rng is None:
            return
        lo, hi = (QDate(d.year, d.month, d.day) for d in rng)
        for w in (self.date_from, self.date_to):
            w.blockSignals(True)
            w.setDateRange(lo.addDays(-366), hi.addDays(366))
        if self.range_combo.currentData() != RANGE_CUSTOM:
            start, end = self.selected_dates()
            self.date_from.setDate(QDate(start.year, start.month, start.day) if start else lo)
            self.date_to.setDate(QDate(end.year, end.month, end.day) if end else hi)
        for w in (self.date_from, self.date_to):
            w.blockSignals(False)

    def recompute(self) -> Optional[TaskHandle]:
        """F5: read the chosen range from the store and run the model in the background."""
        if self._closed:
            return None  # a late timer or signal after the store was closed
        if self.data_range() is None:
            self._set_status(self.tr("No data yet: open exports or the demo shop"))
            return None
        self._sync_date_edits()
        start, end = self.selected_dates()
        settings = self.model_settings
        repo = self.repository
        self._memory_timer.stop()
        handle = self._start_task(
            "compute", lambda progress, cancel: compute_results(repo, start, end, settings, progress, cancel),
            self._on_compute_finished, self._on_compute_cancelled)
        # however the run ends (results, cancel or an error), the quiet spell starts then
        handle.done.connect(self._memory_timer.start)
        self._compute_handle = handle
        self._set_status(self.tr("Computing…"))
        self._update_busy()
        return handle

    def _report_sources(self) -> list[tuple]:
        """The imported files for the report's 设置 sheet: file, format, rows and import time."""
        try:
            imports = self.repository.imports()
            return [(r.file, r.format_label or r.format, int(r.rows), str(r.time))
                    for r in imports.itertuples(index=False)]
        except Exception:  # noqa: BLE001 - the report still lists the files without the details
            return list(getattr(self.dataset, "sources", []) or [])

    def _release_model_memory(self) -> None:
        from ..core.model.compute import release_memory

        if not release_memory():  # a run is still using it: try again after the next quiet spell
            self._memory_timer.start()

    def _on_compute_finished(self, out: dict[str, Any]) -> None:
        results = out["results"]
        self.results = results
        self._update_reading_label()
        self.dataset = out.get("dataset")
        self.trends = (out.get("trends"), out.get("wow"))
        conversations = self.views.get(PAGE_CONVERSATIONS)
        if hasattr(conversations, "set_messages") and self.dataset is not None:
            # transcripts need the messages themselves (the store returns them sorted by time)
            conversations.set_messages(self.dataset.messages)
        self._show_results(results)
        self.act_export.setEnabled(True)
        problems = list(getattr(self.dataset, "problems", []) or []) + [
            p for p in (results.problems or []) if isinstance(p, RowProblem)
        ]
        # the dataset's problems already include the imports'; keep each once, in order
        seen, unique = set(), []
        for p in problems:
            if p not in seen:
                seen.add(p)
                unique.append(p)
        self.problems_view.set_problems(unique)
        if self.current_page() == PAGE_START:
            self.show_page(PAGE_OVERVIEW)
        self._describe_results(results, self._import_note)
        self._import_note = ""
        self.results_changed.emit(results)

    def _describe_results(self, results: Any, note: str = "") -> None:
        """Title span, status line and start-page summary for the results on screen (current language)."""
        start, end = self.selected_dates()
        locale = QLocale()
        if start is None:
            span = self.tr("all data")
        else:
            fmt = QLocale.FormatType.ShortFormat
            span = (f"{locale.toString(QDate(start.year, start.month, start.day), fmt)} – "
                    f"{locale.toString(QDate(end.year, end.month, end.day), fmt)}")
        self._title_span = span
        self._update_title()
        summary = (self.tr("%1 agents, %2 orders (%3)")
                   .replace("%1", locale.toString(int(len(results.agents))))
                   .replace("%2", locale.toString(int(results.shop.get("orders", 0) or 0)))
                   .replace("%3", span))
        if self.is_demo():
            summary = self.tr("Demo shop (made-up data)") + " · " + summary
        self._set_status(summary + " · " + note if note else summary)
        rng = self.data_range()
        if rng is not None:
            fmt = QLocale.FormatType.ShortFormat
            lo, hi = (locale.toString(QDate(d.year, d.month, d.day), fmt) for d in rng)
            self.start_page.set_summary(
                self.tr("Data on screen: %1 · stored days %2 – %3 · %4 file(s) imported")
                .replace("%1", summary).replace("%2", lo).replace("%3", hi)
                .replace("%4", locale.toString(len(self.problems_view.files))))

    def _update_reading_label(self) -> None:
        results = self.results
        if results is None:
            self.reading_label.setText("")
            return
        from ..core.model.settings import READING_PLATFORM

        reading = (self.tr("Platform reading (平台口径)") if results.settings.reading == READING_PLATFORM
                   else self.tr("Default reading (默认口径)"))
        as_of = QLocale().toString(QDate(results.as_of.year, results.as_of.month, results.as_of.day),
                                   QLocale.FormatType.ShortFormat)
        self.reading_label.setText(self.tr("As of %1 · %2").replace("%1", f"{as_of} {results.as_of:%H:%M}")
                                   .replace("%2", reading))

    def _show_results(self, results: Any) -> None:
        for key, view in self.views.items():
            try:
                if key == PAGE_TRENDS and hasattr(view, "set_trends"):
                    trends, wow = self.trends if self.trends else (None, None)
                    if trends is not None or results is None:
                        view.set_trends(trends, wow)
                    continue
                if hasattr(view, "set_results"):
                    view.set_results(results)
            except Exception:  # one broken view must not keep the others on stale figures
                # the crash hook logs it and shows the details; the loop goes on
                sys.excepthook(*sys.exc_info())

    # ------------------------------------------------------------------------------------------
    # drill-down and handled marks
    def drill_down(self, agent: str, kpi: str) -> None:
        """Show the rows behind an agent's figure on the Conversations page."""
        if self.results is None:
            return
        agents_view = self.views.get(PAGE_AGENTS)
        day = agents_view.selected_day() if hasattr(agents_view, "selected_day") else None
        frame, title = drill_frame(self.results, agent, kpi, day)
        label = _header_label(agents_view, kpi)
        if label:
            title = f"{agent} · {label}" + (f" · {pd.Timestamp(day):%Y-%m-%d}" if day is not None else "")
        view = self.views.get(PAGE_CONVERSATIONS)
        if view is not None and hasattr(view, "show_frame"):
            view.show_frame(frame, title)
        self.show_page(PAGE_CONVERSATIONS)

    def mark_handled(self, check: str, platform: str, order_id: str, note: str) -> None:
        """An order check row was marked handled: remember it, then refresh the lists."""
        try:
            self.repository.set_handled(check, platform, order_id, note)
            if self.results is not None:
                self.repository.apply_handled(self.results)
        except Exception as exc:
            import traceback

            self._report_error(exc, traceback.format_exc())
            return
        # no re-render: the orders view already greyed the row, and redrawing every view would
        # lose the user's selection and filter in the middle of working through a list

    # ------------------------------------------------------------------------------------------
    # demo, export, settings, about
    def open_demo(self) -> Optional[TaskHandle]:
        """Generate the sample shop (made-up data) and open it in a store of its own.

        The demo never enters the shop's history: made-up orders mixed into real ones would
        change every KPI a supervisor pays agents by. Opening the shop's own files leaves it.
        """
        if self._closed:
            return None
        try:
            from ..core.sample import write_sample
        except ImportError as exc:
            self._report_error(exc)
            return None
        target = self.data_dir / "demo"
        try:
            # two weeks (ending on the sample's usual last day, 60 orders a day as in the default
            # sample) so that the Trends page's week over week has two full weeks to compare
            written = write_sample(target, days=DEMO_DAYS, orders=60 * DEMO_DAYS, start=DEMO_START)
        except Exception as exc:
            import traceback

            self._report_error(exc, traceback.format_exc())
            return None
        paths = sample_paths(written, target)
        if self.demo_repository is None:
            self.demo_repository = DataRepository(target)
        self._use_repository(self.demo_repository)
        return self._import(paths, None, remember=False)

    def choose_report_path(self) -> None:
        """File ▸ Export report…: pick where the Excel report goes."""
        if self.results is None:
            return
        default = Path(self.settings.last_dir or Path.home()) / f"客服日报_{self.results.as_of:%Y-%m-%d}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export report"), str(default),
                                              self.tr("Excel workbook (*.xlsx)"))
        if path:
            self.export_report(path)

    def export_report(self, path: str) -> Optional[TaskHandle]:
        """Write the daily Excel report in the background; emits ``report_written(path)``."""
        if self.results is None:
            return None
        from ..core.report_xlsx import write_report

        results = self.results
        language = self.translators.language
        mask = self.mask_pii_now()
        currency = money.symbol()
        sources = self._report_sources()
        cannot_write = self.tr("The report could not be written.")
        hint = self.tr("Close the file if it is open in Excel or WPS, or choose another folder you can "
                       "write to.")

        def write(progress, cancel):
            try:
                return write_report(results, path, language, mask, sources=sources, currency=currency) or path
            except OSError as exc:  # open in Excel, read-only folder, full disk: name the file and a fix
                raise InputError(f"{cannot_write} ({exc.strerror or exc})", file=path, hint=hint) from exc

        handle = self.runner.start("export", write)
        handle.finished.connect(lambda _r, path=path: self._on_report_written(path))
        handle.failed.connect(self._on_task_failed)
        handle.done.connect(self._update_busy)
        self._set_status(self.tr("Writing the report…"))
        self._update_busy()
        return handle

    def _on_report_written(self, path: str) -> None:
        self._set_status(self.tr("Report written: %1").replace("%1", path))
        self.report_written.emit(path)

    def open_settings(self) -> Any:
        """Tools ▸ Settings…: OK recomputes and saves."""
        from .dialogs.settings_dialog import SettingsDialog

        dlg = SettingsDialog(self.model_settings, self.translators.language, self.settings.mask_pii, self,
                             currency=self.settings.currency)
        dlg.accepted.connect(
            lambda: self.apply_settings(dlg.model_settings(), dlg.language(), dlg.mask_pii(), dlg.currency()))
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        self.settings_dialog = dlg
        dlg.open()
        return dlg

    def apply_settings(self, model_settings: ModelSettings, language: Optional[str] = None,
                       mask_pii: Optional[bool] = None, currency: Optional[str] = None) -> None:
        """Use new settings: persist them and recompute (the settings dialog's OK)."""
        self.model_settings = model_settings
        self.settings.model_settings = model_settings
        if currency is not None and money.clean_symbol(currency) != money.symbol():
            self.set_currency(currency)
        if mask_pii is not None:
            self.settings.mask_pii = mask_pii
            customers = self.views.get(PAGE_CUSTOMERS)
            if hasattr(customers, "set_unmasked"):
                customers.set_unmasked(not mask_pii)
        self.settings.sync()
        if language and language != self.translators.language:
            self.set_language(language)
        self.recompute()

    def _open_folder(self, folder: Path) -> None:
        """Show a folder in the system's file manager (support: "send me the log file")."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_about(self) -> Any:
        from .dialogs.about_dialog import AboutDialog

        dlg = AboutDialog(self.data_dir, self.settings.file_name, self)
        dlg.finished.connect(lambda _r: dlg.deleteLater())
        dlg.open()
        return dlg

    # ------------------------------------------------------------------------------------------
    # progress, errors, busy state
    def _on_progress(self, percent: int, text: str) -> None:
        self.progress_bar.setValue(percent)
        if text:
            self.status_label.setText(text)

    def _update_busy(self) -> None:
        busy = self.runner.is_busy()
        self.progress_bar.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if not busy:
            self.progress_bar.setValue(0)

    def cancel_work(self) -> None:
        """The status bar's Cancel: stop the import and compute in flight."""
        if not self.runner.is_busy():
            return
        self.runner.cancel()
        self._set_status(self.tr("Cancelling…"))

    def _on_compute_cancelled(self) -> None:
        self._set_status(self.tr("Calculation cancelled; the figures shown are from before. Press F5 to "
                                 "recalculate."))

    def _on_task_failed(self, failure: TaskFailure) -> None:
        self._report_error(failure.exc, failure.traceback_text)

    def _report_error(self, exc: BaseException, details: str = "") -> None:
        """Error dialog + status line; the data on screen stays as it was."""
        self.last_error = exc
        self.task_failed.emit(exc)
        message = bilingual.describe(exc) if isinstance(exc, InputError) else str(exc) or exc.__class__.__name__
        self._set_status(self.tr("Error: %1").replace("%1", message))
        self.last_error_box = show_error(self, exc, details)

    def _set_status(self, text: str) -> None:
        self.status_label.setText(text)

    # ------------------------------------------------------------------------------------------
    # recent files
    def _fill_recent_menu(self) -> None:
        self.menu_recent.clear()
        for p in self.settings.recent_files:
            a = self.menu_recent.addAction(os.path.basename(p))
            a.setToolTip(p)
            a.setEnabled(os.path.exists(p))
            a.triggered.connect(lambda checked=False, p=p: self.open_files([p]))
        self.menu_recent.addSeparator()
        self.menu_recent.addAction(self.act_clear_recent)

    def _clear_recent(self) -> None:
        self.settings.clear_recent_files()
        self.start_page.set_recent_files([])

    # ------------------------------------------------------------------------------------------
    # drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_files(paths)

    # ------------------------------------------------------------------------------------------
    # window state
    def _restore_state(self) -> None:
        geometry = self.settings.geometry()
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if not state.isEmpty():
            self.restoreState(state)
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                data = self.settings.splitter_state(splitter.objectName())
                if not data.isEmpty():
                    splitter.restoreState(data)
        page = self.settings.page
        self.sidebar.setCurrentRow(page if 0 <= page < len(self.page_keys) else 0)

    def save_state(self) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.set_window_state(self.saveState())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                self.settings.set_splitter_state(splitter.objectName(), splitter.saveState())
        self.settings.page = self.stack.currentIndex()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._closed:
            super().closeEvent(event)
            return
        self._closed = True
        self._dates_timer.stop()
        self.save_state()
        # cancel, then wait: a worker must not outlive the window it reports to
        self.runner.cancel()
        self.runner.wait(15_000)
        self.shop_repository.close()
        if self.demo_repository is not None:
            self.demo_repository.close()
        super().closeEvent(event)


def _header_label(view: Any, key: str) -> str:
    """The translated column header of ``key`` in a view's FrameTableView, if it has one."""
    model = getattr(getattr(view, "table", None), "model", None)
    if model is None or not hasattr(model, "column_of"):
        return ""
    col = model.column_of(key)
    if col is None or col < 0:
        return ""
    return str(model.headerData(col, Qt.Orientation.Horizontal) or "")


def create_main_window(
    data_dir: Optional[os.PathLike | str] = None,
    settings_path: Optional[os.PathLike | str] = None,
    translators: Optional[Translators] = None,
) -> MainWindow:
    """A window on ``data_dir`` (default: the user data folder) with settings at ``settings_path``.

    Needs a running QApplication. With ``data_dir`` given and no ``settings_path``, settings
    live in ``data_dir/settings.ini`` (portable use, tests).
    """
    from .paths import default_data_dir, settings_path as default_settings_path

    if QApplication.instance() is None:
        raise RuntimeError("create_main_window needs a QApplication")
    if data_dir is None:
        data_path = default_data_dir()
        settings = AppSettings(settings_path) if settings_path else AppSettings()
    else:
        data_path = Path(data_dir)
        settings = AppSettings(settings_path or default_settings_path(data_path))
    data_path.mkdir(parents=True, exist_ok=True)
    return MainWindow(data_path, settings, translators)


def temp_data_dir() -> Path:
    """A fresh temporary data folder (``--demo`` without ``--data-dir``)."""
    return Path(tempfile.mkdtemp(prefix="desktop-app-demo-"))
