"""Bilingual texts from the core ("english / 中文" or "中文。/ English") in the UI language's order.

The core is Qt-free, so the messages and fix hints of its errors carry both languages in one string.
The window shows the part in the language the user reads first, then the other: a Chinese window
puts 中文 first, an English one English first. A text without such a split stays as it is.
"""

from __future__ import annotations

import re
from typing import Optional

from ..core.errors import InputError

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: the window's language reads Chinese first (set by i18n.Translators.install)
_chinese_first = False


def set_chinese_first(value: bool) -> None:
    global _chinese_first
    _chinese_first = bool(value)


def chinese_first() -> bool:
    return _chinese_first


def pick(zh: str, en: str) -> str:
    """The text of the window's language from a (中文, English) pair."""
    return zh if _chinese_first else en
#: what a Chinese part may start with: a CJK character, CJK punctuation or a full-width form
_CJK_START = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“‘（]")


#: a "/" with a visible ASCII character on each side: inside a URL or a path, never the languages' divide
_INSIDE_WORD = re.compile(r"^[!-~]/[!-~]$")


def split_languages(text: str) -> tuple[str, str] | None:
    """(english, chinese) when ``text`` is one part in each language around a "/", else None.

    The split is the first "/" with no Chinese on one side and a Chinese part on the other (one that
    starts with a Chinese character), so an English "a / b" inside the English part is not taken for it.
    """
    for m in re.finditer("/", text):
        if _INSIDE_WORD.match(text[max(m.start() - 1, 0): m.end() + 1]):
            continue  # a "/" between two ASCII characters belongs to a URL or a path ("postgresql://h:1/db")
        left, right = text[: m.start()].strip(), text[m.end():].strip()
        if not left or not right:
            continue
        if not _CJK.search(left) and _CJK_START.match(right):
            return left, right
        if not _CJK.search(right) and _CJK_START.match(left):
            return right, left
    return None


def ordered(text: str | None, chinese_first: bool | None = None) -> str:
    """``text`` with the reader's language first ("中文 / english" or "english / 中文"); by default the
    window's language decides."""
    first, second = _halves(text, chinese_first)
    return f"{first} / {second}" if second is not None else first


def in_reader_language(text: str | None, chinese_first: bool | None = None) -> str:
    """Only the reader's half of a bilingual text, starting with a capital ("The file is empty");
    a text in one language stays as it is. The error box keeps both halves in its details."""
    chosen, other = _halves(text, chinese_first)
    return chosen if other is None else chosen[:1].upper() + chosen[1:]


def _halves(text: str | None, chinese_first: bool | None) -> tuple[str, str | None]:
    """(the reader's half, the other half) of a bilingual text; (text, None) for a text in one language."""
    if chinese_first is None:
        chinese_first = _chinese_first
    parts = split_languages(text) if text else None
    if parts is None:
        return text or "", None
    english, chinese = parts
    return (chinese, english) if chinese_first else (english, chinese)


def describe(exc: InputError, chinese_first: bool | None = None, with_hint: bool = True,
             both: bool = False) -> str:
    """InputError.describe() with the message and the hint in the reader's language (``both``: each
    in the reader's order, for the details a user pastes into a support message)."""
    say = ordered if both else in_reader_language
    return exc.describe(lambda text: say(text, chinese_first), with_hint=with_hint)


#: a name in both languages one after the other: "默认方案 Default (seeds' targets)"
_ZH_THEN_EN = re.compile(r"^([^A-Za-z]*[\u3400-\u9fff][^A-Za-z]*?)\s+([A-Za-z].*)$")


def name_in_reader_language(name: str, chinese_first: bool | None = None) -> str:
    """A name in the reader's language when it is written in both ("中 / en" or "中文 English"); a name in
    one language (the user's own) stays as it is."""
    if split_languages(name) is not None:
        return in_reader_language(name, chinese_first)
    m = _ZH_THEN_EN.match(name or "")
    if m:
        first = _chinese_first if chinese_first is None else chinese_first
        return m.group(1) if first else m.group(2)
    return name


def edited_name(shown: str, full: str) -> str:
    """What a name field holds: ``full`` (a bilingual name) while the field shows its reader's half, else the
    text the user typed."""
    return full if shown == name_in_reader_language(full) else shown


def relabelled_name(shown: str, full: str) -> Optional[str]:
    """The field's text in the window's new language while it still shows one half of ``full`` (unedited);
    None when the user edited it."""
    halves = {name_in_reader_language(full, first) for first in (True, False)}
    return name_in_reader_language(full) if full and shown in halves else None
