"""A streaming look inside an .xlsx zip before python-calamine sees it.

calamine sizes its buffers from what the file *claims*: a ``<dimension>`` or one cell at
``XFD1048576`` makes it allocate rows × columns cells, a sharedStrings ``count="4294967295"`` makes
it reserve four billion strings; either aborts the whole process (no Python error). So the zip is
checked first, reading each part in 1 MB pieces (never whole, never parsed into a tree):

- members: a part calamine reads that inflates past ``MAX_PART_BYTES``, or with a compression
  ratio past ``MAX_RATIO`` once it is over ``RATIO_FLOOR`` bytes, is rejected (a zip bomb);
  a ``<!DOCTYPE`` (entity tricks) is rejected;
- worksheets: the claimed ``<dimension>``, the rows and the cell references actually present
  (the highest row and column, how many rows hold cells);
- sharedStrings: the claimed ``count``/``uniqueCount`` against the ``<si>`` entries present.

``inspect`` returns a ``WorkbookScan``; when ``scan.safe_for_calamine`` is False the workbook
is read by ``xlsx_stream`` instead (only the filled rows and columns, with a note saying what
the sheet claimed), and a workbook that holds more filled cells than ``MAX_CELLS`` is refused.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import Optional

from ..errors import InputError
from . import guard_prefetch, xlsx_guard_fast

#: A part calamine reads may not inflate past this (the real 1,000,000-row export is ~60 MB).
MAX_PART_BYTES = 1_500_000_000
#: ...nor compress better than this once it is past RATIO_FLOOR (XML exports zip 5-30x).
MAX_RATIO = 400
RATIO_FLOOR = 50_000_000
#: Rows × columns calamine may allocate for one sheet (~32 bytes a cell in calamine).
MAX_BOX_CELLS = 12_000_000
#: Filled cells a workbook may hold at all (about 1 GB once read into Python).
MAX_CELLS = 20_000_000
#: A sheet whose rows span more than this beyond its filled rows is sparse: read only those.
MAX_EMPTY_SPAN = 50_000
#: count the usual worksheet layout with numpy (xlsx_guard_fast: the same counts in about half the time); the tests
#: turn it off to compare
USE_FAST_COUNTS = True
#: sharedStrings may claim this many entries more than it holds.
SST_SLACK = 1_000

CHUNK = 1 << 20

_CELL_COL = re.compile(rb"\br=\"([A-Za-z]{1,9})\d")
_CELL_ROW = re.compile(rb"\br=\"[A-Za-z]{1,9}(\d{1,12})\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?ref=\"([^\"]*)\"")
_SST_TAG = re.compile(rb"<(?:\w+:)?sst\b[^>]*>")
_SST_COUNT = re.compile(rb"\b(?:count|uniqueCount)=\"(\d{1,20})\"")
_SI_TAG = re.compile(rb"<(?:\w+:)?si[\s>/]")
_REF = re.compile(r"^\$?([A-Za-z]{1,9})\$?(\d{1,12})$")

_HINT = ("请用 Excel 或 WPS 打开，另存为 .xlsx（或导出为 CSV）后再导入。/ Open it in Excel or WPS and save it "
         "again as .xlsx (or export a CSV), then import that.")


def col_index(letters: str) -> int:
    """``A`` → 1, ``XFD`` → 16384 (any length)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def parse_ref(ref: str) -> Optional[tuple[int, int]]:
    """``B12`` → (12, 2); None when it is not a cell reference."""
    m = _REF.match(ref.strip())
    return (int(m.group(2)), col_index(m.group(1))) if m else None


@dataclass
class SheetScan:
    """What one worksheet part claims and holds."""

    part: str
    claimed_rows: int = 0
    claimed_cols: int = 0
    rows: int = 0  # <row> elements that hold cells
    cells: int = 0
    max_row: int = 0
    max_col: int = 0
    columns: int = 0  # distinct filled columns (capped)
    xml_bytes: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def needs_stream(self) -> bool:
        return bool(self.reasons)


@dataclass
class WorkbookScan:
    sheets: dict[str, SheetScan] = field(default_factory=dict)  # by part name
    sst_claimed: int = 0
    sst_entries: int = 0
    reasons: list[str] = field(default_factory=list)  # workbook-wide (sharedStrings)

    @property
    def safe_for_calamine(self) -> bool:
        return not self.reasons and not any(s.needs_stream for s in self.sheets.values())

    @property
    def cells(self) -> int:
        return sum(s.cells for s in self.sheets.values())


def _reject(name: str, message: str, details: str = "") -> InputError:
    return InputError(message, file=name, hint=_HINT, details=details or None)


def _stream(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str):
    """The part in pieces that end at a tag boundary (``>``); enforces size and ratio limits."""
    total = 0
    carry = b""
    with z.open(info) as fh:
        while True:
            piece = fh.read(CHUNK)
            total += len(piece)
            if total > MAX_PART_BYTES or (
                    total > RATIO_FLOOR and total > MAX_RATIO * max(info.compress_size, 1)):
                raise _reject(name, f"the part {info.filename} inflates to over {total // 1_000_000:,} MB "
                                    f"from {info.compress_size:,} bytes; the file looks like a zip bomb or "
                                    f"is damaged / 文件内部数据异常（解压后过大），可能已损坏。")
            if not piece:
                if carry:
                    yield carry
                return
            buf = carry + piece
            cut = buf.rfind(b">") + 1
            if cut <= 0:
                carry = buf
                if len(carry) > 64 * CHUNK:
                    raise _reject(name, f"the part {info.filename} is not valid XML / 文件内部数据已损坏。")
                continue
            carry = buf[cut:]
            yield buf[:cut]


def _check_doctype(first: bytes, name: str, part: str) -> None:
    if b"<!DOCTYPE" in first[:4096] or b"<!ENTITY" in first[:4096]:
        raise _reject(name, f"the part {part} declares XML entities, which exports never do; the file "
                            f"is refused / 文件包含不允许的 XML 声明，拒绝读取。")


class _SheetPatterns:
    """Searches for one namespace prefix (``x:`` or none): each starts with a literal (``<row ``,
    ``<c r="``), which ``re`` finds with a fast scan, and counts use ``bytes.count``; a pattern that
    starts with ``<(?:\\w+:)?`` would be tried at every tag and cost about 5x more."""

    def __init__(self, prefix: bytes) -> None:
        p = re.escape(prefix)
        self.prefix = prefix
        self.row_open = (b"<" + prefix + b"row ", b"<" + prefix + b"row>")
        self.cell_open = (b"<" + prefix + b"c ", b"<" + prefix + b"c>", b"<" + prefix + b"c/")
        self.empty_row = re.compile(b"<" + p + rb"row [^>]*/>")
        self.row_r = re.compile(b"<" + p + rb"row [^>]*?\br=\"(\d{1,12})\"")
        self.cell_col_first = re.compile(b"<" + p + rb"c r=\"([A-Za-z]{1,9})\d")
        self.odd = [b"<" + prefix + name + ws for name in (b"row", b"c") for ws in (b"\n", b"\r", b"\t")]
        self.prefixed = b":row" if not prefix else None

    def plain(self, buf: bytes) -> bool:
        """True when every row and cell tag in ``buf`` is written ``<row ``/``<c `` with our prefix."""
        # the odd tags hold a newline, CR or tab: three byte searches (memchr) rule them out quickly
        if (b"\n" in buf or b"\r" in buf or b"\t" in buf) and any(t in buf for t in self.odd):
            return False
        return self.prefixed is None or (self.prefixed not in buf and b":c " not in buf)


def _widest_row(buf: bytes, pats) -> int:
    """The most cells any row in ``buf`` holds (a row cut by the chunk's end counts its part)."""
    if pats:
        return max(sum(piece.count(t) for t in pats.cell_open) for piece in buf.split(b"row>"))
    return max(len(_CELL_TAG.findall(piece)) for piece in buf.split(b"row>"))


class _GeneralPatterns:
    """Any prefix, any spacing (slow: tried at every tag)."""

    empty_row = re.compile(rb"<(?:\w+:)?row\b[^>]*/>")
    row_r = re.compile(rb"<(?:\w+:)?row\s[^>]*?\br=\"(\d{1,12})\"")
    cell_col_first = _CELL_COL


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_GENERAL = _GeneralPatterns()


_PREFIX = re.compile(rb"<(\w+:)?worksheet[\s>]")


def scan_sheet(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> SheetScan:
    s = SheetScan(part=info.filename)
    pats: Optional[_SheetPatterns] = None
    row_tags = row_refs = 0
    max_row_tag = max_cell_row = 0
    cols: set[bytes] = set()
    for buf in _stream(z, info, name):
        s.xml_bytes += len(buf)
        if pats is None:
            _check_doctype(buf, name, info.filename)
            m = _PREFIX.search(buf, 0, 65536)
            pats = _SheetPatterns((m.group(1) or b"") if m else b"")
            m = _DIMENSION.search(buf, 0, 65536)
            if m:
                ref = m.group(1).decode("ascii", "replace").split(":")[-1]
                rc = parse_ref(ref)
                if rc:
                    s.claimed_rows, s.claimed_cols = rc
        quick = USE_FAST_COUNTS and not pats.prefix
        arr = xlsx_guard_fast.as_array(buf) if quick else None  # plain() and counts() share one copy
        plain = xlsx_guard_fast.plain(buf, arr, pats.odd) if quick else pats.plain(buf)
        fast = pats if plain else _GENERAL  # odd spacing or prefixes: the slower searches
        got = xlsx_guard_fast.counts(buf, arr) if fast is pats and quick else None
        if got is not None:  # the same counts in a few numpy passes (the usual layout)
            row_tags += got.row_tags
            s.rows += got.row_tags - got.empty_rows
            row_refs += got.refs
            max_row_tag = max(max_row_tag, got.max_ref)
            s.cells += got.cells
            letters = set(got.columns)
        else:
            tags, cells, letters, max_row_tag, row_refs = _slow_counts(buf, fast, pats, s, max_row_tag, row_refs)
            row_tags += tags
        if letters:
            if len(cols) < 20_000:
                cols |= letters
            s.max_col = max(s.max_col, max(col_index(c.decode("ascii")) for c in letters))
        if row_refs < row_tags:  # rows without r="": the cells' own references say where they are
            cr = _CELL_ROW.findall(buf)
            if cr:
                max_cell_row = max(max_cell_row, max(map(int, cr)))
    s.max_row = max(max_row_tag, max_cell_row, row_tags if row_refs < row_tags else 0)
    s.max_col = max(s.max_col, 1 if s.cells else 0)
    s.columns = len(cols)
    if s.claimed_rows * max(s.claimed_cols, 1) > MAX_BOX_CELLS:
        s.reasons.append(f"dimension claims {s.claimed_rows:,} rows × {s.claimed_cols:,} columns")
    if s.max_row * max(s.max_col, 1) > MAX_BOX_CELLS:
        s.reasons.append(f"cells reach row {s.max_row:,}, column {s.max_col:,}")
    if s.max_row - s.rows > MAX_EMPTY_SPAN:
        s.reasons.append(f"{s.max_row:,} rows with {s.rows:,} filled")
    return s


def _slow_counts(buf: bytes, fast, pats, s: SheetScan, max_row_tag: int, row_refs: int):
    """The piece's counts by the guard's own searches (any layout): adds the piece's filled rows, cells
    and widest row to ``s``; returns (row tags, cells, column letters, highest row number, row references
    so far)."""
    if fast is pats:
        tags = sum(buf.count(t) for t in pats.row_open)
        cells = sum(buf.count(t) for t in pats.cell_open)
    else:
        tags, cells = len(_ROW_TAG.findall(buf)), len(_CELL_TAG.findall(buf))
    s.rows += tags - len(fast.empty_row.findall(buf))
    refs = fast.row_r.findall(buf)
    row_refs += len(refs)
    if refs:
        max_row_tag = max(max_row_tag, max(map(int, refs)))
    s.cells += cells
    letters = fast.cell_col_first.findall(buf)
    if len(letters) < buf.count(b' r="') - len(refs):
        letters = _CELL_COL.findall(buf)  # some cell has r="" after another attribute
    if len(letters) < cells:
        # cells without r="" take the next column: the widest row is what calamine allocates
        s.max_col = max(s.max_col, _widest_row(buf, fast is pats and pats))
    return tags, cells, set(letters), max_row_tag, row_refs


def scan_shared_strings(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, wb: WorkbookScan) -> None:
    first = True
    for buf in _stream(z, info, name):
        if first:
            _check_doctype(buf, name, info.filename)
            m = _SST_TAG.search(buf, 0, 65536)
            if m:
                wb.sst_claimed = max((int(c) for c in _SST_COUNT.findall(m.group(0))), default=0)
            first = False
        wb.sst_entries += len(_SI_TAG.findall(buf))
    if wb.sst_claimed > wb.sst_entries + SST_SLACK:
        wb.reasons.append(f"sharedStrings claims {wb.sst_claimed:,} entries and holds {wb.sst_entries:,}")


def inspect(path) -> WorkbookScan:
    """Scan the zip at ``path``; raises InputError for what must not be read at all."""
    path = os.fspath(path)
    early = guard_prefetch.take(path)  # the same scan, started before the model's imports (headless report)
    return early.result() if early is not None else scan_workbook(path)


def scan_workbook(path: str) -> WorkbookScan:
    """``inspect``'s scan, always done now."""
    name = os.path.basename(path)
    wb = WorkbookScan()
    try:
        z = zipfile.ZipFile(path)
    except Exception as exc:  # BadZipFile, NotImplementedError (zip version), OSError, struct.error...
        # what Python cannot unpack is not handed to calamine unchecked
        raise _reject(name, "the file cannot be read as an Excel workbook; it may be damaged, cut short or not "
                            "really Excel / 无法作为 Excel 文件读取，文件可能已损坏或不完整。",
                      f"{type(exc).__name__}: {exc}") from exc
    try:
        for info in z.infolist():
            low = info.filename.lower()
            try:
                if low.startswith("xl/worksheets/") and low.endswith(".xml"):
                    wb.sheets[info.filename] = scan_sheet(z, info, name)
                elif low == "xl/sharedstrings.xml":
                    scan_shared_strings(z, info, name, wb)
                elif low.startswith("xl/") and low.endswith(".xml") and "/" not in low[3:]:
                    for buf in _stream(z, info, name):  # workbook, styles: calamine reads them too
                        _check_doctype(buf, name, info.filename)
                        break
            except InputError:
                raise
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
                # zlib.error is an Exception subclass of none of these; caught below
                raise _damaged(name, info.filename, exc) from exc
            except Exception as exc:  # zlib.error, struct.error on a damaged member
                raise _damaged(name, info.filename, exc) from exc
    finally:
        z.close()
    if wb.cells > MAX_CELLS:
        raise _reject(name, f"the workbook holds {wb.cells:,} filled cells, more than the {MAX_CELLS:,} one "
                            f"import can hold in memory / 工作簿单元格过多（{wb.cells:,} 个），超出一次导入的内存上限。",
                      ) from None
    return wb


def _damaged(name: str, part: str, exc: BaseException) -> InputError:
    return _reject(name, f"the part {part} of the file cannot be unpacked; the file is damaged or cut short / "
                         f"文件已损坏或不完整，无法解压。", f"{type(exc).__name__}: {exc}")


def clip_note(scan: SheetScan) -> str:
    """What the sheet claimed and what was read, in both languages (a RowProblem's reason)."""
    claimed_rows = max(scan.claimed_rows, scan.max_row)
    claimed_cols = max(scan.claimed_cols, scan.max_col)
    return (f"the sheet claims {claimed_rows:,} rows × {claimed_cols:,} columns but holds {scan.rows:,} filled "
            f"rows; only the filled rows and columns were read / 工作表声明 {claimed_rows:,} 行 × {claimed_cols:,} 列，"
            f"实际只有 {scan.rows:,} 行有数据；只读取了有数据的行和列")
