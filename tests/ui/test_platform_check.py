"""Before Qt starts: a missing X11 library is named with its apt package, instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.ui import platform_check as pc

LDD_OUTPUT = """\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /x/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-icccm.so.4 => not found
"""


def test_missing_libraries_are_read_from_ldd_once_each():
    assert pc.missing_libraries(LDD_OUTPUT) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert pc.missing_libraries("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


def test_packages_of_the_libraries():
    assert pc.package_for("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert pc.package_for("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    # not in the table: Debian's rule (a digit at the end of the name takes a hyphen)
    assert pc.package_for("libxcb-foo.so.2") == "libxcb-foo2"
    assert pc.package_for("libfoo2.so.3") == "libfoo2-3"
    line = pc.message(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])
    assert "\n" not in line
    assert line.endswith("sudo apt-get install libxcb-icccm4 libxcb-keysyms1")


@pytest.mark.parametrize("env, expected", [
    ({"DISPLAY": ":0"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, False),
    ({}, False),
])
def test_only_an_xcb_start_is_checked(env, expected):
    assert pc.wants_xcb(env) is (expected and sys.platform.startswith("linux"))


def _fake_ldd(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    ldd = folder / "ldd"
    ldd.write_text("#!/bin/sh\ncat <<'OUT'\n" + LDD_OUTPUT + "OUT\n", encoding="utf-8")
    ldd.chmod(0o755)
    return folder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux-only")
def test_the_app_prints_one_line_and_exits_instead_of_qt_aborting(tmp_path):
    """The real entry point with an ldd that reports the two libraries of the issue as missing."""
    if pc.xcb_plugin() is None:
        pytest.skip("this PySide6 has no xcb plugin")
    bin_dir = _fake_ldd(tmp_path / "bin")
    env = dict(os.environ, DISPLAY=":97", PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path / "d")],
                          capture_output=True, text=True, env=env, timeout=120,
                          cwd=Path(__file__).resolve().parents[2])
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert lines == [pc.message(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"])]
    assert "Could not load the Qt platform plugin" not in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux-only")
def test_this_machine_has_every_library_of_the_xcb_plugin():
    """What .ci/run installs is enough: ldd finds every library the plugin links."""
    plugin = pc.xcb_plugin()
    if plugin is None:
        pytest.skip("this PySide6 has no xcb plugin")
    if os.environ.get("CI", "").lower() != "true" and pc.check_xcb({"DISPLAY": ":0"}, plugin) is not None:
        pytest.skip("libraries of the xcb plugin missing outside CI: " + pc.check_xcb({"DISPLAY": ":0"}, plugin))
    assert pc.check_xcb({"DISPLAY": ":0"}, plugin) is None


def _readme_packages() -> set[str]:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("`sudo apt-get install libglib"))
    return set(line.strip("`").split()[3:])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux's")
def test_the_readme_and_ci_list_every_x11_library_the_plugin_links():
    import shutil

    plugin = pc.xcb_plugin()
    if plugin is None or shutil.which("ldd") is None:
        pytest.skip("no xcb plugin or no ldd here")
    qt_lib = plugin.parents[2] / "lib"
    out = ""
    for target in (plugin, *qt_lib.glob("libQt6XcbQpa.so*")):
        out += subprocess.run(["ldd", str(target)], capture_output=True, text=True).stdout
    linked = {m.split()[0] for m in out.splitlines() if "=>" in m}
    x11 = {lib for lib in linked if any(k in lib for k in ("xcb", "xkb", "X11"))}
    assert "libxcb-icccm.so.4" in x11 and "libxcb-keysyms.so.1" in x11  # the two of the issue
    needed = {pc.package_for(lib) for lib in x11}
    assert needed - _readme_packages() == set()
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert [p for p in sorted(_readme_packages()) if p not in ci.split()] == []
    assert "xvfb" in ci.split()
