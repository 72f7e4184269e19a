"""The model's memory: large temporary arrays reused between runs instead of mapped afresh (glibc).

``reuse_large_blocks()`` wraps every model run (compute(), the stage graph's runs); ``release_memory()``
gives the kept memory back (the window calls it after two minutes without a run).
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import threading
from typing import Iterator, Optional

# ---- allocator -------------------------------------------------------------------------------------
# The model makes many short-lived arrays of millions of rows (40 MB for 5 M int64). glibc hands every
# block above its mmap threshold (at most 32 MB by default) straight back to the kernel when freed, so
# each new temporary costs ~10,000 page faults to map fresh zeroed memory: a third of this layer's
# time at full size (measured with os.times: system time 2.1 s of 5.4 s). While compute() runs, glibc
# is told to keep large blocks in its heap and reuse them (mmap threshold raised). Afterwards the mmap
# threshold goes back (allocations outside the model are mapped and unmapped as usual) but the heaps
# the run grew are not trimmed, so the next run - a changed setting or date range recomputes the same
# data - reuses that memory instead of mapping it again: at full size that was 0.1-0.3 s of page
# faults per later run against 1.4-2.5 s with the memory handed back each time. glibc keeps one heap
# per thread (arena), so what is kept is up to one run's peak per arena the runs used. release_memory()
# sets the trim threshold to what glibc itself reaches once a process has freed large blocks and
# returns the kept memory (malloc_trim); the window calls it after two minutes without a run.
# numpy asks the kernel for transparent huge pages on every array of 4 MB and more (madvise); with the
# common THP setting defrag=madvise each such first touch may stall while the kernel compacts memory
# into 2 MB pages: on the build machine that was 1.4 s of system time in the conversations stage
# alone, against 0.3 s with ordinary pages. numpy's switch for it is turned off for the same span.
# Elsewhere (Windows, macOS, musl) this is a no-op.

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc <malloc.h>
#: while computing: keep blocks up to 1 GiB in the heap and do not trim it on every free
_HOLD_BYTES = 1 << 30
#: afterwards: glibc's own dynamic thresholds once a process has freed large blocks (32 MiB / 64 MiB)
_MMAP_AFTER, _TRIM_AFTER = 32 << 20, 64 << 20
_alloc_lock = threading.Lock()
_alloc_depth = 0
_hugepage_before = True
#: the trim threshold is raised (by a run, until release_memory): freed heap memory is kept
_held = False


def _set_numpy_hugepage(enabled: bool) -> Optional[bool]:
    """numpy's madvise-hugepage switch (returns the previous value); None when numpy has none."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # numpy moved it: leave numpy as it is
        return None
    return bool(_set_madvise_hugepage(enabled))


def _glibc():
    """glibc's mallopt/malloc_trim, or None (other C libraries and platforms)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


@contextlib.contextmanager
def reuse_large_blocks() -> Iterator[None]:
    """Within the block, glibc reuses freed large arrays instead of unmapping them (see above).

    Nested or concurrent uses are counted; the mmap threshold and numpy's huge-page advice go back
    when the last one leaves. The raised trim threshold stays (the next run reuses the heap) until
    release_memory().
    """
    global _alloc_depth, _hugepage_before, _held
    libc = _glibc()
    if libc is None:
        yield
        return
    with _alloc_lock:
        _alloc_depth += 1
        if _alloc_depth == 1:
            libc.mallopt(_M_MMAP_THRESHOLD, _HOLD_BYTES)
            if not _held:
                libc.mallopt(_M_TRIM_THRESHOLD, _HOLD_BYTES)
                _held = True
            before = _set_numpy_hugepage(False)
            _hugepage_before = True if before is None else before
    try:
        yield
    finally:
        with _alloc_lock:
            _alloc_depth -= 1
            if _alloc_depth == 0:
                libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_AFTER)
                if _hugepage_before:
                    _set_numpy_hugepage(True)


def release_memory() -> bool:
    """Give the memory the model runs kept back to the system (glibc; a no-op elsewhere).

    Returns False, doing nothing, while a run is in progress (it still uses the memory).
    """
    global _held
    libc = _glibc()
    if libc is None:
        return True
    with _alloc_lock:
        if _alloc_depth:
            return False
        if _held:
            libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_AFTER)
            _held = False
        libc.malloc_trim(0)
        return True
