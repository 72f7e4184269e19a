"""File ▸ Recent files lists files that were imported: never a failed, unrecognised or cancelled one."""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui.problems_view import STATUS_CANCELLED, STATUS_FAILED, STATUS_UNRECOGNISED
from shop_files import write_broken_orders, write_shop, write_unrecognised_orders

TIMEOUT = 60_000


def _recent_names(window) -> list[str]:
    window.menu_recent.aboutToShow.emit()  # as the menu fills itself when opened
    return [a.text() for a in window.menu_recent.actions() if a.text() and a is not window.act_clear_recent]


def test_failed_unrecognised_and_cancelled_files_never_enter_recent_files(qtbot, window, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    broken, erp = write_broken_orders(folder), write_unrecognised_orders(folder)
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT):
        window.open_files([str(broken)])
    assert window.problems_view.file_status(str(broken)).status == STATUS_FAILED
    with qtbot.waitSignal(window.import_finished, timeout=TIMEOUT):
        window.open_files([str(erp)])
    qtbot.waitUntil(lambda: window.mapping_dialog is not None, timeout=TIMEOUT)
    window.mapping_dialog.reject()  # its columns not chosen: not imported
    qtbot.waitUntil(lambda: window.mapping_dialog is None, timeout=TIMEOUT)
    assert window.problems_view.file_status(str(erp)).status == STATUS_UNRECOGNISED

    orders, chats = write_shop(tmp_path / "shop")
    handle = window.open_files([str(orders)])
    window.cancel_work()  # before the task reports anything: it ends cancelled
    qtbot.waitUntil(lambda: not handle.is_running, timeout=TIMEOUT)
    assert window.problems_view.file_status(str(orders)).status == STATUS_CANCELLED
    assert window.settings.recent_files == [] and _recent_names(window) == []
    assert window.start_page.recent_list.count() == 0

    # an imported file does enter it (and the list survives a restart: it is in the settings file)
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT):
        window.open_files([str(chats)])
    assert window.settings.recent_files == [str(Path(chats).resolve())]
    assert _recent_names(window) == [chats.name]
