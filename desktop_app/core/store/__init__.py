"""SQLite history of every import: idempotent re-imports, handled marks, membership levels.

See docs/store.md. The public names are ``Store``, ``ImportRecord``, ``default_data_dir`` and
``compute_range`` (a range's KPIs with the history its customer and order checks need) and
``trends_range`` (daily trends of the last weeks, whatever range is on screen). Its faults are the
``StoreError`` kinds (faults.py: busy, full, write failed, damaged, read-only, folder); opening is in
open.py, privacy at rest (private files, minimised contacts) in privacy.py.
"""

from .db import CHECKS, DB_FILE, HISTORY_DAYS, ImportRecord, Store, default_data_dir
from .faults import (StoreBusy, StoreDamaged, StoreError, StoreFolderError, StoreFull, StoreReadOnly,
                     StoreWriteFailed)
from .ranged import compute_range, trends_range

__all__ = ["CHECKS", "DB_FILE", "HISTORY_DAYS", "ImportRecord", "Store", "compute_range", "default_data_dir",
           "trends_range", "StoreBusy", "StoreDamaged", "StoreError", "StoreFolderError", "StoreFull",
           "StoreReadOnly", "StoreWriteFailed"]
