"""Where resources, user data, settings and logs live (frozen build or source checkout)."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

#: organisation / application names used by QSettings, platformdirs and the log file
ORG_NAME = "desktop-app"
APP_NAME = "客服绩效工作台"
#: ASCII directory name: some platforms' tools choke on non-ASCII paths
APP_DIR_NAME = "desktop-app"


def resource_path(rel: str) -> Path:
    """Absolute path of ``resources/<rel>`` in a PyInstaller bundle or in the source tree."""
    base = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and base:
        return Path(base) / "resources" / rel
    # desktop_app/ui/paths.py -> repository root is two levels above the package
    return Path(__file__).resolve().parents[2] / "resources" / rel


def default_data_dir() -> Path:
    """The per-user data directory (store, mappings, demo) unless ``--data-dir`` overrides it.

    The same folder as the store's own default, so the window and the command line share one history.
    """
    from ..core.store import default_data_dir as store_default

    return Path(store_default())


def log_dir() -> Path:
    """The per-user log directory (crash logs)."""
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def settings_path(data_dir: Path) -> Path:
    """The INI file of the app's preferences and window state inside ``data_dir``."""
    return Path(data_dir) / "settings.ini"
