"""Chat-log cells shared by the chat formats (chats_plain.py, chats_qianniu*.py): the shop of a
``店铺名:客服名`` sub-account, auto-reply and robot marking, sender words, texts and times.

Everything is vectorised: values are factorised first and the Python work runs over the distinct
values only, because a chat log repeats the same few agents, senders and template texts millions
of times.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

import numpy as np
import pandas as pd

from ..model.settings import DEFAULT_SETTINGS
from .cleaning import parse_datetime
from .read_guards import ns_series


#: defaults come from the model settings so the UI's settings page and the importers agree
DEFAULT_AUTO_PATTERNS: tuple[str, ...] = DEFAULT_SETTINGS.auto_reply_patterns
DEFAULT_ROBOT_ACCOUNTS: tuple[str, ...] = DEFAULT_SETTINGS.robot_accounts

_COLON = re.compile("[:：]")


def shop_of(agents: pd.Series) -> pd.Series:
    """The shop part of ``店铺名:客服名`` sub-accounts ("" when there is no colon)."""
    codes, uniques = pd.factorize(_obj(agents), use_na_sentinel=False)
    shops = np.array([_shop_of_one(u) for u in uniques], dtype=object)
    return pd.Series(shops[codes] if len(shops) else np.array([], dtype=object), index=agents.index)


def _shop_of_one(agent) -> str:
    text = "" if agent is None or (isinstance(agent, float) and np.isnan(agent)) else str(agent)
    parts = _COLON.split(text, maxsplit=1)
    return parts[0].strip() if len(parts) == 2 else ""


def is_sub_account(nick: str) -> bool:
    """True for ``店铺名:客服名`` nicks (ASCII or full-width colon), the shape of an agent account."""
    return bool(_COLON.search(nick or ""))


def compile_patterns(patterns: Iterable[str]) -> Optional[re.Pattern]:
    """One case-insensitive regex matching any of ``patterns`` (None when there are none).

    A pattern that is not a valid regular expression is matched literally, so a user typing
    their welcome text with brackets or a '?' in the settings still gets what they meant.
    """
    parts = []
    for p in patterns:
        if not p:
            continue
        try:
            re.compile(p)
            parts.append(f"(?:{p})")
        except re.error:
            parts.append(re.escape(p))
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def auto_mask(
    texts: pd.Series,
    agents: pd.Series,
    from_agent: np.ndarray,
    *,
    auto_patterns: Iterable[str] = DEFAULT_AUTO_PATTERNS,
    robot_accounts: Iterable[str] = DEFAULT_ROBOT_ACCOUNTS,
) -> np.ndarray:
    """Which agent-side messages are automatic: text matches a pattern or the sender is a robot.

    Buyer messages are never automatic (a buyer asking "是机器人吗" is a real question).
    Robot patterns are searched in the sub-account name (the part after the colon) and in the
    whole account, so both ``店小蜜`` and ``示例旗舰店:店小蜜`` match.
    """
    from_agent = np.asarray(from_agent, dtype=bool)
    out = np.zeros(len(texts), dtype=bool)
    if not from_agent.any():
        return out
    text_re = compile_patterns(auto_patterns)
    if text_re is not None:
        codes, uniques = pd.factorize(_obj(texts)[from_agent], use_na_sentinel=False)
        hit = np.array([bool(text_re.search(str(u))) for u in uniques], dtype=bool)
        if len(hit):
            out[from_agent] |= hit[codes]
    robot_re = compile_patterns(robot_accounts)
    if robot_re is not None:
        codes, uniques = pd.factorize(_obj(agents)[from_agent], use_na_sentinel=False)
        hit = np.array([_is_robot(str(u), robot_re) for u in uniques], dtype=bool)
        if len(hit):
            out[from_agent] |= hit[codes]
    return out


def _is_robot(agent: str, robot_re: re.Pattern) -> bool:
    parts = _COLON.split(agent, maxsplit=1)
    name = parts[-1]
    return bool(robot_re.search(name) or robot_re.search(agent))


def _norm_words(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Factorise ``values`` and return (codes, lower-cased stripped uniques)."""
    codes, uniques = pd.factorize(_obj(values), use_na_sentinel=False)
    norm = np.array([_word(u) for u in uniques], dtype=object)
    return codes, norm


def _word(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().lower()


def _obj(values: pd.Series) -> np.ndarray:
    """The cells as an object ndarray without a copy (pandas 3 ``str`` columns keep NaN for missing).

    Factorising this array is about twice as fast as factorising the Series itself.
    """
    return values.to_numpy(dtype=object)


def _blank_or_text(value) -> str:
    if type(value) is str:  # the common case first: one strip, guards only when present
        text = value.strip()
        return _id_text(text) if text[:1] in ("=", "'") else text
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return _id_text(value)


def _text(values: pd.Series) -> pd.Series:
    """Raw cells as stripped text, "" for missing, via the distinct values."""
    codes, uniques = pd.factorize(_obj(values), use_na_sentinel=False)
    clean = np.array([_blank_or_text(u) for u in uniques], dtype=object)
    return pd.Series(clean[codes] if len(clean) else np.array([], dtype=object), index=values.index)


def _plain_text(values: pd.Series) -> pd.Series:
    """Message texts: CSV strings kept as they are (only blanks become ""); xlsx cells via _text."""
    if pd.api.types.is_string_dtype(values.dtype) and values.dtype != object:
        obj = _obj(values)
        missing = pd.isna(obj)
        if missing.any():
            obj = obj.copy()
            obj[missing] = ""
        return pd.Series(obj, index=values.index, dtype=object)
    return _text(values)


def _id_text(value) -> str:
    # xlsx numbers that are really nicks (e.g. a buyer called 12345) arrive as floats
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # the spreadsheet text-guards real exports use: ="…", a leading tab or apostrophe
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return text.lstrip("'\t").strip()


def parse_times(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Raw time cells -> (datetime64[ns] series, mask of cells that were not empty but unreadable).

    Strings in the documented ``YYYY-MM-DD HH:MM:SS`` shape and xlsx datetimes take the fast
    fixed-format path; the rest go through the shared ``cleaning.parse_datetime``.
    A UTC offset is dropped after keeping the written wall-clock time (see schema.py).
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values
        if getattr(out.dt, "tz", None) is not None:
            out = out.dt.tz_localize(None)
        ns = ns_series(out)  # a year like 9999 does not fit nanoseconds: NaT and flagged
        return ns, ns.isna().to_numpy() & ~out.isna().to_numpy()
    # the fixed format straight on the raw cells: no Python per value on the common path
    if pd.api.types.is_numeric_dtype(values.dtype):  # numbers (Excel serials): all through the shared parser
        out = pd.Series(np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]"), index=values.index)
    else:
        texts = values
        if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
            # a mixed column (texts and numbers): the fixed format reads only the texts (numbers as epochs
            # would be wrong; pandas deprecates a format on numbers), the numbers go to the shared parser
            texts = values.where(values.map(lambda v: isinstance(v, str)).astype(bool))
        out = ns_series(pd.to_datetime(texts, format="%Y-%m-%d %H:%M:%S", errors="coerce"))
    obj = _obj(values)
    empty = pd.isna(obj) | (obj == "")
    todo = out.isna().to_numpy() & ~empty
    if todo.any():
        # everything else through the shared parser: 2026/11/16 9:05, ISO 'T', 2026年11月16日,
        # Excel serial numbers, offsets (wall-clock kept); its own empties ("-") count as empty
        rest, rest_bad = parse_datetime(values[todo])
        out[todo] = rest.to_numpy(dtype="datetime64[ns]")
        empty[todo] = rest.isna().to_numpy() & ~rest_bad
    bad = out.isna().to_numpy() & ~empty
    return out, bad
