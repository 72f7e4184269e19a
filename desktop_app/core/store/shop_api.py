"""The store's shops and imports the user controls: list shops, remove an import, undo the removal.

Mixed into ``Store`` (db.py); works on ``self._conn`` and ``self._tx()``. The rules live in shops.py
(which shop a row belongs to) and provenance.py (what removing an import takes away).
"""

from __future__ import annotations

from typing import Iterable, Optional

import pandas as pd

from . import currency, provenance, shops


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
        return pd.read_sql_query(
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
        frame = pd.read_sql_query(
            "SELECT sku, title, available FROM inventory WHERE import_id IN ("
            f" SELECT max(import_id) FROM inventory{where} GROUP BY shop_id) ORDER BY import_id, rowid", self._conn)
        return frame.drop_duplicates("sku", keep="last").reset_index(drop=True)

    def remove_import(self, import_id: int) -> dict[str, int]:
        """Delete what import ``import_id`` alone brought, rebuild what others also brought (one transaction).

        Returns counts (orders_removed, orders_rebuilt, lines_removed, messages_removed, messages_kept,
        inventory_removed). ``undo_removal()`` puts it back until the store is closed or something
        else is imported or removed. Raises KeyError for an unknown id.
        """
        with self._tx():
            return provenance.remove(self._conn, int(import_id))

    def removal_to_undo(self) -> Optional[int]:
        """The id of the import whose removal ``undo_removal`` would put back, or None."""
        return provenance.can_undo(self._conn)

    def undo_removal(self) -> int:
        """Put back the last removed import exactly as it was; returns its id (LookupError: nothing to undo)."""
        with self._tx():
            return provenance.undo(self._conn)
