"""Update the Qt Linguist sources (.ts) from the code and compile them (.qm).

    python resources/i18n/build.py            # lupdate + lrelease
    python resources/i18n/build.py update     # only refresh the .ts files from the code
    python resources/i18n/build.py release    # only compile .ts -> .qm

lupdate scans every module of desktop_app/ui (all views, dialogs, charts)
for self.tr(), QCoreApplication.translate() and QT_TRANSLATE_NOOP(). Existing translations are
kept; new strings arrive as "unfinished" and must be translated in desktop_app_zh_CN.ts (Qt
Linguist, or any text editor) before release. The English file only carries plural forms
(``-pluralonly``): the source strings are English already.
The .qm files are committed so a checkout runs without the Qt tools; packaging rebuilds them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANGS = ("zh_CN", "en")


def _tool(name: str) -> str:
    exe = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if exe is None:
        sys.exit(f"pyside6-{name} not found: pip install PySide6-Essentials")
    return exe


def sources() -> list[str]:
    """Every module with translatable strings, relative to the repository root (stable .ts paths)."""
    # crash.py is left out: its dialog is bilingual by design (it must work before any translator loads)
    files = sorted((ROOT / "desktop_app" / "ui").rglob("*.py"))
    return [str(p.relative_to(ROOT)) for p in files if p.exists()]


def update() -> None:
    lupdate = _tool("lupdate")
    for lang in LANGS:
        ts = HERE / f"desktop_app_{lang}.ts"
        args = [lupdate, *sources(), "-locations", "none", "-no-obsolete", "-target-language", lang,
                "-ts", str(ts.relative_to(ROOT))]
        if lang == "en":
            args.insert(1, "-pluralonly")
        subprocess.run(args, cwd=ROOT, check=True)


def release() -> None:
    lrelease = _tool("lrelease")
    for lang in LANGS:
        ts = HERE / f"desktop_app_{lang}.ts"
        subprocess.run([lrelease, str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what in ("update", "all"):
        update()
    if what in ("release", "all"):
        release()
