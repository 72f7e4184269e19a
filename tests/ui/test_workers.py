"""TaskRunner / TaskHandle: results, failures, throttled progress, cancel, cancel-and-replace."""

from __future__ import annotations

import threading

import pytest

from desktop_app.core.errors import ImportCancelled
from desktop_app.ui.workers import TaskFailure, TaskRunner


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.cancel()
    assert r.wait(10_000)


def test_result_reaches_the_gui_thread(qtbot, runner):
    seen_threads = []

    def work(progress, cancel):
        seen_threads.append(threading.current_thread())
        return 6 * 7

    handle = runner.start("calc", work)
    received = []
    handle.finished.connect(lambda r: received.append((r, threading.current_thread())))
    with qtbot.waitSignal(handle.done, timeout=10_000):
        pass
    assert received[0][0] == 42
    # the work ran on a pool thread, the result arrived on the GUI (main) thread
    assert seen_threads[0] is not threading.main_thread()
    assert received[0][1] is threading.main_thread()
    assert not runner.is_busy()


def test_progress_is_throttled_to_whole_percent_steps(qtbot, runner):
    def work(progress, cancel):
        for i in range(10_001):  # 10 001 calls ...
            progress(i, 10_000, "rows")
        return "ok"

    handle = runner.start("calc", work)
    percents = []
    handle.progress.connect(lambda p, text: percents.append(p))
    with qtbot.waitSignal(handle.done, timeout=10_000):
        pass
    # ... reach the GUI as at most one signal per whole percent: 0, 1, ..., 100 = 101 signals
    assert percents == list(range(101))


def test_failure_carries_exception_and_traceback(qtbot, runner):
    def work(progress, cancel):
        raise ValueError("bad cell")

    handle = runner.start("calc", work)
    failures = []
    handle.failed.connect(failures.append)
    with qtbot.waitSignal(handle.done, timeout=10_000):
        pass
    assert isinstance(failures[0], TaskFailure)
    assert isinstance(failures[0].exc, ValueError)
    assert "bad cell" in failures[0].traceback_text and "Traceback" in failures[0].traceback_text


def test_cancel_stops_cooperative_work_and_suppresses_result(qtbot, runner):
    started = threading.Event()

    def work(progress, cancel):
        started.set()
        while not cancel():  # a core function checks should_cancel at chunk boundaries
            threading.Event().wait(0.005)
        raise ImportCancelled()

    handle = runner.start("import", work)
    finished, cancelled = [], []
    handle.finished.connect(finished.append)
    handle.cancelled.connect(lambda: cancelled.append(True))
    assert started.wait(10)
    handle.cancel()
    with qtbot.waitSignal(handle.done, timeout=10_000):
        pass
    assert cancelled == [True]
    assert finished == []


def test_result_of_a_run_cancelled_after_it_finished_is_dropped(qtbot, runner):
    release = threading.Event()

    def work(progress, cancel):
        release.wait(10)
        return "stale"  # ignores the cancel flag: the GUI side must drop the result

    handle = runner.start("compute", work)
    finished, cancelled = [], []
    handle.finished.connect(finished.append)
    handle.cancelled.connect(lambda: cancelled.append(True))
    handle.cancel()
    release.set()
    with qtbot.waitSignal(handle.done, timeout=10_000):
        pass
    assert finished == [] and cancelled == [True]


def test_a_new_task_of_the_same_kind_cancels_the_old_one(qtbot, runner):
    release = threading.Event()

    def slow(progress, cancel):
        release.wait(10)
        return "old"

    first = runner.start("import", slow)
    first_results, first_cancelled = [], []
    first.finished.connect(first_results.append)
    first.cancelled.connect(lambda: first_cancelled.append(True))
    second = runner.start("import", lambda progress, cancel: "new")
    # another kind is not affected
    other = runner.start("export", lambda progress, cancel: "report")
    assert first.is_cancelled() and not second.is_cancelled() and not other.is_cancelled()
    second_results = []
    second.finished.connect(second_results.append)
    release.set()
    with qtbot.waitSignals([first.done, second.done, other.done], timeout=10_000):
        pass
    assert first_results == [] and first_cancelled == [True]
    assert second_results == ["new"]
    assert not runner.is_busy()
