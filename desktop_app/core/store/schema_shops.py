"""Schema step "shops and provenance": every row belongs to a shop, every row knows its imports.

Self-contained (it depends on the version-2 tables only), so it can sit at any step number after 2.

* ``shops`` (platform, name); ``orders``, ``messages`` and ``inventory`` get a ``shop_id``. Order lines
  belong to their order's shop. An inventory row with a NULL shop is a shared warehouse: it is read
  with every shop.
  ``orders_shop_created`` and ``messages_shop_time`` let a shop's range be read without touching
  the other shops' rows (bench/shop_filter_bench.py).
* ``import_shops`` lists the shops each import brought rows of; ``shop_memory`` remembers the shop a
  user named for a file without a shop column, per header signature.
* Provenance. ``orders.import_id`` / ``lines.import_id`` / ``messages.import_id`` name the import
  that wrote the row. When a second import brings the same order (or lines of the same order), each
  contributor's own version is kept in ``order_versions`` / ``line_versions`` (only for orders more than
  one import brought), so removing one import recomputes the order from the others exactly. A message
  that several imports brought is listed in ``message_sources`` for every import but its owner (the
  ``messages_sources`` trigger fills it as the duplicate is ignored).
* Existing stores: a row gets the shop its own ``shop`` text names (a message's platform from a shop of
  the same name among the orders), else the one shop its import's other rows name, else 默认店铺. Inventory
  rows become shared. Provenance starts with the migration: each row belongs to the import that last
  wrote it.
"""

from __future__ import annotations

import sqlite3

#: the name of the shop rows go to when neither the file nor the user names one
DEFAULT_SHOP = "默认店铺"

_ORDER_VERSION_COLS = (
    "platform TEXT NOT NULL, order_id TEXT NOT NULL, shop TEXT NOT NULL DEFAULT '',"
    " buyer TEXT NOT NULL DEFAULT '', created TEXT, paid TEXT, shipped TEXT, status TEXT NOT NULL DEFAULT '',"
    " status_raw TEXT NOT NULL DEFAULT '', paid_amount REAL NOT NULL DEFAULT 0,"
    " refund_amount REAL NOT NULL DEFAULT 0, items REAL NOT NULL DEFAULT 0, presale INTEGER NOT NULL DEFAULT 0,"
    " ship_by TEXT, remark TEXT NOT NULL DEFAULT '', receiver_name TEXT NOT NULL DEFAULT '',"
    " receiver_phone TEXT NOT NULL DEFAULT '', receiver_address TEXT NOT NULL DEFAULT '',"
    " import_id INTEGER NOT NULL, shop_id INTEGER"
)

DDL = f"""
CREATE TABLE shops (
    id       INTEGER PRIMARY KEY,
    platform TEXT NOT NULL DEFAULT '',    -- '' while only a chat log names it
    name     TEXT NOT NULL,
    currency TEXT NOT NULL DEFAULT '',    -- the ISO code its exports state, '' = not stated (yuan)
    UNIQUE (platform, name)
);
ALTER TABLE orders ADD COLUMN shop_id INTEGER REFERENCES shops(id);
ALTER TABLE messages ADD COLUMN shop_id INTEGER REFERENCES shops(id);
ALTER TABLE inventory ADD COLUMN shop_id INTEGER REFERENCES shops(id);
CREATE INDEX orders_shop_created ON orders(shop_id, created);
CREATE INDEX messages_shop_time ON messages(shop_id, time);
CREATE INDEX orders_import ON orders(import_id);
CREATE INDEX lines_import ON lines(import_id);
CREATE INDEX messages_import ON messages(import_id);
CREATE INDEX inventory_import ON inventory(import_id);
CREATE TABLE import_shops (
    import_id INTEGER NOT NULL REFERENCES imports(id),
    shop_id   INTEGER NOT NULL REFERENCES shops(id),
    PRIMARY KEY (import_id, shop_id)
);
CREATE TABLE shop_memory (
    signature TEXT PRIMARY KEY,          -- header signature of a file without a shop column
    name      TEXT NOT NULL
);
CREATE TABLE order_versions ({_ORDER_VERSION_COLS}, PRIMARY KEY (platform, order_id, import_id));
CREATE INDEX order_versions_import ON order_versions(import_id);
CREATE TABLE line_versions (
    import_id INTEGER NOT NULL, platform TEXT NOT NULL, order_id TEXT NOT NULL, seq INTEGER NOT NULL,
    sku TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '', quantity REAL NOT NULL DEFAULT 0,
    price REAL NOT NULL DEFAULT 0, refund_amount REAL NOT NULL DEFAULT 0, status_raw TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (platform, order_id, import_id, seq)
);
CREATE INDEX line_versions_import ON line_versions(import_id);
CREATE TABLE message_sources (
    message_id INTEGER NOT NULL,
    import_id  INTEGER NOT NULL,
    PRIMARY KEY (message_id, import_id)
);
CREATE INDEX message_sources_import ON message_sources(import_id)
"""

#: records every further import that brings a message already stored (INSERT OR IGNORE skips the row)
TRIGGER = """
CREATE TRIGGER messages_sources BEFORE INSERT ON messages
BEGIN
    INSERT OR IGNORE INTO message_sources (message_id, import_id)
    SELECT id, NEW.import_id FROM messages
     WHERE time = NEW.time AND buyer = NEW.buyer AND agent = NEW.agent AND sender = NEW.sender
       AND text = NEW.text AND import_id != NEW.import_id;
END"""

_MOVE_EXISTING = [
    # the one shop each import's orders (per platform) and messages name, when they name exactly one
    """CREATE TEMP TABLE import_order_shop AS SELECT import_id, platform, max(shop) AS name FROM orders
        WHERE shop != '' GROUP BY import_id, platform HAVING count(DISTINCT shop) = 1""",
    """CREATE TEMP TABLE import_message_shop AS SELECT import_id, max(shop) AS name FROM messages
        WHERE shop != '' GROUP BY import_id HAVING count(DISTINCT shop) = 1""",
    # orders: their own shop, else the import's one shop, else the default shop
    f"""CREATE TEMP TABLE order_shop AS
        SELECT o.rowid AS rid, o.platform, CASE WHEN o.shop != '' THEN o.shop ELSE coalesce(i.name, '{DEFAULT_SHOP}')
               END AS name
          FROM orders o LEFT JOIN temp.import_order_shop i ON i.import_id = o.import_id AND i.platform = o.platform""",
    "CREATE INDEX temp.order_shop_rid ON order_shop(rid)",
    "INSERT OR IGNORE INTO shops (platform, name) SELECT DISTINCT platform, name FROM temp.order_shop",
    """UPDATE orders SET shop_id = (SELECT s.id FROM temp.order_shop t JOIN shops s
           ON s.platform = t.platform AND s.name = t.name WHERE t.rid = orders.rowid)""",
    # messages: the same, with the platform of the orders' shop of that name when there is exactly one
    f"""CREATE TEMP TABLE message_shop AS
        SELECT m.id, CASE WHEN m.shop != '' THEN m.shop ELSE coalesce(i.name, '{DEFAULT_SHOP}') END AS name,
               '' AS platform
          FROM messages m LEFT JOIN temp.import_message_shop i ON i.import_id = m.import_id""",
    "CREATE INDEX temp.message_shop_id ON message_shop(id)",
    """CREATE TEMP TABLE name_platform AS SELECT name, max(platform) AS platform FROM shops
        GROUP BY name HAVING count(DISTINCT platform) = 1""",
    """UPDATE temp.message_shop SET platform = coalesce(
           (SELECT p.platform FROM temp.name_platform p WHERE p.name = message_shop.name), '')""",
    "INSERT OR IGNORE INTO shops (platform, name) SELECT DISTINCT platform, name FROM temp.message_shop",
    """UPDATE messages SET shop_id = (SELECT s.id FROM temp.message_shop t JOIN shops s
           ON s.platform = t.platform AND s.name = t.name WHERE t.id = messages.id)""",
    """INSERT OR IGNORE INTO import_shops (import_id, shop_id)
       SELECT DISTINCT import_id, shop_id FROM orders UNION SELECT DISTINCT import_id, shop_id FROM messages""",
]
_TEMP = ("import_order_shop", "import_message_shop", "order_shop", "message_shop", "name_platform")


def step(conn: sqlite3.Connection) -> None:
    """Add shops and provenance, and give every existing row its shop (inside the caller's transaction)."""
    for statement in DDL.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(TRIGGER)
    for statement in _MOVE_EXISTING:
        conn.execute(statement)
    for name in _TEMP:
        conn.execute(f"DROP TABLE temp.{name}")
