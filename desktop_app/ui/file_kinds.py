"""What a file that is not an export is ("a Word document"), told from its name and first bytes.

Checked before a file is read, so a .docx gets a sentence about what it is instead of a reader's error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_C = "FileKinds"
#: extension -> what the file is
KINDS = {
    ".docx": QT_TRANSLATE_NOOP("FileKinds", "a Word document"),
    ".doc": QT_TRANSLATE_NOOP("FileKinds", "a Word document"),
    ".rtf": QT_TRANSLATE_NOOP("FileKinds", "a Word document"),
    ".pdf": QT_TRANSLATE_NOOP("FileKinds", "a PDF document"),
    ".pptx": QT_TRANSLATE_NOOP("FileKinds", "a PowerPoint presentation"),
    ".ppt": QT_TRANSLATE_NOOP("FileKinds", "a PowerPoint presentation"),
    ".png": QT_TRANSLATE_NOOP("FileKinds", "a picture"),
    ".jpg": QT_TRANSLATE_NOOP("FileKinds", "a picture"),
    ".jpeg": QT_TRANSLATE_NOOP("FileKinds", "a picture"),
    ".gif": QT_TRANSLATE_NOOP("FileKinds", "a picture"),
    ".bmp": QT_TRANSLATE_NOOP("FileKinds", "a picture"),
    ".webp": QT_TRANSLATE_NOOP("FileKinds", "a picture"),
    ".zip": QT_TRANSLATE_NOOP("FileKinds", "a compressed archive"),
    ".rar": QT_TRANSLATE_NOOP("FileKinds", "a compressed archive"),
    ".7z": QT_TRANSLATE_NOOP("FileKinds", "a compressed archive"),
    ".exe": QT_TRANSLATE_NOOP("FileKinds", "a program"),
    ".mp4": QT_TRANSLATE_NOOP("FileKinds", "a video"),
}
#: first bytes -> what the file is (a renamed file keeps its content)
MAGIC = (
    (b"%PDF", QT_TRANSLATE_NOOP("FileKinds", "a PDF document")),
    (b"\x89PNG", QT_TRANSLATE_NOOP("FileKinds", "a picture")),
    (b"\xff\xd8\xff", QT_TRANSLATE_NOOP("FileKinds", "a picture")),
    (b"GIF8", QT_TRANSLATE_NOOP("FileKinds", "a picture")),
    (b"Rar!", QT_TRANSLATE_NOOP("FileKinds", "a compressed archive")),
    (b"MZ", QT_TRANSLATE_NOOP("FileKinds", "a program")),
)


def foreign_kind(path: str) -> Optional[str]:
    """What the file is, in the UI language, when it is plainly not an export or chat log; else None."""
    p = Path(path)
    kind = KINDS.get(p.suffix.lower())
    if kind is None:
        try:
            with open(p, "rb") as f:
                head = f.read(8)
        except OSError:
            return None
        kind = next((k for magic, k in MAGIC if head.startswith(magic)), None)
    return QCoreApplication.translate(_C, kind) if kind else None
