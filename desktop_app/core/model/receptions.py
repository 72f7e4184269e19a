"""Which chats are receptions (issue 11): robot accounts apart, and chats after an order are reminder cases.

- **Robot accounts** (店小蜜 and the sub-accounts named in ``settings.robot_accounts``): their chats are
  volume, not receptions. They keep a row in the agent table, labelled ``robot`` (``"robot": true`` in
  the JSON), outside every shop total (conversations, inquiring buyers, the silent/inquiry split):
  the orders of buyers served only by them are silent sales. Their turns were already left out of
  every response time (conversations.py).
- **Reminder cases**: a conversation that begins after the buyer placed an order (within the
  attribution window before it) is a reminder or after-sale case, not an inquiry: it does not count in
  询单人数 (the agent's or the shop's).
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .conversations import robot_accounts
from .settings import ModelSettings

NS = 1_000_000_000


def robot_agent_names(agents, settings: ModelSettings) -> set:
    """The agent names (of ``agents``, any iterable) that are robot accounts."""
    names = pd.Index(pd.unique(pd.Series(list(agents), dtype=object)))
    if not len(names):
        return set()
    flags = robot_accounts(names.to_numpy(dtype=object), settings)
    return set(names[np.asarray(flags, dtype=bool)].tolist())


def is_robot(frame: pd.DataFrame, robots: set) -> np.ndarray:
    """True for the rows of ``frame`` (with an ``agent`` column) that belong to a robot account."""
    if not robots or not len(frame):
        return np.zeros(len(frame), dtype=bool)
    agent = frame["agent"]
    if isinstance(agent.dtype, pd.CategoricalDtype):
        cats = np.array([c in robots for c in agent.cat.categories], dtype=bool)
        codes = agent.cat.codes.to_numpy()
        return np.where(codes >= 0, cats[np.maximum(codes, 0)], False)
    return agent.astype(object).isin(robots).to_numpy()


def mark_reminder_cases(conversations: pd.DataFrame, orders: pd.DataFrame, settings: ModelSettings
                        ) -> pd.DataFrame:
    """``conversations`` with ``inquiry`` False where the buyer had ordered before the conversation began.

    An order counts when it was created at or before the conversation's start and no more than
    ``attribution_window_days`` earlier. Adds a bool column ``reminder_case``. Returns a new frame when
    anything changes, else the same object.
    """
    return reminder_cases_within(conversations, order_gaps(conversations, orders), settings)


def order_gaps(conversations: pd.DataFrame, orders: pd.DataFrame) -> Optional[np.ndarray]:
    """Per conversation: ns from the buyer's latest order created at or before its start to the start
    (int64 max without one); None when no order can count (mark_reminder_cases changes nothing then).

    The window-independent part of mark_reminder_cases (the stage graph keeps it while the window moves).
    """
    n = len(conversations)
    if not n or not len(orders):
        return None
    buyer = conversations["buyer"]
    cats = buyer.cat.categories if isinstance(buyer.dtype, pd.CategoricalDtype) else \
        pd.Index(pd.unique(buyer.astype(object)))
    c_code = (buyer.cat.codes.to_numpy() if isinstance(buyer.dtype, pd.CategoricalDtype)
              else cats.get_indexer(buyer.astype(object))).astype(np.int64)
    o_code = cats.get_indexer(orders["buyer"].astype(object)).astype(np.int64)
    created = pd.to_datetime(orders["created"]).to_numpy(dtype="datetime64[ns]")
    ok = (o_code >= 0) & ~np.isnat(created)
    if not ok.any():
        return None
    start = pd.to_datetime(conversations["start"]).to_numpy("datetime64[ns]").view(np.int64)
    # the orders sorted by (buyer, creation); each start's latest order at or before it by a binary
    # search on (buyer, whole second), then stepped back over the orders later in that same second
    ob, oc = o_code[ok], created[ok].view(np.int64)
    order = np.lexsort((oc, ob))
    ob, oc = ob[order], oc[order]
    uk, rank = np.unique(ob, return_inverse=True)
    s0 = int(min(oc.min(), start.min()) // NS)
    span = int(max(oc.max(), start.max()) // NS) - s0 + 1
    key = rank.astype(np.int64) * span + (oc // NS - s0)
    at = np.minimum(np.searchsorted(uk, c_code), len(uk) - 1)
    known = uk[at] == c_code
    i = np.searchsorted(key, at * span + (start // NS - s0), "right") - 1
    while True:
        ic = np.maximum(i, 0)
        late = known & (i >= 0) & (ob[ic] == c_code) & (oc[ic] > start)
        if not late.any():
            break
        i = np.where(late, i - 1, i)
    ic = np.maximum(i, 0)
    found = known & (i >= 0) & (ob[ic] == c_code)
    out = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    out[found] = start[found] - oc[ic[found]]
    return out


def reminder_cases_within(conversations: pd.DataFrame, gaps: Optional[np.ndarray],
                          settings: ModelSettings) -> pd.DataFrame:
    """mark_reminder_cases from ``order_gaps``: a reminder case when the gap is within the attribution window."""
    if gaps is None:
        return conversations
    after = gaps <= pd.Timedelta(days=float(settings.attribution_window_days)).value
    out = conversations.copy(deep=False)
    out["reminder_case"] = after
    if after.any():
        out["inquiry"] = out["inquiry"].to_numpy(dtype=bool) & ~after
    return out
