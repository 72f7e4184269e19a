"""A reader that dies in native code costs its file an error dialog, never the window.

The window parses files in a child process (core/importers/isolated.py); the test makes that
child abort (os.abort(), as python-calamine does on a crafted workbook) through the test-only
DESKTOP_APP_READER_FAULT variable, and checks the window shows an error naming the file, keeps
its figures and imports the next file normally.
"""

from __future__ import annotations

from desktop_app.core.errors import InputError
from desktop_app.core.importers.isolated import FAULT_ENV
from desktop_app.ui.problems_view import STATUS_FAILED
from shop_files import write_shop
from test_main_window import WANG, agent_row, scorecard_frame

TIMEOUT = 60_000


def test_a_reader_that_aborts_in_the_child_gives_an_error_and_the_window_keeps_running(
        qtbot, window, tmp_path, monkeypatch):
    files = write_shop(tmp_path / "in")
    monkeypatch.setenv(FAULT_ENV, "abort")
    with qtbot.waitSignal(window.task_failed, timeout=TIMEOUT) as blocker:
        window.open_files([str(files[0])])
    exc = blocker.args[0]
    assert isinstance(exc, InputError) and exc.file == files[0].name
    assert "SIGABRT" in str(exc)
    box = window.last_error_box
    assert box is not None and files[0].name in box.text() + box.informativeText()
    box.close()
    assert window.problems_view.file_status(str(files[0])).status == STATUS_FAILED
    qtbot.waitUntil(lambda: not window.runner.is_busy(), timeout=TIMEOUT)

    # the same window, the same process: the next import reads normally
    monkeypatch.delenv(FAULT_ENV)
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT) as done:
        window.open_files([str(p) for p in files])
    assert done.args[0] is window.results
    assert agent_row(scorecard_frame(window), WANG)["paying_buyers"] == 1
