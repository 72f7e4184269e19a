"""File ▸ New empty shop workspace, Switch workspace…, Recent workspaces: driven through the real menus.

Each workspace is a folder with its own history store; switching opens it off the GUI thread and
recomputes; a file that is not ours is refused by name and the window keeps what it had; the workspace
shown is reopened at the next start.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop_app.core.errors import InputError
from desktop_app.core.store.workspaces import create_workspace
from shop_files import write_chats, write_shop

TIMEOUT = 60_000


def _menu_action(menu, name):
    found = [a for a in menu.actions() if a.objectName() == name]
    assert found, [a.objectName() for a in menu.actions()]
    return found[0]


def _pick_folder(monkeypatch, folder):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder)))


def _recent_menu(window):
    sub = window.workspace_menu.menu_recent_workspaces
    assert sub.menuAction() in window.menu_file.actions()
    sub.aboutToShow.emit()
    return {a.toolTip(): a for a in sub.actions() if a.toolTip()}


def test_new_switch_and_recent_workspaces_through_the_file_menu(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window("data")
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as shown:
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])
    first = shown.args[0]
    assert first.shop["orders"] == 3 and first.shop["sales"] == pytest.approx(150.0)
    home = Path(window.shop_repository.data_dir).resolve()

    # File ▸ New empty shop workspace…: an empty history, nothing of the first shop on screen
    empty = tmp_path / "店铺B"
    _pick_folder(monkeypatch, empty)
    controller = window.workspace_menu.controller
    with qtbot.waitSignal(controller.switched, timeout=TIMEOUT):
        _menu_action(window.menu_file, "act_new_workspace").trigger()
    assert (empty / "history.sqlite3").is_file()
    assert Path(window.shop_repository.data_dir).resolve() == empty.resolve()
    assert window.results is None and window.state.data_range() is None
    assert window.shop_selector._shops == []  # no shops to choose from
    # a chat log alone in the new workspace: its figures only
    (tmp_path / "b_in").mkdir()
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as shown:
        window.open_files([str(write_chats(tmp_path / "b_in"))])
    assert not shown.args[0].shop["orders"] and len(shown.args[0].conversations) > 0

    # File ▸ Recent workspaces lists both, the one shown checked; choosing the first brings its figures back
    recent = _recent_menu(window)
    assert set(recent) == {str(home), str(empty.resolve())}
    assert recent[str(empty.resolve())].isChecked() and not recent[str(home)].isChecked()
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT,
                          check_params_cb=lambda r: r is not None) as shown:
        recent[str(home)].trigger()
    back = shown.args[0]
    assert back.shop["orders"] == 3 and back.shop["sales"] == pytest.approx(150.0)
    assert sorted(back.agents["agent"]) == sorted(first.agents["agent"])

    # File ▸ Switch workspace…: the other folder again
    _pick_folder(monkeypatch, empty)
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT,
                          check_params_cb=lambda r: r is not None) as shown:
        _menu_action(window.menu_file, "act_switch_workspace").trigger()
    assert not shown.args[0].shop["orders"]
    window.close()

    # the next start reopens the workspace shown last
    again = make_window("data")
    qtbot.waitUntil(lambda: Path(again.shop_repository.data_dir).resolve() == empty.resolve(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: again.results is not None, timeout=TIMEOUT)
    assert not again.results.shop["orders"] and len(again.results.conversations) > 0
    assert set(_recent_menu(again)) == {str(home), str(empty.resolve())}


@pytest.mark.parametrize("content", ["text", "other_program"])
def test_a_workspace_file_that_is_not_ours_is_refused_by_name(qtbot, window, tmp_path, monkeypatch, content):
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as shown:
        window.open_files([str(p) for p in write_shop(tmp_path / "in")])
    before, repository = shown.args[0], window.shop_repository
    foreign = tmp_path / "别人的文件夹"
    foreign.mkdir()
    db = foreign / "history.sqlite3"
    if content == "text":
        db.write_text("订单编号,金额\n1,2\n", encoding="utf-8")
    else:
        import sqlite3

        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE notes (t TEXT)")
        conn.commit()
        conn.close()
    data = db.read_bytes()
    _pick_folder(monkeypatch, foreign)
    with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT) as failed:
        _menu_action(window.menu_file, "act_switch_workspace").trigger()
    exc = failed.args[0]
    assert isinstance(exc, InputError) and str(db) in exc.describe()
    assert str(db) in window.status_label.text()
    # the window keeps what it had, the file is untouched, and it is not remembered anywhere
    assert window.shop_repository is repository and window.results is before
    assert db.read_bytes() == data
    assert str(foreign.resolve()) not in _recent_menu(window)
    assert window.settings.get("state/workspace") == ""


def test_a_new_workspace_in_a_folder_that_holds_one_is_refused(qtbot, window, tmp_path, monkeypatch):
    taken = create_workspace(tmp_path / "taken")
    repository = window.shop_repository
    _pick_folder(monkeypatch, taken)
    with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT) as failed:
        _menu_action(window.menu_file, "act_new_workspace").trigger()
    assert "already holds" in failed.args[0].describe() and str(taken) in failed.args[0].describe()
    assert window.shop_repository is repository


def test_a_remembered_workspace_that_is_gone_leaves_the_data_folder_shown(qtbot, make_window, tmp_path):
    window = make_window("data")
    window.settings.set("state/workspace", str(tmp_path / "gone"))
    window.settings.sync()
    window.close()
    again = make_window("data")
    qtbot.waitUntil(lambda: again.last_error is not None, timeout=TIMEOUT)
    assert str(tmp_path / "gone") in again.last_error.describe()
    assert Path(again.shop_repository.data_dir).resolve() == (tmp_path / "data").resolve()
    assert again.settings.get("state/workspace") == ""
