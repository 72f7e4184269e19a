"""Benchmark of the appraisal (issue 14): re-scoring 50 agents after a scheme edit vs a model run.

    PYTHONPATH=. python3 bench/appraisal_bench.py             # 20k orders, 100k messages for the model run
    PYTHONPATH=. python3 bench/appraisal_bench.py --scale 5   # 100k orders, 500k messages

The window re-scores on every keystroke in the scheme editor, so the appraisal works on the figures a
model run already computed (``Results.agents``), never on the rows. This script runs ``compute()`` once
on generated data (the same-run baseline: what a recompute of the figures would cost instead), then
appraises an agents frame of 50 agents (the run's agents tiled, with jittered figures and the quality
columns) with the default scheme ``--repeat`` times and prints the median, the JSON section's cost, and
the ratios. The goal is ≤ 50 ms for 50 agents; the figure is printed beside the baseline, never asserted.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from desktop_app.core.appraisal.appraise import appraise
from desktop_app.core.appraisal.report import to_json_dict
from desktop_app.core.appraisal.scheme import load_default_scheme
from desktop_app.core.dataset import Dataset
from desktop_app.core.model.compute import compute
from desktop_app.core.sample import generate_frames


def agents_50(agents: pd.DataFrame, n: int = 50, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = agents.iloc[np.arange(n) % len(agents)].reset_index(drop=True).copy()
    frame["agent"] = [f"店:客服{i:02d}" for i in range(n)]
    for col in ("conversion_rate", "first_response_mean_s", "response_mean_s", "refund_rate", "sales"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce") * rng.uniform(0.5, 1.5, n)
    frame["clean_share"] = rng.uniform(0.4, 1.0, n)
    frame["quality_hits"] = rng.integers(0, 40, n)
    return frame


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--repeat", type=int, default=200)
    p.add_argument("--page", action="store_true",
                   help="also time the Appraisal page (offscreen Qt): a weight typed -> every cell redrawn")
    args = p.parse_args()
    orders, lines, messages, inventory = generate_frames(int(20_000 * args.scale), int(100_000 * args.scale))
    data = Dataset(orders=orders, lines=lines, messages=messages, inventory=inventory)
    t0 = time.perf_counter()
    results = compute(data)
    model_ms = 1000 * (time.perf_counter() - t0)
    scheme = load_default_scheme()
    frame = agents_50(results.agents)
    appraise(frame, scheme, settings=results.settings)  # warm-up (imports)
    score_ms = median_ms(lambda: appraise(frame, scheme, settings=results.settings), args.repeat)
    appraisal = appraise(frame, scheme, settings=results.settings)
    json_ms = median_ms(lambda: to_json_dict(appraisal), args.repeat)
    print(f"model run (baseline): {len(orders):,} orders, {len(messages):,} messages: {model_ms:,.0f} ms")
    print(f"appraisal of {len(appraisal.agents)} agents, default scheme ({len(scheme.items)} items, "
          f"{len(scheme.deductions)} deductions): median {score_ms:.2f} ms over {args.repeat} runs "
          f"= {score_ms / model_ms:.4f} x the model run (goal ≤ 50 ms)")
    print(f"JSON section of it: median {json_ms:.2f} ms; appraisal + JSON = {(score_ms + json_ms) / model_ms:.4f} x "
          "the model run")
    if args.page:
        page_ms = page_update_ms(results, frame, max(20, args.repeat // 10))
        print(f"Appraisal page, 50 agents: a weight changed -> re-scored and the table refilled: median "
              f"{page_ms:.1f} ms = {page_ms / model_ms:.4f} x the model run")


def page_update_ms(results, frame: pd.DataFrame, repeat: int) -> float:
    """The page's whole reaction to one edit (score + table + card), offscreen."""
    import dataclasses
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.views.appraisal import AppraisalView

    app = QApplication.instance() or QApplication([])
    view = AppraisalView()
    view.set_results(dataclasses.replace(results, agents=frame))
    weight = view.editor.items.cellWidget(0, view.editor.ITEM_WEIGHT)
    values = iter([35.0 + (i % 7) for i in range(repeat)])
    ms = median_ms(lambda: weight.setValue(next(values)), repeat)
    view.deleteLater()
    app.processEvents()
    return ms


if __name__ == "__main__":
    main()
