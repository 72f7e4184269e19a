"""The counts ``xlsx_guard.scan_sheet`` takes of one piece of worksheet XML, in a few numpy passes.

The guard's searches (``bytes.count`` and ``re.findall`` over every piece, about 16 passes) cost 2 s on a
50,000-order export (107 MB of XML), longer than the rest of a headless report. Worksheets written the
usual way (``<row r="12" ...>`` and ``<c r="AB12" ...>``, ``r`` the first attribute, no namespace prefix)
are counted here instead: one pass finds every ``<``; the tags are told apart by the
bytes after their ``<``. ``counts`` gives exactly what the guard's own searches give for the piece, or
None when the piece is written any other way (then the guard's searches run, as before): a row or cell tag
laid out otherwise, a column of more than three letters, a row number of more than 12 digits, or ``r="``
anywhere else than once per row and cell tag. tests/core/test_xlsx_guard_fast.py checks the two agree on
crafted pieces.
"""

from __future__ import annotations

from typing import NamedTuple, Optional

import numpy as np

_LT, _GT, _SLASH, _SPACE, _QUOTE, _EQ, _COLON = (ord(c) for c in '<>/ "=:')
_PAD = b"\0" * 32


class ChunkCounts(NamedTuple):
    """What scan_sheet's searches find in one piece (unprefixed tags)."""

    row_tags: int  # <row  and <row>
    cells: int  # <c , <c> and <c/
    empty_rows: int  # <row .../>
    refs: int  # <row ... r="N" found
    max_ref: int  # the highest N of those (0 if none)
    letters: int  # <c r="LETTERS<digit> found
    columns: frozenset  # the distinct LETTERS (bytes, as written)


def _is_digit(v: np.ndarray) -> np.ndarray:
    return (v >= 48) & (v <= 57)


def _is_letter(v: np.ndarray) -> np.ndarray:
    return ((v >= 65) & (v <= 90)) | ((v >= 97) & (v <= 122))


def as_array(buf: bytes) -> np.ndarray:
    """``buf`` and 32 zero bytes as uint8 (looking a few bytes past any position never leaves the array)."""
    return np.frombuffer(buf + _PAD, dtype=np.uint8)


def plain(buf: bytes, a: np.ndarray, odd: list) -> bool:
    """``_SheetPatterns(b"").plain(buf)``: no row or cell tag with a newline, CR or tab after its name (``odd``),
    and neither ``:row`` nor ``:c `` anywhere; the two searches done on the few colons instead of over the piece."""
    if (b"\n" in buf or b"\r" in buf or b"\t" in buf) and any(t in buf for t in odd):
        return False
    colon = np.flatnonzero(a[:len(buf)] == _COLON)
    c1, c2 = a[colon + 1], a[colon + 2]
    return not (((c1 == ord("r")) & (c2 == ord("o")) & (a[colon + 3] == ord("w"))).any()
                or ((c1 == ord("c")) & (c2 == _SPACE)).any())


def counts(buf: bytes, a: Optional[np.ndarray] = None) -> Optional[ChunkCounts]:
    """The guard's counts of ``buf`` (a piece that holds no odd whitespace or prefixed tags: the caller
    checked ``_SheetPatterns.plain`` with the empty prefix); None when ``buf`` is not in the usual layout.
    ``a``: ``as_array(buf)`` if the caller has it."""
    n = len(buf)
    a = as_array(buf) if a is None else a
    body = a[:n]
    lt = np.flatnonzero(body == _LT)
    c1 = a[lt + 1]
    lt = lt[(c1 == ord("c")) | (c1 == ord("r"))]  # only <c... and <r... can be a cell or a row tag
    c1, c2 = a[lt + 1], a[lt + 2]
    is_cell = (c1 == ord("c")) & ((c2 == _SPACE) | (c2 == _GT) | (c2 == _SLASH))
    is_row = (c1 == ord("r")) & (c2 == ord("o")) & (a[lt + 3] == ord("w")) & (
        (a[lt + 4] == _SPACE) | (a[lt + 4] == _GT))
    cells_at = lt[is_cell]
    rows_at = lt[is_row]
    # every cell tag <c r="L[L[L]]<digit>, every row tag <row r="<1-12 digits>"
    if not _starts(a, cells_at, b' r="') or not _starts(a, rows_at, b' r="', 4):
        return None
    q = cells_at + 6
    l0, l1, l2, l3 = a[q], a[q + 1], a[q + 2], a[q + 3]
    two = _is_letter(l1)
    three = two & _is_letter(l2)
    if not _is_letter(l0).all() or (three & _is_letter(l3)).any():
        return None
    width = 1 + two.astype(np.int64) + three
    if not _is_digit(a[q + width]).all():
        return None
    digits = np.zeros(len(rows_at), dtype=np.int64)
    value = np.zeros(len(rows_at), dtype=np.int64)
    going = np.ones(len(rows_at), dtype=bool)
    for k in range(13):
        v = a[rows_at + 8 + k]
        going &= _is_digit(v)
        if not going.any():
            break
        value = np.where(going, value * 10 + (v.astype(np.int64) - 48), value)
        digits += going
    if len(rows_at) and ((digits < 1).any() or (digits > 12).any() or (a[rows_at + 8 + digits] != _QUOTE).any()):
        return None
    if buf.count(b' r="') != len(cells_at) + len(rows_at):
        return None  # r=" elsewhere too: the guard's own searches decide
    # an empty row: the first ">" after "<row " closes it and follows a "/" (the guard's <row [^>]*/>);
    # a few hundred rows a piece, so a byte search each costs less than a pass over the piece
    ends = [buf.find(b">", p) for p in rows_at[a[rows_at + 4] == _SPACE].tolist()]
    if len(set(ends)) != len(ends):
        return None  # a row tag inside another's: the guard's search counts them its own way
    empty = sum(1 for e in ends if e > 0 and buf[e - 1] == _SLASH)
    # the distinct column letters, as written (the guard keeps them as bytes: "a" and "A" differ)
    # each letter as 1..52 ("A".."Z", "a".."z"), a column as a number below 53**3 (counted, not sorted)
    code = _LETTER_CODE
    key = code[l0] + 53 * (code[l1] * two) + 2809 * (code[l2] * three)
    columns = frozenset(_letters(int(k)) for k in np.flatnonzero(np.bincount(key)))
    return ChunkCounts(row_tags=len(rows_at), cells=len(cells_at), empty_rows=empty, refs=len(rows_at),
                       max_ref=int(value.max()) if len(rows_at) else 0, letters=len(cells_at), columns=columns)


#: byte -> 1..52 for the letters "A".."Z", "a".."z" (0 for anything else)
_LETTER_CODE = np.zeros(256, dtype=np.int64)
_LETTER_CODE[65:91] = np.arange(1, 27)
_LETTER_CODE[97:123] = np.arange(27, 53)
_CODE_LETTER = b"_" + bytes(range(65, 91)) + bytes(range(97, 123))


def _letters(key: int) -> bytes:
    """The column letters (as written) of a number made by ``counts``."""
    out = b""
    while key:
        key, k = divmod(key, 53)
        out += _CODE_LETTER[k:k + 1]
    return out


def _starts(a: np.ndarray, at: np.ndarray, text: bytes, offset: int = 2) -> bool:
    """Every tag at ``at`` has ``text`` ``offset`` bytes after its ``<``."""
    ok = np.ones(len(at), dtype=bool)
    for k, ch in enumerate(text):
        ok &= a[at + offset + k] == ch
    return bool(ok.all())
