"""The Qt-free half of ``--self-test``: sample -> import -> compute -> invariants.

This is what the frozen app's smoke test runs first; here it runs from source so a broken
importer or model fails in the ordinary test suite, not only in the packaging job.
"""

from __future__ import annotations

import math
import subprocess
import sys

import pandas as pd
import pytest

from desktop_app.core.model.results import (
    AGENT_COLUMNS,
    Results,
)
from desktop_app.core.model.settings import ModelSettings
from desktop_app.selftest import StepFailed, _check, run_self_test, seconds_since_process_start


def _core_ready() -> bool:
    """The self-test needs the sample generator, the registry and compute (written in parallel)."""
    try:
        import desktop_app.core.importers.registry  # noqa: F401
        import desktop_app.core.model.compute  # noqa: F401
        import desktop_app.core.sample  # noqa: F401
    except ImportError:
        return False
    return True


needs_core = pytest.mark.skipif(not _core_ready(), reason="sample/registry/compute not in the tree yet")


@needs_core
def test_core_self_test_passes_and_reports_each_step(tmp_path):
    lines: list[str] = []
    log = tmp_path / "report" / "selftest.txt"
    code = run_self_test(["--self-test", "--core-only", "--keep", str(tmp_path / "work"), "--log", str(log)],
                         sink=lines.append)
    assert code == 0, "\n".join(lines)
    steps = [line.split()[1] for line in lines if line.startswith("ok ")]
    assert steps == ["sample", "import", "compute", "check", "database"]
    assert lines[-1] == "self-test passed"
    # --log gets the same lines (the windowed Windows exe has no stdout)
    assert log.read_text(encoding="utf-8").splitlines() == lines
    # --keep leaves the sample files for inspection
    assert any((tmp_path / "work" / "sample").rglob("*.*"))


@needs_core
def test_core_self_test_imports_no_qt():
    # The core half must run where Qt cannot (a server, a broken Qt install).
    code = (
        "import sys\n"
        "from desktop_app.selftest import run_self_test\n"
        "rc = run_self_test(['--core-only'])\n"
        "qt = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph')]\n"
        "print('QT', qt)\n"
        "sys.exit(rc or (2 if qt else 0))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed" in proc.stdout


def _results(agents: pd.DataFrame, unpaid_rows: int = 1) -> Results:
    """A real Results holding only what the invariants look at; the other frames empty."""
    empty = pd.DataFrame()
    unpaid = pd.DataFrame({"order_id": [str(i) for i in range(unpaid_rows)]})
    return Results(
        as_of=pd.Timestamp("2026-11-20 18:00:00"), settings=ModelSettings(),
        conversations=empty, turns=empty, agents=agents, agent_days=empty, attribution=empty,
        shop={"sales": 1500.0}, shop_days=empty, product_refunds=empty,
        unshipped=empty, out_of_stock=empty, unpaid=unpaid, customers=empty,
    )


def _agents(rates: list[float]) -> pd.DataFrame:
    frame = pd.DataFrame({c: [0.0] * len(rates) for c in AGENT_COLUMNS})
    frame["agent"] = [f"店铺:客服{i}" for i in range(len(rates))]
    frame["conversion_rate"] = rates
    return frame


def test_invariants_accept_sane_results():
    # Seed example: 274 inquiries, 3 paying buyers -> 3 / 274 = 1.09 %; a second agent 1 / 4 = 25 %.
    summary = _check(_results(_agents([3 / 274, 0.25])), dataset=None)
    assert "2 agents" in summary
    assert "1.1%..25.0%" in summary
    assert "unpaid 1" in summary and "sales 1,500.00" in summary


def test_invariants_allow_an_agent_without_inquiries():
    # An agent with no inquiring buyer has an undefined rate (NaN): not an error.
    assert "1 agents" in _check(_results(_agents([0.5])), None)
    assert "2 agents" in _check(_results(_agents([0.5, math.nan])), None)


@pytest.mark.parametrize(
    "agents, unpaid_rows, message",
    [
        (_agents([]), 1, "no agents"),
        (_agents([1.5]), 1, "outside [0, 1]"),  # more paying than inquiring buyers: a model bug
        (_agents([math.nan]), 1, "conversion_rate is empty"),
        (_agents([0.2]), 0, "no order checks"),
    ],
)
def test_invariants_reject_broken_results(agents, unpaid_rows, message):
    with pytest.raises(StepFailed, match=message.replace("[", r"\[").replace("]", r"\]")):
        _check(_results(agents, unpaid_rows), None)


def test_failing_step_is_named_and_exit_code_is_1(tmp_path):
    # A sample folder that cannot be created (a file is in the way) fails the first step.
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    lines: list[str] = []
    code = run_self_test(["--core-only", "--keep", str(blocker)], sink=lines.append)
    assert code == 1
    assert any(line.startswith("FAIL ") for line in lines)
    assert "Traceback" in lines[-1]


def test_process_age_is_measured_from_the_os_on_linux():
    seconds, basis = seconds_since_process_start()
    assert seconds >= 0
    if sys.platform.startswith("linux"):
        assert basis == "process start"
