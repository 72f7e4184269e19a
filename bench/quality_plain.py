"""A plain per-message Python implementation of the quality rules: the benchmark's baseline.

Same rules as desktop_app/core/model/quality.py, written the obvious way: dicts and lists, one message
at a time, every text folded and matched on its own (no de-duplication). Which conversations led to an
order comes in as a set (the model's attribution), as the rule reads it from there too.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

import numpy as np

from desktop_app.core.model import quality_rules as qr
from desktop_app.core.model.conversations import robot_accounts

NS = 1_000_000_000


def plain_quality(messages, orders, settings, as_of_ns: int, ordered: set) -> Counter:
    """Hits per rule. ``ordered``: {(buyer, agent, conversation start in seconds)} that led to an order."""
    m = qr.compile_matchers(settings)
    gap = settings.split_gap_s
    window = float(settings.quality_followup_h) * 3600
    as_of = as_of_ns // NS
    auto_pat = re.compile("|".join(settings.auto_reply_patterns)) if settings.auto_reply_patterns else None
    agents = sorted(set(messages["agent"]))
    robot = dict(zip(agents, robot_accounts(agents, settings)))
    per_pair = defaultdict(list)
    for t, buyer, agent, sender, auto, text in zip(
            messages["time"].to_numpy().view("i8") // NS, messages["buyer"], messages["agent"],
            messages["sender"], messages["auto"], messages["text"]):
        is_buyer = sender == "buyer"
        if not is_buyer and (auto or robot[agent] or (auto_pat is not None and auto_pat.search(str(text)))):
            auto = True
        else:
            auto = bool(auto) and not is_buyer
        per_pair[(buyer, agent)].append((int(t), is_buyer, auto, "" if text is None else str(text)))
    order_times = defaultdict(list)
    for buyer, created in zip(orders["buyer"], orders["created"].to_numpy().view("i8")):
        if buyer and created != np.iinfo(np.int64).min:
            order_times[buyer].append(created // NS)
    for v in order_times.values():
        v.sort()
    hits = Counter()
    for (buyer, agent), rows in per_pair.items():
        if robot[agent]:
            continue
        rows.sort(key=lambda r: r[0])
        convs, cur, last_t = [], [], None
        for row in rows:
            t = row[0]
            if last_t is not None and (t - last_t > gap or t // 86400 != last_t // 86400):
                convs.append(cur)
                cur = []
            cur.append(row)
            last_t = t
        if cur:
            convs.append(cur)
        for i, conv in enumerate(convs):
            _conversation(conv, i, convs, buyer, agent, m, settings, as_of, window, ordered,
                          order_times, hits)
    return hits


def _conversation(conv, i, convs, buyer, agent, m, settings, as_of, window, ordered, order_times, hits):
    start, end = conv[0][0], conv[-1][0]
    msgs = [(t, b, qr.fold(text)) for t, b, auto, text in conv if not auto]
    if not msgs:
        return
    blocks = []
    for t, b, text in msgs:
        if blocks and blocks[-1][0] == b:
            blocks[-1][1].append((t, text))
        else:
            blocks.append((b, [(t, text)]))

    def has(pattern, text):
        return pattern is not None and pattern.search(text) is not None

    rules = settings.quality_rules
    human_blocks = [k for k, (b, _) in enumerate(blocks) if not b]
    for k, (b, lines) in enumerate(blocks):
        if b:
            continue
        if "bare_reply" in rules and k > 0 and any(has(m.question, x) for _, x in blocks[k - 1][1]):
            total = sum(len(qr._WORD_CHAR.findall(qr._EMOTICON.sub("", x))) for _, x in lines)
            if 0 < total <= settings.quality_bare_max_chars:
                hits["bare_reply"] += 1
        if "banned_words" in rules:
            for _, x in lines:
                y = m.allowed.sub("\x00", x) if m.allowed is not None else x
                if has(m.banned, y):
                    hits["banned_words"] += 1
    if human_blocks:
        first = blocks[human_blocks[0]][1]
        if "no_greeting" in rules and any(x.strip() for _, x in first) and not any(
                has(m.greeting, x) for _, x in first):
            hits["no_greeting"] += 1
        last = blocks[human_blocks[-1]][1]
        if "no_closing" in rules and (buyer, agent, start) in ordered and any(x.strip() for _, x in last) \
                and not any(has(m.closing, x) for _, x in last):
            hits["no_closing"] += 1
    b, lines = blocks[-1]
    if "unanswered_question" in rules and b and lines[-1][0] + settings.split_gap_s <= as_of and any(
            has(m.question, x) for _, x in lines):
        hits["unanswered_question"] += 1
    if "complaint_no_apology" in rules:
        for k, (b, lines) in enumerate(blocks):
            if b and any(has(m.complaint, x) for _, x in lines):
                reply = blocks[k + 1][1] if k + 1 < len(blocks) else []
                if not any(has(m.apology, x) for _, x in reply):
                    hits["complaint_no_apology"] += 1
    if "lost_inquiry_no_followup" in rules and human_blocks and any(b for b, _ in blocks) \
            and end + window <= as_of:
        times = order_times.get(buyer, [])
        j = bisect.bisect_left(times, start)
        bought = j < len(times) and times[j] <= end + window
        followed = False
        for later in convs[i + 1:i + 9]:
            if later[0][0] > end + window:
                break
            human = [t for t, b, auto, _ in later if not b and not auto]
            if human and human[0] <= end + window:
                followed = True
                break
        if not bought and not followed:
            hits["lost_inquiry_no_followup"] += 1
