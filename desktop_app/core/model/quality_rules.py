"""The service-quality rules (服务质检): their ids, labels, settings, and how their words are matched.

Matching (docs/quality.md): texts and words are folded with Unicode NFKC and casefolded, so a
full-width ``？`` or ``１２３１５`` is the same as ``?`` or ``12315`` and ``Sorry`` matches ``sorry``. A word
is a literal substring; an entry starting with ``re:`` is a regular expression. A banned or complaint word
is negated (not a hit) when it follows one of ``quality_negation_prefixes`` directly ("不是不知道"), and
``quality_allowed_phrases`` are blanked out before banned words are sought ("有不清楚的地方随时问我").
Everything here works on the distinct texts of a column (a chat export repeats its templates), through
pandas' vectorised string methods with one compiled alternation per word list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

import numpy as np
import pandas as pd

from .settings import ModelSettings

BARE_REPLY = "bare_reply"
NO_GREETING = "no_greeting"
NO_CLOSING = "no_closing"
BANNED_WORDS = "banned_words"
UNANSWERED_QUESTION = "unanswered_question"
COMPLAINT_NO_APOLOGY = "complaint_no_apology"
LOST_INQUIRY = "lost_inquiry_no_followup"

#: rule id -> (简体中文 label, English label, the settings it reads)
RULES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    BARE_REPLY: ("回复过简", "Bare reply", ("quality_bare_max_chars", "quality_question_words")),
    NO_GREETING: ("未问候", "No greeting", ("quality_greeting_words",)),
    NO_CLOSING: ("未致谢道别", "No thanks or goodbye", ("quality_closing_words",)),
    BANNED_WORDS: ("禁用语", "Banned words", ("quality_banned_words", "quality_allowed_phrases",
                                            "quality_negation_prefixes")),
    UNANSWERED_QUESTION: ("问题未回复", "Question left unanswered", ("quality_question_words",)),
    COMPLAINT_NO_APOLOGY: ("投诉未致歉", "Complaint without apology", ("quality_complaint_words",
                                                                   "quality_apology_words",
                                                                   "quality_negation_prefixes")),
    LOST_INQUIRY: ("询单流失未跟进", "Lost inquiry not followed up", ("quality_followup_h",)),
}
RULE_IDS: tuple[str, ...] = tuple(RULES)

#: setting -> (简体中文, English) label (the Excel 设置 sheet and the settings editor)
SETTING_LABELS: dict[str, tuple[str, str]] = {
    "quality_rules": ("质检规则", "Quality rules"),
    "quality_bare_max_chars": ("回复过简：最多字数", "Bare reply: at most this many characters"),
    "quality_question_words": ("问句词", "Question words"),
    "quality_greeting_words": ("问候语", "Greetings"),
    "quality_closing_words": ("致谢道别语", "Thanks and goodbye words"),
    "quality_banned_words": ("禁用语", "Banned words"),
    "quality_allowed_phrases": ("禁用语例外短语", "Allowed phrases (not banned)"),
    "quality_negation_prefixes": ("否定前缀", "Negation prefixes"),
    "quality_complaint_words": ("投诉词", "Complaint words"),
    "quality_apology_words": ("致歉语", "Apology words"),
    "quality_followup_h": ("询单流失跟进时限（小时）", "Lost inquiry: follow-up within (h)"),
}

#: the settings holding word lists (validated as patterns)
WORD_SETTINGS = ("quality_question_words", "quality_greeting_words", "quality_closing_words",
                 "quality_banned_words", "quality_allowed_phrases", "quality_negation_prefixes",
                 "quality_complaint_words", "quality_apology_words")
REGEX_PREFIX = "re:"

#: [微笑]-style emoticon codes and Qianniu's /:^_^ codes: not characters of a reply
_EMOTICON = re.compile(r"\[[^\[\]\s]{1,4}\]|/:[^\s/]{1,6}")
#: characters that count in a reply's length: letters, digits and CJK (not punctuation, space or emoji)
_WORD_CHAR = re.compile(r"[^\W_]")


class QualitySettingError(ValueError):
    """A quality setting holds a pattern that is not valid; ``setting`` names it."""

    def __init__(self, setting: str, entry: str, reason: str) -> None:
        self.setting, self.entry, self.reason = setting, entry, reason
        super().__init__(f"设置 {setting} 中的 “{entry}” 不是有效的模式 / setting {setting}: "
                         f"{entry!r} is not a valid pattern ({reason})")


#: links are not words: a product link's "?" is no question (replaced by a space before matching)
_URL = re.compile(r"(?:https?://|www\.)[!-~]+")


def fold(text: str) -> str:
    """One text as the rules read it: NFKC (full-width -> half-width), casefolded, links blanked."""
    return _URL.sub(" ", unicodedata.normalize("NFKC", text).casefold())


def fold_series(texts: pd.Series) -> pd.Series:
    """fold() over a column of distinct texts (missing -> "")."""
    folded = texts.fillna("").astype(str).str.normalize("NFKC").str.casefold()
    return folded.str.replace(_URL, " ", regex=True)


def entry_pattern(setting: str, entry: str) -> str:
    """The regular expression of one word-list entry (folded; ``re:`` entries checked)."""
    entry = str(entry)
    if entry.startswith(REGEX_PREFIX):
        body = fold(entry[len(REGEX_PREFIX):])
        if not body:
            raise QualitySettingError(setting, entry, "empty pattern")
        try:
            re.compile(body)
        except re.error as exc:
            raise QualitySettingError(setting, entry, str(exc)) from None
        return f"(?:{body})"
    body = fold(entry).strip()
    if not body:
        raise QualitySettingError(setting, entry, "empty word")
    return re.escape(body)


def alternation(setting: str, entries: Iterable[str]) -> Optional[str]:
    """One alternation of a word list, longest literal first (so 不会给 wins over 不会); None if empty."""
    parts = [entry_pattern(setting, e) for e in entries if str(e).strip()]
    if not parts:
        return None
    return "|".join(sorted(dict.fromkeys(parts), key=len, reverse=True))


def negated(setting: str, words: Iterable[str], prefixes: Iterable[str]) -> Optional[re.Pattern]:
    """``words`` not directly after a negation prefix: one lookbehind per literal prefix."""
    body = alternation(setting, words)
    if body is None:
        return None
    behind = []
    for p in prefixes:
        if not str(p).strip():
            continue
        pat = entry_pattern("quality_negation_prefixes", p)
        if str(p).startswith(REGEX_PREFIX):
            try:
                re.compile(f"(?<!{pat})")
            except re.error as exc:
                raise QualitySettingError("quality_negation_prefixes", str(p),
                                          f"a negation prefix must have a fixed length ({exc})") from None
        behind.append(f"(?<!{pat})")
    return re.compile("".join(behind) + f"(?:{body})")


@dataclass(frozen=True)
class Matchers:
    """Compiled patterns of every word list (None: the list is empty and matches nothing)."""

    question: Optional[re.Pattern]
    greeting: Optional[re.Pattern]
    closing: Optional[re.Pattern]
    banned: Optional[re.Pattern]
    allowed: Optional[re.Pattern]
    complaint: Optional[re.Pattern]
    apology: Optional[re.Pattern]


def _plain(setting: str, entries) -> Optional[re.Pattern]:
    body = alternation(setting, entries)
    return re.compile(body) if body is not None else None


def compile_matchers(settings: ModelSettings) -> Matchers:
    """Every word list compiled; QualitySettingError names the first setting that is not valid."""
    s = settings
    return Matchers(
        question=_plain("quality_question_words", s.quality_question_words),
        greeting=_plain("quality_greeting_words", s.quality_greeting_words),
        closing=_plain("quality_closing_words", s.quality_closing_words),
        banned=negated("quality_banned_words", s.quality_banned_words, s.quality_negation_prefixes),
        allowed=_plain("quality_allowed_phrases", s.quality_allowed_phrases),
        complaint=negated("quality_complaint_words", s.quality_complaint_words, s.quality_negation_prefixes),
        apology=_plain("quality_apology_words", s.quality_apology_words),
    )


def validate(settings: ModelSettings) -> None:
    """Raise QualitySettingError (naming the setting) when a quality setting is not valid."""
    compile_matchers(settings)
    unknown = [r for r in settings.quality_rules if r not in RULES]
    if unknown:
        raise QualitySettingError("quality_rules", ", ".join(unknown), "unknown rule")
    try:
        if int(settings.quality_bare_max_chars) < 0:
            raise ValueError
    except (TypeError, ValueError):
        raise QualitySettingError("quality_bare_max_chars", str(settings.quality_bare_max_chars),
                                  "a whole number ≥ 0") from None
    try:
        if not float(settings.quality_followup_h) > 0:
            raise ValueError
    except (TypeError, ValueError):
        raise QualitySettingError("quality_followup_h", str(settings.quality_followup_h),
                                  "a number of hours > 0") from None


# ---- vectorised matching over distinct folded texts ---------------------------------------------------

def contains(folded: pd.Series, pattern: Optional[re.Pattern]) -> np.ndarray:
    """Boolean per text: does ``pattern`` occur (False throughout for an empty list)."""
    if pattern is None or len(folded) == 0:
        return np.zeros(len(folded), dtype=bool)
    return folded.str.contains(pattern, regex=True).to_numpy(dtype=bool)


def found_words(folded: pd.Series, pattern: Optional[re.Pattern]) -> np.ndarray:
    """The matched words of each text, joined with "、" (object array; "" where none)."""
    if pattern is None or len(folded) == 0:
        return np.full(len(folded), "", dtype=object)
    found = folded.str.findall(pattern)
    return np.array(["、".join(dict.fromkeys(w)) for w in found], dtype=object)


def without_allowed(folded: pd.Series, allowed: Optional[re.Pattern]) -> pd.Series:
    """Texts with the allowed phrases blanked (a NUL each, so nothing joins across the gap)."""
    if allowed is None or len(folded) == 0:
        return folded
    return folded.str.replace(allowed, "\x00", regex=True)


def reply_length(folded: pd.Series) -> np.ndarray:
    """Characters that count in a reply (letters, digits, CJK), emoticon codes removed."""
    if len(folded) == 0:
        return np.zeros(0, dtype=np.int64)
    stripped = folded.str.replace(_EMOTICON, "", regex=True)
    return stripped.str.count(_WORD_CHAR).to_numpy(dtype=np.int64)


def rule_settings(settings: ModelSettings, rule: str) -> dict:
    """The settings one rule reads, JSON-ready."""
    out = {}
    for name in RULES[rule][2]:
        value = getattr(settings, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out
