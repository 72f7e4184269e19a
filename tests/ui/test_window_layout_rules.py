"""The window's inside stays findable: small files, an assembling main window, no ui -> selftest import."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop_app" / "ui"


def test_no_ui_file_is_over_400_lines_and_the_main_window_is_an_assembly():
    sizes = {str(p.relative_to(UI)): len(p.read_text(encoding="utf-8").splitlines()) for p in UI.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 400} == {}
    assert sizes["main_window.py"] <= 300


def test_the_ui_never_imports_the_self_test():
    """The self-test drives the window; the window must not import it back (no import cycle)."""
    offenders = []
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [a.name for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any("selftest" in n for n in names):
                offenders.append(str(path.relative_to(UI)))
    assert offenders == []


def test_views_are_driven_through_the_view_protocol_not_hasattr():
    source = (UI / "main_window.py").read_text(encoding="utf-8") + (UI / "window_display.py").read_text(
        encoding="utf-8")
    assert "hasattr(view" not in source and "set_results" in source
