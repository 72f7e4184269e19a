"""The window's pages, in sidebar order: ONE table. Add a page with one line in ``PAGES``.

Each row names the page's key, its sidebar title (translated in the "Pages" context), and the module
and class of its widget. The class implements ``views.base.View`` (``set_results``, ``retranslate``);
with ``takes_state=True`` it is constructed as ``cls(state=app_state)`` to read more than ``Results``.
A module that cannot be imported gives a placeholder page, so one broken page never stops the window.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from .views.base import PlaceholderView

#: page keys used by the window's links between pages (Overview card -> Orders, drill-down, ...)
PAGE_START = "start"
PAGE_OVERVIEW = "overview"
PAGE_AGENTS = "agents"
PAGE_CONVERSATIONS = "conversations"
PAGE_ORDERS = "orders"
PAGE_CUSTOMERS = "customers"
PAGE_TRENDS = "trends"
PAGE_PROBLEMS = "problems"
PAGE_QUALITY = "quality"
PAGE_STAFFING = "staffing"
PAGE_APPRAISAL = "appraisal"
PAGE_IMPORTS = "imports"


@dataclass(frozen=True)
class Page:
    """One row of the page table."""

    key: str
    #: sidebar title, marked for translation with QT_TRANSLATE_NOOP("Pages", ...)
    title: str
    module: str
    class_name: str
    #: construct as ``cls(state=app_state)`` (the page reads AppState beyond ``Results``)
    takes_state: bool = False

    def translated_title(self) -> str:
        return QCoreApplication.translate("Pages", self.title)


_V = "desktop_app.ui.views."
#: the pages in sidebar order; each opens with its key of ``page_shortcut`` (Ctrl+1 … Ctrl+9, Ctrl+0, Alt+1 …)
PAGES: tuple[Page, ...] = (
    Page(PAGE_START, QT_TRANSLATE_NOOP("Pages", "Start"), "desktop_app.ui.start_page", "StartPage"),
    Page(PAGE_OVERVIEW, QT_TRANSLATE_NOOP("Pages", "Overview"), _V + "overview", "OverviewView"),
    Page(PAGE_AGENTS, QT_TRANSLATE_NOOP("Pages", "Agents"), _V + "agents", "AgentsView", takes_state=True),
    Page(PAGE_CONVERSATIONS, QT_TRANSLATE_NOOP("Pages", "Conversations"), _V + "conversations",
         "ConversationsView", takes_state=True),
    Page(PAGE_ORDERS, QT_TRANSLATE_NOOP("Pages", "Orders"), _V + "orders", "OrdersView"),
    Page(PAGE_CUSTOMERS, QT_TRANSLATE_NOOP("Pages", "Customers"), _V + "customers", "CustomersView"),
    Page(PAGE_TRENDS, QT_TRANSLATE_NOOP("Pages", "Trends"), _V + "trends", "TrendsView", takes_state=True),
    Page(PAGE_QUALITY, QT_TRANSLATE_NOOP("Pages", "Quality"), _V + "quality", "QualityView"),
    Page(PAGE_STAFFING, QT_TRANSLATE_NOOP("Pages", "Staffing"), _V + "staffing", "StaffingView"),
    Page(PAGE_APPRAISAL, QT_TRANSLATE_NOOP("Pages", "Appraisal"), _V + "appraisal", "AppraisalView"),
    Page(PAGE_IMPORTS, QT_TRANSLATE_NOOP("Pages", "Imports"), _V + "imports_page", "ImportsPage",
         takes_state=True),
    Page(PAGE_PROBLEMS, QT_TRANSLATE_NOOP("Pages", "Problems"), "desktop_app.ui.problems_view",
         "ProblemsView"),
)


#: the keys that open pages, in sidebar order: Ctrl+1 … Ctrl+9, Ctrl+0, then Alt+1 … Alt+9, Alt+0 (Alt and a
#: digit is free on every platform's menu bar; Shift and a digit types a symbol on most layouts)
PAGE_SHORTCUTS: tuple[str, ...] = tuple(f"{mod}+{d}" for mod in ("Ctrl", "Alt") for d in "1234567890")


def page_shortcut(index: int) -> str:
    """The portable key text (QKeySequence) that opens the page at sidebar position ``index``, or ""."""
    return PAGE_SHORTCUTS[index] if 0 <= index < len(PAGE_SHORTCUTS) else ""


def create_page(page: Page, state: Any) -> QWidget:
    """The widget of ``page`` (a placeholder when its module is missing from this build)."""
    try:
        cls = getattr(importlib.import_module(page.module), page.class_name)
    except (ImportError, AttributeError):
        return PlaceholderView(page.key)
    widget = cls(state=state) if page.takes_state else cls()
    widget.setObjectName(f"view_{page.key}")
    return widget
