"""The self-test's Qt-free part: sample -> import -> compute -> check (``run_core``), and the step
report (``Report``, ``StepFailed``) both parts write to. Never imports Qt (``--core-only``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional


class StepFailed(Exception):
    """A self-test invariant did not hold; the message says which and why."""


@dataclass
class Report:
    """Collects the step lines; ``emit`` prints each (and copies it to the log file)."""

    log_path: Optional[Path] = None
    lines: list[str] = field(default_factory=list)
    sink: Callable[[str], None] = print

    def emit(self, line: str) -> None:
        self.lines.append(line)
        try:
            self.sink(line)
        except Exception:  # a closed/None stdout must not fail the test itself
            pass
        if self.log_path is not None:
            try:
                with open(self.log_path, "a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
            except OSError:
                pass


@dataclass
class CoreOutcome:
    """What the Qt-free part produced, for the GUI part and for tests."""

    files: list[Path]
    dataset: Any
    results: Any


def _write_sample(folder: Path) -> list[Path]:
    """The generated sample shop's files (write_sample returns {name: path})."""
    from .core.sample import write_sample

    paths = sorted(Path(p) for p in write_sample(folder).values())
    missing = [p for p in paths if not p.is_file()]
    if not paths or missing:
        raise StepFailed(f"write_sample({folder}) did not write its files: {missing or 'none'}")
    return paths


def _import(paths: list[Path]):
    """Import every file with the registry and build the Dataset; returns (dataset, results)."""
    from .core.dataset import Dataset
    from .core.importers.registry import load_files

    results = load_files([str(p) for p in paths])
    if len(results) != len(paths):
        raise StepFailed(f"load_files returned {len(results)} results for {len(paths)} files")
    return Dataset.from_results(results), results


def _check(results: Any, dataset: Any) -> str:
    """The invariants a working build must satisfy on the sample shop; returns a summary."""
    import pandas as pd

    agents = results.agents
    if agents is None or len(agents) == 0:
        raise StepFailed("no agents in the results (expected > 0 on the sample shop)")
    # NaN / NA = an agent without inquiries (rate undefined), which is fine.
    rates = pd.to_numeric(agents["conversion_rate"], errors="coerce").dropna().astype(float).tolist()
    if not rates:
        raise StepFailed("every agent's conversion_rate is empty")
    bad = [r for r in rates if not 0.0 <= r <= 1.0]
    if bad:
        raise StepFailed(f"conversion_rate outside [0, 1]: {bad[:5]}")
    checks = {}
    for name in ("unshipped", "out_of_stock", "unpaid"):
        frame = getattr(results, name, None)
        if frame is None:
            raise StepFailed(f"results.{name} is missing")
        checks[name] = len(frame)
    if sum(checks.values()) == 0:
        raise StepFailed("no order checks at all (unshipped, out_of_stock and unpaid are all empty)")
    shop = getattr(results, "shop", {}) or {}
    sales = shop.get("sales")
    summary = (f"{len(agents)} agents, conversion {min(rates):.1%}..{max(rates):.1%}, "
               f"unshipped {checks['unshipped']}, out of stock {checks['out_of_stock']}, "
               f"unpaid {checks['unpaid']}")
    if isinstance(sales, (int, float)):
        summary += f", sales {sales:,.2f}"
    return summary


def run_core(folder: Path, report: Report) -> CoreOutcome:
    """Sample -> import -> compute -> check, one report line per step. Raises on failure."""
    from .core.model.compute import compute
    from .core.model.settings import ModelSettings

    step = "sample"
    try:
        t0 = time.perf_counter()
        files = _write_sample(folder)
        report.emit(f"ok sample {len(files)} files ({time.perf_counter() - t0:.2f} s)")

        step = "import"
        t0 = time.perf_counter()
        dataset, imported = _import(files)
        sizes = ", ".join(f"{name} {len(getattr(dataset, name))}"
                          for name in ("orders", "lines", "messages", "inventory"))
        formats = ", ".join(sorted(r.format_id for r in imported))
        problems = len(getattr(dataset, "problems", []) or [])
        report.emit(f"ok import {len(files)} files as {formats} ({sizes}; {problems} row problems; "
                    f"{time.perf_counter() - t0:.2f} s)")
        if len(dataset.orders) == 0 or len(dataset.messages) == 0:
            raise StepFailed("the sample import produced no orders or no messages")

        step = "compute"
        t0 = time.perf_counter()
        results = compute(dataset, ModelSettings())
        report.emit(f"ok compute ({time.perf_counter() - t0:.2f} s)")

        step = "check"
        report.emit(f"ok check {_check(results, dataset)}")

        step = "database"  # the team store's driver is in the bundle (psycopg with its own libpq)
        import psycopg

        report.emit(f"ok database driver psycopg {psycopg.__version__} ({psycopg.pq.__impl__}, "
                    f"libpq {psycopg.pq.version()})")
    except Exception as error:
        error.self_test_step = step  # type: ignore[attr-defined]
        raise
    return CoreOutcome(files, dataset, results)
