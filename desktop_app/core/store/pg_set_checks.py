"""Schema step 8 (PostgreSQL only): the big tables' foreign keys checked once per statement, not once per row.

PostgreSQL checks a FOREIGN KEY with a row trigger: every row a COPY-fed ``INSERT ... SELECT`` writes runs
one ``SELECT ... FOR KEY SHARE`` on the parent (``imports``, ``shops``) - about half of an import's insert
time (5,000,000 messages carry two such keys). This step keeps the same integrity with set-based checks:

* on the children (``orders``, ``lines``, ``messages``, ``inventory``): the ``import_id`` -> ``imports(id)`` and
  ``shop_id`` -> ``shops(id)`` constraints are replaced by one AFTER INSERT and one AFTER UPDATE trigger *per
  statement* with a transition table: one anti-join of the statement's distinct keys against the parent,
  raising ``foreign_key_violation`` (SQLSTATE 23503) like the constraint did, at the end of the statement as
  the constraint (NO ACTION) did;
* on the parents (a handful of rows): a row trigger before DELETE (and before an UPDATE of ``id``) refuses
  to remove a parent some child row still names, through the children's ``import_id`` / ``shop_id`` indexes;
  TRUNCATE of a parent is refused while a child has rows.

``messages_identity`` keys a message by (time, one md5 of the other four fields) instead of four md5s (see
``IDENTITY_KEY``). The ``messages_sources`` row trigger (schema_shops.py) gets a WHEN clause: while an import writes a whole
staging table set-wise (engine_postgres: the trigger's work done once, ``desktop_app.bulk`` on), PostgreSQL
skips it without calling plpgsql for each row.

SQLite checks a foreign key by one lookup in the parent's primary key, in the same b-tree pass: nothing to
gain there, so its constraints stay; on SQLite this step gives the ``messages_sources`` trigger its own kind of
WHEN clause instead (sqlite_bulk.py). Tests:
tests/core/test_store_pg_set_checks.py.
"""

from __future__ import annotations

from typing import Any

from .engine import POSTGRESQL, engine_of

#: child table -> {column: parent table}; every parent's key is ``id``
CHECKED: dict[str, dict[str, str]] = {
    "orders": {"import_id": "imports", "shop_id": "shops"},
    "lines": {"import_id": "imports"},
    "messages": {"import_id": "imports", "shop_id": "shops"},
    "inventory": {"import_id": "imports", "shop_id": "shops"},
}
#: the setting the set-wise import turns on (pg_sql.BULK_SETTING; repeated here to keep this module standalone)
_BULK = "desktop_app.bulk"


def _native(conn: Any, sql: str, params: tuple = ()) -> list:
    """A statement in PostgreSQL's own dialect (plpgsql bodies: nothing for pg_sql to translate)."""
    return conn.native(sql, params)


def _child_check(table: str, columns: dict[str, str]) -> str:
    tests = []
    for col, parent in columns.items():
        tests.append(
            f"IF EXISTS (SELECT 1 FROM (SELECT DISTINCT n.{col} AS k FROM new_rows n WHERE n.{col} IS NOT NULL) d"
            f" WHERE NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = d.k)) THEN"
            f" RAISE EXCEPTION 'insert or update on table \"{table}\" violates foreign key ({col}) -> {parent}(id)'"
            f" USING ERRCODE = 'foreign_key_violation'; END IF;")
    return (f"CREATE OR REPLACE FUNCTION {table}_fk_check() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
            + " ".join(tests) + " RETURN NULL; END $fn$")


def _parent_check(parent: str) -> str:
    tests = []
    for table, columns in CHECKED.items():
        for col, p in columns.items():
            if p == parent:
                tests.append(
                    f"IF EXISTS (SELECT 1 FROM {table} c WHERE c.{col} = OLD.id) THEN"
                    f" RAISE EXCEPTION 'update or delete on table \"{parent}\" violates foreign key of \"{table}\" ({col})'"
                    f" USING ERRCODE = 'foreign_key_violation'; END IF;")
    return (f"CREATE OR REPLACE FUNCTION {parent}_fk_parent() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN "
            + " ".join(tests) + " IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $fn$")


def _parent_truncate(parent: str) -> str:
    children = sorted({t for t, cols in CHECKED.items() if parent in cols.values()})
    test = " OR ".join(f"EXISTS (SELECT 1 FROM {t})" for t in children)
    return (f"CREATE OR REPLACE FUNCTION {parent}_fk_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN IF {test} THEN"
            f" RAISE EXCEPTION 'cannot truncate \"{parent}\": other tables name its rows'"
            " USING ERRCODE = 'foreign_key_violation'; END IF; RETURN NULL; END $fn$")


def step(conn: Any) -> None:
    """Migration to version 8 (inside the caller's transaction); on SQLite: sqlite_bulk.step."""
    if engine_of(conn) != POSTGRESQL:
        from . import sqlite_bulk

        sqlite_bulk.step(conn)
        return
    for table, columns in CHECKED.items():
        for col, parent in columns.items():
            rows = _native(conn, """
                SELECT c.conname FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid
                   AND a.attnum = c.conkey[1]
                 WHERE c.contype = 'f' AND c.conrelid = %s::regclass AND c.confrelid = %s::regclass
                   AND array_length(c.conkey, 1) = 1 AND a.attname = %s""", (table, parent, col))
            for (name,) in rows:
                _native(conn, f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        _native(conn, _child_check(table, columns))
        for event in ("INSERT", "UPDATE"):
            _native(conn, f"DROP TRIGGER IF EXISTS {table}_fk_{event.lower()} ON {table}")
            _native(conn, f"CREATE TRIGGER {table}_fk_{event.lower()} AFTER {event} ON {table}"
                          f" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {table}_fk_check()")
    for parent in ("imports", "shops"):
        for kind in ("delete", "update", "truncate"):
            _native(conn, f"DROP TRIGGER IF EXISTS {parent}_fk_{kind} ON {parent}")
        _native(conn, _parent_check(parent))
        _native(conn, f"CREATE TRIGGER {parent}_fk_delete BEFORE DELETE ON {parent} FOR EACH ROW"
                      f" EXECUTE FUNCTION {parent}_fk_parent()")
        _native(conn, f"CREATE TRIGGER {parent}_fk_update BEFORE UPDATE OF id ON {parent} FOR EACH ROW"
                      f" WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION {parent}_fk_parent()")
        _native(conn, _parent_truncate(parent))
        _native(conn, f"CREATE TRIGGER {parent}_fk_truncate BEFORE TRUNCATE ON {parent} FOR EACH STATEMENT"
                      f" EXECUTE FUNCTION {parent}_fk_truncate()")
    _skip_row_trigger_in_bulk(conn, "messages", "messages_sources")
    _native(conn, "DROP INDEX IF EXISTS messages_identity")
    _native(conn, f"CREATE UNIQUE INDEX messages_identity ON messages (time, ({IDENTITY_KEY}))")


#: a message's identity after its time, as one 16-byte key: md5 of buyer, agent, sender and text, each but the
#: last prefixed by its length (so no two different tuples give the same string). Step 1's index
#: (time, md5(buyer), md5(agent), md5(sender), md5(text)) took ~150 bytes an entry and four md5 calls a row,
#: twice per row under ON CONFLICT; this one 16 bytes and one call. Equal keys <=> equal fields (as with
#: step 1's md5s: a collision of md5 is not a practical concern). Reads by time use its first column as before.
IDENTITY_KEY = ("md5(length(buyer)::text || ':' || buyer || length(agent)::text || ':' || agent"
                " || length(sender)::text || ':' || sender || text)::uuid")


def _skip_row_trigger_in_bulk(conn: Any, table: str, name: str) -> None:
    """Re-create row trigger ``name`` with a WHEN clause that skips it while an import works set-wise (its
    COMMENT, the set-wise form engine_postgres runs, is kept)."""
    found = _native(conn, "SELECT t.tgfoid::regproc::text, t.tgtype, coalesce(obj_description(t.oid, 'pg_trigger'), '')"
                          " FROM pg_trigger t WHERE t.tgrelid = %s::regclass AND t.tgname = %s", (table, name))
    if not found:
        return
    function, tgtype, comment = found[0]
    if not (tgtype & 1) or not (tgtype & 4):  # a row trigger on INSERT is what schema_shops made
        return
    when = "BEFORE" if tgtype & 2 else "AFTER"
    _native(conn, f"DROP TRIGGER {name} ON {table}")
    _native(conn, f"CREATE TRIGGER {name} {when} INSERT ON {table} FOR EACH ROW"
                  f" WHEN (current_setting('{_BULK}', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION {function}()")
    if comment:
        _native(conn, f"COMMENT ON TRIGGER {name} ON {table} IS '{comment.replace(chr(39), chr(39) * 2)}'")
