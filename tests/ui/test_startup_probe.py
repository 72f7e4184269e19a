"""The start-up probe of bench/startup_bench.py: off unless its variable is set; with it, the window shows the
last N days and reports once the figures are painted, then quits."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication

from desktop_app.core import sample
from desktop_app.core.importers import registry
from desktop_app.core.store import Store
from desktop_app.ui import startup_probe
from desktop_app.ui.app import create_main_window
from desktop_app.ui.state import RANGE_CUSTOM


def test_probe_is_off_without_its_variable(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv(startup_probe.ENV, raising=False)
    assert startup_probe.probe_days() == 0
    monkeypatch.setenv(startup_probe.ENV, "soon")
    assert startup_probe.probe_days() == 0
    window = create_main_window(tmp_path / "data", tmp_path / "settings.ini")
    qtbot.addWidget(window)
    assert startup_probe.install(window) is False
    assert window.state.range_key != RANGE_CUSTOM


def test_probe_shows_the_last_days_and_reports_the_paint(qtbot, tmp_path, monkeypatch, capsys):
    paths = sample.write_sample(tmp_path / "files", days=5, orders=100)
    with Store.open(tmp_path / "data") as store:
        for key in ("orders_xlsx", "chats_txt"):
            store.import_result(registry.load_file(paths[key]))
        first, last = store.date_range()
        two_days = store.dataset(last - dt.timedelta(days=1), last)
    quits = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append(True)))
    monkeypatch.setenv(startup_probe.ENV, "2")
    window = create_main_window(tmp_path / "data", tmp_path / "settings.ini")
    qtbot.addWidget(window)
    assert startup_probe.install(window) is True
    assert window.state.selected_dates() == (last - dt.timedelta(days=1), last)
    window.recompute()
    qtbot.waitUntil(lambda: bool(quits), timeout=120_000)
    out = capsys.readouterr().out
    line = [x for x in out.splitlines() if x.startswith(startup_probe.MARK)]
    assert len(line) == 1
    words = line[0].split()
    assert float(words[2]) > 0
    assert words[3:5] == [f"orders={len(two_days.orders)}", f"messages={len(two_days.messages)}"]
    assert words[5].startswith("cpu=") and float(words[5][4:]) > 0
    assert window.state.results is not None
