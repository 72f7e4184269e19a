"""The store's shops and imports the user controls: list shops, remove an import, undo the removal.

Mixed into ``Store`` (db.py); works on ``self._conn`` and ``self._tx()``. The rules live in shops.py
(which shop a row belongs to) and provenance.py (what removing an import takes away).
"""

from __future__ import annotations

from typing import Iterable, Optional

import pandas as pd

from . import currency, faults, provenance, removal_engine, shops
from .engine import read_sql


class ShopsAndImports:
    """Shop and import methods of ``Store``."""

    def shops(self) -> pd.DataFrame:
        """id, platform, name, orders, messages of every shop that holds imported rows."""
        return shops.list_shops(self._conn)

    def shop_ids(self, wanted: Iterable) -> list[int]:
        """Shop ids for ids, names ('示例旗舰店', 'taobao:示例旗舰店') or (platform, name) pairs.

        Raises KeyError with the first one that matches no shop.
        """
        if isinstance(wanted, (str, tuple, int)):
            wanted = [wanted]
        return shops.find_shops(self._conn, list(wanted))

    def currencies(self, shop_ids: Optional[list[int]] = None) -> dict[str, list[int]]:
        """currency code -> ids of the (chosen) shops in it; exports that state none count as CNY."""
        return currency.currencies(self._conn, shop_ids)

    def import_shops(self) -> pd.DataFrame:
        """import_id, shop_id, platform, name: the shops each import brought rows of."""
        return read_sql(
            "SELECT i.import_id, s.id AS shop_id, s.platform, s.name FROM import_shops i"
            " JOIN shops s ON s.id = i.shop_id ORDER BY i.import_id, s.platform, s.name", self._conn)

    def inventory_snapshot(self, shop_ids: Optional[list[int]] = None) -> pd.DataFrame:
        """sku, title, available of the latest inventory sheet of each shop (and of the shared one).

        With ``shop_ids``, those shops' sheets and the shared sheet; a SKU in several sheets: the
        latest import's row.
        """
        where = ""
        if shop_ids is not None:
            where = f" WHERE shop_id IS NULL OR shop_id IN ({', '.join(str(int(i)) for i in shop_ids) or 'NULL'})"
        frame = read_sql(
            "SELECT sku, title, available FROM inventory WHERE import_id IN ("
            f" SELECT max(import_id) FROM inventory{where} GROUP BY shop_id) ORDER BY import_id, rowid", self._conn)
        return frame.drop_duplicates("sku", keep="last").reset_index(drop=True)

    def remove_import(self, import_id: int) -> dict[str, int]:
        """Delete what import ``import_id`` alone brought, rebuild what others also brought (one transaction).

        Returns counts (orders_removed, orders_rebuilt, lines_removed, messages_removed, messages_kept,
        inventory_removed). ``undo_removal()`` puts it back until the store is closed or something
        else is imported or removed. Raises KeyError for an unknown id.
        """
        snapshot = None
        try:
            # a larger page cache, and the log copied back afterwards (checkpoint()), not inside the COMMIT
            with removal_engine.removal_settings(self._conn), self._tx():
                if not self._conn.execute("SELECT 1 FROM imports WHERE id = ?", (int(import_id),)).fetchone():
                    raise KeyError(import_id)
                # the undo's view of the store as it is before the removal (nothing is copied now)
                snapshot = removal_engine.open_snapshot(self.path)
                stats = provenance.remove(self._conn, int(import_id))
        except BaseException:
            if snapshot is not None:
                removal_engine.end_snapshot(snapshot)  # a failed removal keeps the earlier undo
            raise
        self._forget_removal()
        self._removal_snapshot = (snapshot, int(import_id))
        return stats

    def checkpoint(self) -> bool:
        """Copy the write-ahead log back into the file, on a connection of its own (it needs no lock of this
        Store); True when all of it went. While a removal can be undone, its undo's snapshot keeps the
        removal's pages in the log: they go back once the undo ends (an import, the undo, closing)."""
        return removal_engine.checkpoint(self.path)

    def removal_to_undo(self) -> Optional[int]:
        """The id of the import whose removal ``undo_removal`` would put back, or None."""
        kept = getattr(self, "_removal_snapshot", None)
        return kept[1] if kept is not None else None

    def undo_removal(self) -> int:
        """Put back the last removed import exactly as it was; returns its id (LookupError: nothing to undo)."""
        kept = getattr(self, "_removal_snapshot", None)
        if kept is None:
            raise LookupError("nothing to undo")
        if self.read_only:
            raise faults.read_only(self.path)
        snapshot, import_id = kept
        # what the removal changed, copied from the store as it was, then put back in one transaction
        provenance.capture(snapshot, import_id)
        snapshot.execute("COMMIT")  # the read transaction ends; the copies stay (TEMP tables)
        with removal_engine.removal_settings(snapshot):
            faults.begin_write(snapshot, self.path, wait=min(self.busy_wait, 30.0))
            try:
                provenance.undo(snapshot)
                snapshot.execute("COMMIT")
            except BaseException as exc:
                faults.rollback_quietly(snapshot)
                self._forget_removal()  # its view ended with the copy: it cannot be tried again
                faults.reraise(exc, self.path)
        self._forget_removal(checkpoint=True)
        return import_id

    def _forget_removal(self, checkpoint: bool = False) -> None:
        """The last removal can no longer be undone (another import or removal, or the store closes).

        ``checkpoint``: then copy the log back (the snapshot kept the removal's pages in it), as an import
        does after its COMMIT on its own thread, so no later small write on the GUI thread pays for it."""
        kept = self.__dict__.pop("_removal_snapshot", None)
        if kept is not None:
            removal_engine.end_snapshot(kept[0])
            if checkpoint:
                removal_engine.checkpoint(self.path)
