"""Screenshots of every page from the real platform (X11 under Xvfb in CI), for docs and the xcb test.

    DISPLAY=:99 QT_QPA_PLATFORM=xcb python -m desktop_app.ui.screenshots --out docs/screenshots --lang en

Opens the demo shop in a fresh data folder, waits for its figures, then shows each page and grabs it
from the screen (``QScreen.grabWindow``: what the X server shows, not a widget re-render). One line per
page: ``<page> <png> <distinct colours>``. Exit code 1 when a page grabbed blank (one colour fills it).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Optional


def blank_reason(image) -> Optional[str]:
    """Why a QImage looks blank (None when it shows something): too few colours, or one fills it."""
    small = image.scaled(160, 100)
    counts: dict[int, int] = {}
    for y in range(small.height()):
        for x in range(small.width()):
            rgb = small.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    total = small.width() * small.height()
    if total == 0:
        return "empty image"
    if len(counts) < 8:
        return f"only {len(counts)} colours"
    top = max(counts.values()) / total
    if top > 0.97:
        return f"one colour fills {top:.0%}"
    return None


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop_app.ui.screenshots")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lang", default="en", choices=("en", "zh_CN"))
    parser.add_argument("--pages", default="", help="comma-separated page keys (default: every page)")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from .app import start_gui

    app = QApplication.instance() or QApplication([sys.argv[0]])
    data_dir = Path(tempfile.mkdtemp(prefix="desktop-app-shots-"))
    window = start_gui(["--demo", "--data-dir", str(data_dir), "--lang", args.lang])
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    loop = QEventLoop()
    arrived: list = []
    window.results_changed.connect(lambda r: (arrived.append(r), loop.quit()))
    QTimer.singleShot(int(args.timeout * 1000), loop.quit)
    loop.exec()
    if not arrived:
        print("no results arrived", file=sys.stderr)
        return 1

    def settle(ms: int = 400) -> None:
        wait = QEventLoop()
        QTimer.singleShot(ms, wait.quit)
        wait.exec()

    args.out.mkdir(parents=True, exist_ok=True)
    keys = [k for k in args.pages.split(",") if k] or list(window.page_keys)
    failed = 0
    for key in keys:
        window.show_page(key)
        window.raise_()
        settle()
        image = window.screen().grabWindow(window.winId()).toImage()
        path = args.out / f"{key}-{args.lang}.png"
        image.save(str(path), "PNG")
        reason = blank_reason(image)
        failed += reason is not None
        print(f"{key} {path} {'BLANK: ' + reason if reason else 'ok'}")
    window.close()
    app.processEvents()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
