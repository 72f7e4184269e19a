"""Running the stages of a StageGraph: in run order on the calling thread, the order side on a second one.

The order-side stages (``ORDER_SIDE``: the orders by buyer, paying buyers, the orders' keys, customers,
the order checks, product refunds) need nothing from the chats: while the calling thread builds the
conversations, attribution, agent and shop figures, a thread named ``model-orders`` runs them in their
run order (numpy lets go of the interpreter lock, so the second core does real work). A stage on either
thread first waits for the stages it needs from the other. ``should_cancel()`` is asked between stages
and while waiting (ImportCancelled); an error on the order thread stops the calling thread at its next
stage boundary. The order thread is always stopped and joined before ``run_stages`` returns or raises.
Every stage is timed (seconds, ``timings``; the threads overlap) and its thread's CPU time kept (``cpu``).
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Iterable, Optional

from ..errors import ImportCancelled

#: the stages that may run on the order thread (those of them that a run has to do)
ORDER_SIDE = frozenset({
    "by_buyer", "paying", "order_keys", "orders_reason", "customers", "check_prep", "unshipped_base", "unshipped",
    "out_of_stock", "unpaid_base", "unpaid", "checks", "check_counts", "refunds", "order_notes", "needs",
})
#: how often a waiting thread asks should_cancel (seconds)
_POLL_S = 0.05


class _OrderThread:
    """The order-side stages on a thread of their own (see the module docstring)."""

    def __init__(self, keys: list[str], run: Callable[[str], None], needs: Callable[[str], Iterable[str]],
                 done: set, changed: threading.Condition) -> None:
        self.keys, self._run_stage, self._needs = keys, run, needs
        self.done, self.changed = done, changed
        self.error: Optional[BaseException] = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._main, name="model-orders", daemon=True)

    def _main(self) -> None:
        try:
            for key in self.keys:
                for need in self._needs(key):  # only order-side stages or ones done before the start
                    with self.changed:
                        while need not in self.done and not self.stop.is_set():
                            self.changed.wait(_POLL_S)
                if self.stop.is_set():
                    return
                self._run_stage(key)
        except BaseException as exc:  # noqa: BLE001 - handed to the calling thread
            with self.changed:
                self.error = exc
                self.changed.notify_all()

    def raise_if_failed(self) -> None:
        if self.error is not None:
            raise self.error

    def finish(self) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join()


def run_stages(graph, todo: list[str], ctx, progress=None, should_cancel=None, threaded: bool = False,
               milestones: Optional[dict] = None) -> tuple[dict, dict]:
    """Run ``todo`` (graph keys, in run order) into ``ctx.out``; returns (timings, cpu) per stage.

    ``milestones``: stage key -> (index, total, text): ``progress`` is called once per milestone reached
    (in run order, on the calling thread); without it, once per stage with the stage's key.
    """
    timings: dict[str, float] = {}
    cpu: dict[str, float] = {}
    done: set = set(k for k in graph.keys() if k not in todo)
    changed = threading.Condition()

    def run_stage(key: str) -> None:
        t0, c0 = time.perf_counter(), time.thread_time()
        ctx.out[key] = graph.by_key[key].run(ctx)
        timings[key] = time.perf_counter() - t0
        cpu[key] = time.thread_time() - c0
        with changed:
            done.add(key)
            changed.notify_all()

    def cancelled() -> bool:
        return should_cancel is not None and should_cancel()

    side_keys = [k for k in todo if k in ORDER_SIDE] if threaded else []
    side = set(side_keys)
    worker = _OrderThread(side_keys, run_stage, lambda k: graph.by_key[k].needs, done, changed)
    reported = -1
    try:
        started = False
        for n, key in enumerate(todo):
            if milestones is not None and key in milestones and milestones[key][0] > reported:
                reported = milestones[key][0]
                progress and progress(*milestones[key])
            elif milestones is None and progress is not None:
                progress(n, len(todo), key)
            if key in side:
                continue
            if not started and side_keys and all(n in done or n in side for k in side_keys
                                                  for n in graph.by_key[k].needs):
                worker.thread.start()
                started = True
            if cancelled():
                raise ImportCancelled()
            worker.raise_if_failed()
            for need in graph.by_key[key].needs:
                if need in side:
                    if not started:  # the order thread could not start yet: its stages run here
                        _run_here(graph, need, side, done, run_stage)
                        continue
                    with changed:
                        while need not in done:
                            worker.raise_if_failed()
                            if not worker.thread.is_alive() and need not in done:
                                raise RuntimeError(f"the order stages stopped before {need}")
                            changed.wait(_POLL_S)
                            if cancelled():
                                raise ImportCancelled()
            run_stage(key)
        for key in side_keys:  # stages nothing here needed: wait for the thread to finish them
            if not started:
                _run_here(graph, key, side, done, run_stage)
                continue
            with changed:
                while key not in done:
                    worker.raise_if_failed()
                    if not worker.thread.is_alive() and key not in done:
                        raise RuntimeError(f"the order stages stopped before {key}")
                    changed.wait(_POLL_S)
                    if cancelled():
                        raise ImportCancelled()
    finally:
        worker.finish()
    worker.raise_if_failed()
    return timings, cpu


def _run_here(graph, key: str, side: set, done: set, run_stage) -> None:
    """Run an order-side stage (and the order-side stages it needs) on this thread."""
    if key in done:
        return
    for need in graph.by_key[key].needs:
        if need in side:
            _run_here(graph, need, side, done, run_stage)
    run_stage(key)
