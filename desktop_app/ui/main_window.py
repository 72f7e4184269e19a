"""The main window: assembles the sidebar and pages, menus, toolbar and status bar, and binds them to
the controllers. It holds no data and runs no work of its own.

Where things live: ``state.AppState`` (what is shown), ``controllers/imports.py`` (open files, demo shop,
mapping dialog), ``controllers/compute.py`` (model runs), ``controllers/export.py`` (Excel report),
``controllers/settings.py`` (settings dialog, language, currency), ``pages.py`` (the page table),
``page_links.py`` (links between pages), ``window_actions.py`` (menus), ``widgets/range_bar.py`` and
``widgets/status_line.py`` (toolbar and status bar).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (QApplication, QLineEdit, QListWidget, QListWidgetItem, QMainWindow,
                               QSplitter, QStackedWidget, QToolBar, QWidget)

from . import money
from .controllers.compute import ComputeController
from .controllers.export import ExportController
from .controllers.imports import ImportController
from .controllers.settings import SettingsController
from .dialogs.error_dialog import show_error  # noqa: F401 - window_display shows errors through it
from .i18n import Translators, resolve_language
from .menus_workspace import install_workspace_menu
from .page_intents import PageIntents
from .page_links import PageLinks
from .pages import (PAGE_AGENTS, PAGE_CONVERSATIONS, PAGE_CUSTOMERS, PAGE_ORDERS, PAGE_OVERVIEW,  # noqa: F401
                    PAGE_PROBLEMS, PAGE_START, PAGE_TRENDS, PAGES, create_page)
from .paths import log_dir, resource_path
from .settings import AppSettings
from .state import AppState
from .widgets.range_bar import RangeBar
from .widgets.shop_selector import ShopSelector
from .widgets.status_line import StatusLine
from .whatif import install_whatif
from .window_actions import WindowActions
from .window_api import WindowCommands
from .window_database import install_database, refresh_from_store
from .window_display import WindowDisplay
from .workers import TaskRunner


class MainWindow(WindowDisplay, WindowCommands, QMainWindow):
    """The workstation's window. ``open_files`` is the public entry point for data."""

    #: emitted after each recompute with the new model.results.Results
    results_changed = Signal(object)
    #: emitted when an import or compute failed (the exception)
    task_failed = Signal(object)

    def __init__(self, data_dir: Path, settings: AppSettings, translators: Optional[Translators] = None,
                 parent: Optional[QWidget] = None, url: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        money.set_symbol(settings.currency)
        self.translators = translators or Translators()
        if translators is None:
            self.translators.install(resolve_language(settings.language))
        self.data_dir, self.settings = Path(data_dir), settings
        self.state = state = AppState(self.data_dir, settings, self, url=url)  # url: --database / Settings
        self.runner = TaskRunner(self)
        self.last_error: Optional[BaseException] = None
        self.last_error_box = None
        self._title_span = ""
        #: False while the first start's demo loads: the Start page and its three steps stay
        self._leave_start = True
        # controllers: the window binds its menus to them and shows what the state announces
        self.compute = ComputeController(state, self.runner, self)
        self.preferences = SettingsController(state, self.translators, self.compute.recompute, self, self)
        self.imports = ImportController(state, self.runner, self.compute, self.preferences, self, self)
        self.exports = ExportController(state, self.runner, lambda: self.translators.language,
                                        self.mask_pii_now, self, self)
        self.import_finished, self.report_written = self.imports.import_finished, self.exports.report_written
        icon_path = resource_path("icons/desktop-app.png")
        if icon_path.exists():
            self.setWindowIcon(QIcon(str(icon_path)))
        self.setAcceptDrops(True)
        self.resize(1280, 800)
        self._build_pages()
        self._build_chrome()
        self._connect()
        self.retranslate()
        self._restore_state()
        self.start_page.set_recent_files(settings.recent_files)
        self.imports.list_earlier_imports()
        # File ▸ workspaces; reopens the last one shown, unless --database or Settings ▸ Database named the store
        self.workspace_menu = install_workspace_menu(self, restore=url is None)
        self.whatif = install_whatif(self)  # the What-if dock (View menu, Ctrl+Shift+W)
        install_database(self)  # the store's name in the status bar and title, Settings ▸ Database, F5

    # --- assembly ---------------------------------------------------------------------------------
    def _build_pages(self) -> None:
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
        self.pages = PAGES
        self.page_keys = [p.key for p in PAGES]
        self.views: dict[str, Any] = {}
        for page in PAGES:
            widget = create_page(page, self.state)
            self.views[page.key] = widget
            self.stack.addWidget(widget)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.sidebar.addItem(item)
        self.start_page, self.problems_view = self.views[PAGE_START], self.views[PAGE_PROBLEMS]
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([140, 1130])
        self.setCentralWidget(self.splitter)
        self.links = PageLinks(self.state, self.views, self.show_page, self)
        self.intents = PageIntents(self, self.views, self)

    def _build_chrome(self) -> None:
        self.actions_ = a = WindowActions(self, PAGES, self.translators.language)
        for name in ("act_open", "act_demo", "act_export", "act_refresh", "act_find", "act_settings",
                     "act_clear_recent", "menu_file", "menu_recent", "page_actions"):
            setattr(self, name, getattr(a, name))
        tb = QToolBar()
        tb.setObjectName("main_toolbar")
        tb.setMovable(False)
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (a.act_open, a.act_demo, a.act_refresh, a.act_export, a.act_settings):
            tb.addAction(act)
        tb.addSeparator()
        self.range_bar = RangeBar(self.state)
        self.range_combo, self.date_from, self.date_to = (self.range_bar.combo, self.range_bar.date_from,
                                                          self.range_bar.date_to)
        tb.addWidget(self.range_bar)
        tb.addSeparator()
        # the shops looked at (one, several, all): every read of the range covers only them
        self.shop_selector = ShopSelector(tb, settings=self.settings.qsettings)
        self.shop_selector.setObjectName("shop_selector")
        tb.addWidget(self.shop_selector)
        self.refresh_shops(announce=False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        self.toolbar = tb
        self.status_line = s = StatusLine(self.statusBar())
        self.status_label, self.reading_label = s.status_label, s.reading_label
        self.progress_bar, self.cancel_button = s.progress_bar, s.cancel_button

    def _connect(self) -> None:
        a, state, imports = self.actions_, self.state, self.imports
        a.act_open.triggered.connect(imports.choose_files)
        a.act_demo.triggered.connect(imports.open_demo)
        a.act_export.triggered.connect(self.exports.choose_path)
        a.act_quit.triggered.connect(self.close)
        a.act_refresh.triggered.connect(lambda: refresh_from_store(self))
        a.act_find.triggered.connect(self.focus_filter)
        a.act_settings.triggered.connect(self.preferences.open_dialog)
        a.act_about.triggered.connect(self.show_about)
        a.act_clear_recent.triggered.connect(self._clear_recent)
        a.act_open_data_dir.triggered.connect(lambda: self._open_folder(self.data_dir))
        a.act_open_log_dir.triggered.connect(lambda: self._open_folder(log_dir()))
        a.menu_recent.aboutToShow.connect(
            lambda: a.fill_recent_menu(self.settings.recent_files, lambda p: self.open_files([p])))
        for act in a.page_actions:
            act.triggered.connect(lambda checked=False, key=act.data(): self.show_page(key))
        for lang, act in a.language_actions.items():
            act.triggered.connect(lambda checked=False, lang=lang: self.set_language(lang))
        self.start_page.open_requested.connect(imports.choose_files)
        self.start_page.demo_requested.connect(imports.open_demo)
        self.start_page.recent_activated.connect(lambda p: self.open_files([p]))
        self.start_page.scorecard_requested.connect(lambda: self.show_page(PAGE_AGENTS))
        self.problems_view.reopen_requested.connect(lambda p: self.open_files([p]))
        imports.file_selected.connect(self.problems_view.select_file)
        self.status_line.cancel_button.clicked.connect(self.cancel_work)
        self.range_bar.dates_typed.connect(self.compute.recompute_soon)
        state.range_changed.connect(self.compute.recompute)
        state.status_changed.connect(self.status_line.status_label.setText)
        state.progress_changed.connect(self.status_line.show_progress)
        state.busy_changed.connect(self.status_line.show_busy)
        state.error_raised.connect(self._show_error)
        state.file_status_changed.connect(self.problems_view.set_file_status)
        state.problems_changed.connect(self._on_problems)
        state.files_cleared.connect(self._on_files_cleared)
        state.recent_files_changed.connect(self.start_page.set_recent_files)
        state.repository_changed.connect(self._describe)
        state.repository_changed.connect(self.refresh_shops)
        self.shop_selector.shops_changed.connect(state.set_shops)
        state.shops_changed.connect(lambda _shops: self.compute.recompute())
        imports.import_finished.connect(lambda _batch: self.refresh_shops())
        state.results_changed.connect(self._show_results)
        state.computed.connect(self._on_computed)
        self.preferences.language_changed.connect(self._on_language_changed)
        self.preferences.money_changed.connect(self._refresh_pages)
        self.preferences.mask_pii_changed.connect(lambda mask: self.links.set_unmasked(not mask))

    def refresh_shops(self, announce: bool = True) -> None:
        """The store's shops into the toolbar's selector; the remembered choice (of shops still there)
        becomes the state's (``announce``: a changed choice recomputes)."""
        try:
            shops = self.state.repository.shops()
        except Exception:  # noqa: BLE001 - a history that cannot be read: no shops to choose from
            shops = []
        self.shop_selector.set_shops(shops)
        if announce:
            self.state.set_shops(self.shop_selector.selected())
        else:
            self.state.shops = self.shop_selector.selected()

    # --- pages ------------------------------------------------------------------------------------
    def page_index(self, key: str) -> int:
        return self.page_keys.index(key)

    def show_page(self, key: str) -> None:
        self.sidebar.setCurrentRow(self.page_index(key))

    def current_page(self) -> str:
        return self.page_keys[self.stack.currentIndex()]

    def view(self, key: str) -> QWidget:
        """The widget of page ``key``."""
        return self.views[key]

    def focus_filter(self) -> None:
        """Ctrl+F: put the cursor in the current page's table filter."""
        page = self.stack.currentWidget()
        edits = [e for e in page.findChildren(QLineEdit) if e.isVisible()]
        preferred = [e for e in edits if "filter" in e.objectName().lower()]
        target = (preferred or edits or [None])[0]
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)
            target.selectAll()

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.state.closed:
            self.compute.stop()
            self.save_state()
            # cancel, then wait: a worker must not outlive the window it reports to
            self.runner.cancel()
            self.runner.wait(15_000)
            self.state.close()
        super().closeEvent(event)


def create_main_window(data_dir: Optional[os.PathLike | str] = None, settings_path: Optional[os.PathLike | str] = None,
                       translators: Optional[Translators] = None, database: Optional[str] = None) -> MainWindow:
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
    from .store_choice import startup_url  # --database, else Settings ▸ Database, else the folder's file

    return MainWindow(data_path, settings, translators, url=startup_url(database, data_path, settings))


def temp_data_dir() -> Path:
    """A fresh temporary data folder (``--demo`` without ``--data-dir``)."""
    return Path(tempfile.mkdtemp(prefix="desktop-app-demo-"))
