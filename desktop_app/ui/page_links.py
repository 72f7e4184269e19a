"""Links between pages: an Overview card opens its page, a scorecard cell drills into Conversations,
the Overview's day is the Agents page's day, handled marks go to the store, the privacy toggle.

Pages never call each other; they emit intents and this object, made once by the window, acts.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

import pandas as pd
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from .pages import PAGE_AGENTS, PAGE_CONVERSATIONS, PAGE_CUSTOMERS, PAGE_ORDERS, PAGE_OVERVIEW, PAGE_TRENDS
from .state import AppState
from .tasks import drill_frame
from .views.agents import AgentsView
from .views.conversations import ConversationsView
from .views.customers import CustomersView
from .views.orders import OrdersView
from .views.overview import OverviewView

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


class PageLinks(QObject):
    """Connects the pages' intents to the state and to each other."""

    def __init__(self, state: AppState, views: dict[str, QWidget], show_page: Callable[[str], None],
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.state = state
        self.show_page = show_page
        self.agents = _typed(views, PAGE_AGENTS, AgentsView)
        self.overview = _typed(views, PAGE_OVERVIEW, OverviewView)
        self.orders = _typed(views, PAGE_ORDERS, OrdersView)
        self.conversations = _typed(views, PAGE_CONVERSATIONS, ConversationsView)
        self.customers = _typed(views, PAGE_CUSTOMERS, CustomersView)
        if self.agents is not None:
            self.agents.drill_requested.connect(self.drill_down)
        if self.orders is not None:
            self.orders.handled_requested.connect(self.mark_handled)
            self.orders.marked_by = lambda: self.state.marked_by  # shown in "Marked by" at once
        if self.overview is not None:
            self.overview.card_activated.connect(self.open_card)
            if self.agents is not None:  # one day under review at a time
                self.overview.day_changed.connect(self.agents.set_day)
        # the privacy preference decides the start; the page's own toggle lasts for the session
        self.set_unmasked(not state.settings.mask_pii)

    def open_card(self, key: str) -> None:
        """An Overview card was clicked: open the page (and order check) behind the figure."""
        page, check = CARD_TARGETS.get(key, (None, None))
        if page is None:
            return
        if check and self.orders is not None:
            self.orders.show_check(check)
        self.show_page(page)

    def drill_down(self, agent: str, kpi: str) -> None:
        """Show the rows behind an agent's figure on the Conversations page."""
        results = self.state.results
        if results is None or self.agents is None or self.conversations is None:
            return
        day = self.agents.selected_day()
        frame, title = drill_frame(results, agent, kpi, day)
        label = _header_label(self.agents, kpi)
        if label:
            title = f"{agent} · {label}" + (f" · {pd.Timestamp(day):%Y-%m-%d}" if day is not None else "")
        self.conversations.show_frame(frame, title)
        self.show_page(PAGE_CONVERSATIONS)

    def mark_handled(self, check: str, platform: str, order_id: str, note: str) -> None:
        """An order check row was marked handled: remember it in the store."""
        try:
            self.state.repository.set_handled(check, platform, order_id, note, by=self.state.marked_by)
            if self.state.results is not None:
                self.state.repository.apply_handled(self.state.results)
        except Exception as exc:  # noqa: BLE001 - shown with its details; the list stays as it is
            import traceback

            self.state.report_error(exc, traceback.format_exc())
        # no re-render: the orders view already greyed the row, and redrawing every view would
        # lose the user's selection and filter in the middle of working through a list

    def set_unmasked(self, unmasked: bool) -> None:
        if self.customers is not None:
            self.customers.set_unmasked(unmasked)

    def mask_pii_now(self) -> bool:
        """Mask contact details in exports: the preference, unless unmasked on the Customers page."""
        unmasked = self.customers is not None and self.customers.is_unmasked()
        return self.state.settings.mask_pii and not unmasked


def _typed(views: dict[str, QWidget], key: str, cls: type) -> Any:
    view = views.get(key)
    return view if isinstance(view, cls) else None


def _header_label(view: AgentsView, key: str) -> str:
    """The translated column header of ``key`` in the scorecard."""
    model = view.table.model
    col = model.column_of(key)
    if col is None or col < 0:
        return ""
    return str(model.headerData(col, Qt.Orientation.Horizontal) or "")
