"""SQLite history of every import: idempotent re-imports, handled marks, membership levels.

See docs/store.md. The public names are ``Store``, ``ImportRecord``, ``default_data_dir``.
"""

from .db import CHECKS, DB_FILE, ImportRecord, Store, default_data_dir

__all__ = ["CHECKS", "DB_FILE", "ImportRecord", "Store", "default_data_dir"]
