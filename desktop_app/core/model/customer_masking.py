"""Masked contacts: views and reports show masked names, phones and addresses unless the user
unmasks them (customers.py re-exports every name).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd


#: The unmasked contact columns of the archive (mask_contacts masks them).
CONTACT_COLUMNS = ("receiver_name", "receiver_phone", "receiver_address")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def mask_phone(value) -> str:
    """``13812341234`` -> ``138****1234``.

    11 characters or more: the first 3 and last 4 stay, the rest becomes ``*`` (so ``+86`` numbers
    hide more). Shorter numbers keep a quarter at each end (``88886666`` -> ``88****66``), so a
    short number never shows most of its digits. Empty stays empty; already masked text is kept.
    """
    s = _text(value)
    if not s or "*" in s:
        return s
    n = len(s)
    if n >= 11:
        return s[:3] + "*" * (n - 7) + s[-4:]
    k = n // 4
    return s[:k] + "*" * (n - 2 * k) + (s[n - k:] if k else "")


def mask_name(value) -> str:
    """``张三丰`` -> ``张**``; ``John Smith`` -> ``J*** *****``: the first character stays."""
    s = _text(value)
    if not s or "*" in s:
        return s
    if len(s) == 1:
        return "*"
    return s[0] + re.sub(r"\S", "*", s[1:])


_CJK = re.compile(r"[\u4e00-\u9fff]")


# the district-level unit ends the part that stays; 自治区 is a province, 小区/社区/园区 are estates
_DISTRICT = re.compile(r"(?<![治小社园])区|县|旗")


_CITY = re.compile(r"市")


def mask_address(value) -> str:
    """Keep the region, hide the street: ``浙江省杭州市西湖区文三路100号`` -> ``浙江省杭州市西湖区****``.

    Chinese: everything after the first 区/县/旗 within the first 15 characters is hidden; else after
    the last 市 within the first 12; else after the first 6 characters. Other scripts: the first
    comma-separated part (street) is hidden: ``1 Main St, Springfield, IL`` -> ``****, Springfield, IL``.
    """
    s = _text(value)
    if not s or "****" in s:
        return s
    if _CJK.search(s):
        m = _DISTRICT.search(s[:15])
        if m:
            cut = m.end()
        else:
            cities = list(_CITY.finditer(s[:12]))
            cut = cities[-1].end() if cities else min(6, len(s))
        head = s[:cut]
        return head + "****" if len(s) > cut else head
    parts = [p.strip() for p in s.split(",")]
    if len(parts) >= 2:
        return ", ".join(["****"] + [p for p in parts[1:] if p])
    return (s[:6] + "****") if len(s) > 6 else "****"


def mask_contacts(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with receiver_name / receiver_phone / receiver_address masked (if present)."""
    out = frame.copy()
    for col, fn in (("receiver_name", mask_name), ("receiver_phone", mask_phone),
                    ("receiver_address", mask_address)):
        if col in out.columns:
            # mask each distinct value once (names and cities repeat a lot)
            codes, uniques = pd.factorize(out[col].astype(object), use_na_sentinel=True)
            masked = np.array([fn(v) for v in uniques] + [""], dtype=object)
            out[col] = pd.Series(masked[codes], index=out.index, dtype=object)
    return out
