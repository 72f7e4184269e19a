"""The real X11 platform: start Xvfb, open the window on the demo shop with QT_QPA_PLATFORM=xcb, grab
the screen and check it is not blank — so a missing system library fails CI, not a user."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_display() -> int:
    for n in range(91, 140):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError("no free X display number")


@pytest.fixture
def xvfb():
    if not sys.platform.startswith("linux"):
        pytest.skip("the xcb platform is Linux-only")
    exe = shutil.which("Xvfb")
    if exe is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Xvfb is not installed: .ci/run must install xvfb")
        pytest.skip("Xvfb is not installed (apt-get install xvfb); CI installs it and runs this test")
    n = _free_display()
    proc = subprocess.Popen([exe, f":{n}", "-screen", "0", "1366x900x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    socket = Path(f"/tmp/.X11-unix/X{n}")
    for _ in range(100):
        if socket.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail(f"Xvfb did not start: {proc.stderr.read().decode(errors='replace')}")
    yield f":{n}"
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_the_window_opens_on_the_real_xcb_platform(xvfb, tmp_path, qapp):
    from PySide6.QtGui import QImage

    from desktop_app.ui.screenshots import blank_reason

    env = dict(os.environ, DISPLAY=xvfb, QT_QPA_PLATFORM="xcb")
    env.pop("WAYLAND_DISPLAY", None)
    proc = subprocess.run([sys.executable, "-m", "desktop_app.ui.screenshots", "--out", str(tmp_path),
                           "--lang", "en", "--pages", "overview"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Could not load the Qt platform plugin" not in proc.stderr
    image = QImage(str(tmp_path / "overview-en.png"))
    assert not image.isNull() and image.width() >= 1000
    assert blank_reason(image) is None


def test_a_blank_grab_is_called_blank(qapp):
    from PySide6.QtGui import QColor, QImage

    from desktop_app.ui.screenshots import blank_reason

    image = QImage(1280, 800, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert blank_reason(image) == "only 1 colours"
    for x in range(0, 1280, 100):  # a few stray marks on a blank window still read as blank
        for c in range(8):
            image.setPixel(x + c, 10, QColor(c * 30, 0, 0).rgb())
    assert blank_reason(image) is not None
