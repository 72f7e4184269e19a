"""Every fix shown to a user ("How to fix: …") is bilingual: Chinese for the user, English too.

The window shows ``InputError.hint`` under "How to fix" and ``RowProblem.reason`` on the
Problems page; users read Chinese first. These tests read the core's source with ``ast`` so a
new English-only hint fails here rather than reaching a user, and trigger real errors through
the public readers to check what a user actually sees.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import desktop_app.core as core
from desktop_app.core.errors import InputError
from desktop_app.core.importers import readers, registry

CORE = Path(core.__file__).resolve().parent
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")

#: InputError and its subclasses: their message (first argument) must be bilingual too.
ERROR_CLASSES = {"InputError", "EncryptedWorkbook", "UnrecognisedFormat", "MissingColumns",
                 # the history store's faults (core/store/faults.py)
                 "StoreBusy", "StoreFull", "StoreWriteFailed", "StoreDamaged", "StoreReadOnly", "StoreFolderError"}
#: helpers that build RowProblems, and the position of their reason argument.
REASON_HELPERS = {"RowProblem": None, "note": 2, "_add_problems": 7, "_problems_for": None}


def _parts(node: ast.AST, consts: dict[str, list[str]]) -> list[str]:
    """The constant text of an expression: literals, implicit/``+`` joins, f-string constant
    parts and module-level string constants used by name. Non-constant parts give nothing."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _parts(node.left, consts) + _parts(node.right, consts)
    if isinstance(node, ast.Name):
        return list(consts.get(node.id, []))
    return []


def _module_constants(tree: ast.Module) -> dict[str, list[str]]:
    consts: dict[str, list[str]] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        parts = _parts(value, consts)
        for t in targets:
            if isinstance(t, ast.Name) and parts:
                consts[t.id] = parts
    return consts


def _func_name(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


def _is_bilingual(text: str) -> bool:
    return bool(CJK.search(text)) and bool(LATIN.search(text))


def check_source(source: str, where: str) -> tuple[list[str], list[str], int]:
    """(hint failures, message/reason failures, number of hints seen) for one module's source."""
    tree = ast.parse(source, filename=where)
    consts = _module_constants(tree)
    bad_hints: list[str] = []
    bad_texts: list[str] = []
    hints = 0
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = _func_name(call)
        at = f"{where}:{call.lineno}"
        for kw in call.keywords:
            if kw.arg != "hint":
                continue
            if isinstance(kw.value, ast.Constant) and kw.value.value is None:
                continue
            hints += 1
            text = "".join(_parts(kw.value, consts))
            if not text:
                bad_hints.append(f"{at}: hint= {ast.unparse(kw.value)} cannot be resolved to text")
            elif not _is_bilingual(text):
                bad_hints.append(f"{at}: hint is not bilingual: {text!r}")
        texts: list[ast.AST] = []
        if name in ERROR_CLASSES:
            texts += call.args[:1] + [kw.value for kw in call.keywords if kw.arg == "message"]
        if name in REASON_HELPERS:
            pos = REASON_HELPERS[name]
            if pos is not None and len(call.args) > pos:
                texts.append(call.args[pos])
            texts += [kw.value for kw in call.keywords if kw.arg == "reason"]
        for node in texts:
            text = "".join(_parts(node, consts))
            if text and not _is_bilingual(text):  # a bare variable (``reason=reason``) is checked where it is made
                bad_texts.append(f"{at}: {name} text is not bilingual: {text!r}")
    return bad_hints, bad_texts, hints


def _core_sources():
    files = sorted(CORE.rglob("*.py"))
    assert files, CORE
    for path in files:
        yield path, path.read_text(encoding="utf-8")


def test_every_hint_in_the_core_has_chinese_and_english():
    failures, seen = [], 0
    for path, source in _core_sources():
        bad, _, n = check_source(source, str(path.relative_to(CORE.parent.parent)))
        failures += bad
        seen += n
    assert seen >= 20, f"only {seen} hint= arguments found; is the AST walk still reading the core?"
    assert not failures, "hints shown under 'How to fix' must be '中文。/ English.':\n" + "\n".join(failures)


def test_every_input_error_message_and_row_problem_reason_is_bilingual():
    failures = []
    for path, source in _core_sources():
        failures += check_source(source, str(path.relative_to(CORE.parent.parent)))[1]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("source, expect", [
    ('raise InputError("bad / 坏", hint="Check the path and try again.")', "not bilingual"),
    ('raise InputError("bad / 坏", hint="请检查路径。")', "not bilingual"),
    ('raise MissingColumns("bad / 坏", hint="Export it " + "again.")', "not bilingual"),
    ('H = ("Open it in Excel " "and save it.")\nraise EncryptedWorkbook("x / 密码", hint=H)', "not bilingual"),
    ('raise InputError("x / 坏", hint=f"Save {name} as CSV.")', "not bilingual"),
    ('raise InputError("x / 坏", hint=make_hint())', "cannot be resolved"),
    ('foo(hint="only English")', "not bilingual"),
])
def test_the_checker_rejects_english_only_or_unresolvable_hints(source, expect):
    bad, _, _ = check_source(source, "example.py")
    assert len(bad) == 1 and expect in bad[0], bad


@pytest.mark.parametrize("source", [
    'raise InputError("bad / 坏", hint="请检查路径后重试。/ Check the path and try again.")',
    'H = ("请用 Excel 打开。/ " "Open it in Excel.")\nraise EncryptedWorkbook("x / 密码", hint=H)',
    'raise InputError("x / 坏", hint=f"请把 {name} 另存为 CSV。/ Save {name} as CSV.")',
    'raise InputError("x / 坏", hint=None)',
])
def test_the_checker_accepts_bilingual_hints(source):
    assert check_source(source, "example.py")[0] == []


def test_the_checker_rejects_english_only_messages_and_reasons():
    source = ('raise InputError(f"unknown kind {k!r}", hint="请选择。/ Choose one.")\n'
              'problems.append(RowProblem(file=f, row=1, reason="not a number; counted as 0"))\n'
              'note(i, col, "the SKU is empty")\n')
    assert len(check_source(source, "example.py")[1]) == 3


def _empty(tmp_path: Path) -> Path:
    p = tmp_path / "订单报表.csv"
    p.write_bytes(b"")
    return p


def _blank_text(tmp_path: Path) -> Path:
    p = tmp_path / "blank.csv"
    p.write_bytes(b"\xef\xbb\xbf \r\n\r\n")
    return p


@pytest.mark.parametrize("make, english", [
    (lambda tmp: tmp / "no_such_export.xlsx", "Check the path"),
    (_empty, "Export the data again"),
    (_blank_text, "Export the data again"),
])
@pytest.mark.parametrize("read", [readers.read_raw_tables, registry.load_file, registry.detect])
def test_real_errors_carry_a_chinese_hint(tmp_path, make, english, read):
    path = make(tmp_path)
    with pytest.raises(InputError) as err:
        read(path)
    hint = err.value.hint or ""
    assert CJK.search(hint), hint
    assert hint.startswith("请") and english in hint, hint  # Chinese first, the English kept
    assert CJK.search(err.value.message) and path.name in str(err.value)
