"""Schema step "removal indexes": fewer indexes for removing an import to maintain (migration step 6).

Every index of a big table is one more b-tree each deleted row is taken out of (bench/store_bench.py).
Two were redundant:

* ``messages_time`` (messages by time): ``messages_identity`` (time, buyer, agent, sender, text) starts
  with the time, so it serves every read by time range and ``min(time)`` / ``max(time)`` as well;
  ``messages_shop_time`` serves the reads of chosen shops.
* ``orders_buyer`` (orders by buyer): no statement reads orders by buyer (the model groups buyers in
  memory); it only cost time on every import and removal.

``orders_created`` stays: the reads of all shops by date range use it (``orders_shop_created`` only
serves the reads of chosen shops). Portable SQL (``DROP INDEX IF EXISTS``).
"""

from __future__ import annotations

#: indexes this step drops (test_store_removal_indexes checks they are gone and reads still use an index)
DROPPED = ("messages_time", "orders_buyer")


def step(conn) -> None:
    """Drop the redundant indexes (inside the caller's transaction)."""
    for name in DROPPED:
        conn.execute(f"DROP INDEX IF EXISTS {name}")
