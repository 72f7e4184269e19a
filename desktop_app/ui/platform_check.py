"""Before Qt starts on Linux: can its X11 (xcb) platform plugin load? If not, name the missing libraries.

Qt's own answer to a missing library is an abort ("Could not load the Qt platform plugin "xcb"") that
names the plugin, not the library. This check runs ``ldd`` on the plugin (no Qt import, no QApplication)
and turns the libraries it cannot find into one line with the apt command that installs them.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

#: shared library -> the Debian/Ubuntu package that installs it (what Qt 6's xcb plugin links)
XCB_PACKAGES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.M)


def xcb_plugin() -> Optional[Path]:
    """PySide6's libqxcb.so, found without importing Qt (None when PySide6 or the plugin is absent)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(list(spec.submodule_search_locations)[0]) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` reports as "not found", each once, in its order."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def package_for(library: str) -> str:
    """The Debian package of a shared library (a guess from its name when not listed)."""
    if library in XCB_PACKAGES:
        return XCB_PACKAGES[library]
    m = re.match(r"(lib[\w+-]+?)\.so\.(\d+)", library)
    if not m:
        return library
    name, version = m.group(1).lower(), m.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def message(missing: list[str]) -> str:
    """One line: what is missing and the command that installs it."""
    packages = " ".join(dict.fromkeys(package_for(lib) for lib in missing))
    return (f"desktop-app: Qt cannot open a window on X11: missing {', '.join(missing)}. "
            f"Install them with: sudo apt-get install {packages}")


def wants_xcb(environ: Optional[dict] = None) -> bool:
    """True when Qt would start its xcb platform: Linux, an X display, and no other platform chosen."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux") or not env.get("DISPLAY"):
        return False
    platform = env.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    # a Wayland session without a platform chosen starts Qt's wayland plugin, not xcb
    return not env.get("WAYLAND_DISPLAY")


def check_xcb(environ: Optional[dict] = None, plugin: Optional[Path] = None) -> Optional[str]:
    """The line to print when the xcb plugin cannot load, else None (also when it cannot be checked)."""
    if not wants_xcb(environ):
        return None
    plugin = plugin or xcb_plugin()
    ldd = shutil.which("ldd")
    if plugin is None or ldd is None:
        return None
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    missing = missing_libraries(out)
    return message(missing) if missing else None
