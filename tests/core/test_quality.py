"""Service quality (服务质检): one small chat file per rule, hits counted by hand.

Every chat is a plain chat CSV (Chinese headers, UTF-8 with BOM) read by the importer; orders, where a
rule needs them, are a GBK Taobao 订单报表 CSV. Times are 2026-11-16; the data ends a day later
(a last message on 11-17 12:00) so every conversation is settled.
"""

import json

import numpy as np
import pandas as pd
import pytest

from desktop_app.core.dataset import Dataset
from desktop_app.core.importers.registry import load_files
from desktop_app.core.model.compute import compute
from desktop_app.core.model.quality_rules import (QualitySettingError, RULE_IDS, compile_matchers, fold,
                                                  validate)
from desktop_app.core.model.quality_summary import AGENT_QUALITY_COLUMNS, set_accepted
from desktop_app.core.model.report import to_json_dict
from desktop_app.core.model.settings import DEFAULT_SETTINGS

from test_compute import write_orders

A = "示例店:小美"
B = "示例店:阿杰"
ROBOT = "示例店:店小蜜"
END = ("2026-11-17 12:00:00", "收尾买家", "示例店:收尾", "买家", "好的", "0")


def write_chat(path, rows):
    """rows: (time, buyer, agent, 发送方 买家|客服, 内容, 自动回复 0|1)."""
    lines = ["时间,买家,客服,发送方,内容,自动回复"] + [",".join(r) for r in list(rows) + [END]]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    return path


def run(tmp_path, rows, rule, orders=None, **settings):
    paths = [write_chat(tmp_path / "chat.csv", rows)]
    if orders is not None:
        paths.append(tmp_path / "orders.csv")
        write_orders(paths[-1], orders)
    ds = Dataset.from_results(load_files(paths))
    s = DEFAULT_SETTINGS.replace(quality_rules=(rule,), **settings)
    return compute(ds, s)


def hits(results, rule):
    h = results.quality.hits
    return h.loc[h["rule"] == rule].reset_index(drop=True)


def t(hms):
    return f"2026-11-16 {hms}"


def test_bare_reply(tmp_path):
    rows = [
        # the seed's bad example: a question answered with two characters
        (t("10:00:00"), "买家1", A, "买家", "这款衣服上的配饰是赠送的吗？", "0"),
        (t("10:00:20"), "买家1", A, "客服", "不送。", "0"),
        # the good example: not bare
        (t("11:00:00"), "买家2", A, "买家", "这款衣服上的配饰是赠送的吗？", "0"),
        (t("11:00:20"), "买家2", A, "客服", "亲，非常抱歉，本店所有搭配的配饰都不赠送的哦", "0"),
        # full-width question mark, answer "有" + emoji code: bare (1 character counted)
        (t("12:00:00"), "买家3", A, "买家", "有现货？", "0"),
        (t("12:00:30"), "买家3", A, "客服", "有[微笑]", "0"),
        # a short line followed by an explanation in the same answer: not bare
        (t("13:00:00"), "买家4", A, "买家", "在吗", "0"),
        (t("13:00:10"), "买家4", A, "客服", "在", "0"),
        (t("13:00:15"), "买家4", A, "客服", "亲，有什么可以帮您的", "0"),
        # a short reply to a statement (no question): not bare
        (t("14:00:00"), "买家5", A, "买家", "我拍了", "0"),
        (t("14:00:10"), "买家5", A, "客服", "好的", "0"),
        # an auto-reply in between is transparent; the human "是的" is bare
        (t("15:00:00"), "买家6", A, "买家", "包邮吗", "0"),
        (t("15:00:01"), "买家6", A, "客服", "您好，本条为自动回复", "1"),
        (t("15:00:40"), "买家6", A, "客服", "是的", "0"),
        # a robot account is exempt
        (t("16:00:00"), "买家7", ROBOT, "买家", "包邮吗", "0"),
        (t("16:00:01"), "买家7", ROBOT, "客服", "是的", "0"),
        # an empty reply is not a hit
        (t("17:00:00"), "买家8", A, "买家", "包邮吗", "0"),
        (t("17:00:10"), "买家8", A, "客服", "[图片]", "0"),
    ]
    r = run(tmp_path, rows, "bare_reply")
    h = hits(r, "bare_reply")
    assert list(h["text"]) == ["不送。", "有[微笑]", "是的"]
    assert list(h["buyer"].astype(str)) == ["买家1", "买家3", "买家6"]
    assert list(h["match"]) == ["不送。", "有[微笑]", "是的"]
    assert (h["agent"].astype(str) == A).all()


def test_no_greeting(tmp_path):
    rows = [
        (t("10:00:00"), "买家1", A, "买家", "在吗", "0"),
        (t("10:00:05"), "买家1", A, "客服", "您好，在的", "0"),
        (t("11:00:00"), "买家2", A, "买家", "在吗", "0"),
        (t("11:00:05"), "买家2", A, "客服", "说", "0"),  # hit
        (t("11:00:50"), "买家2", A, "客服", "亲", "0"),  # same answer block: greeting found -> no hit
        (t("12:00:00"), "买家3", A, "买家", "在吗", "0"),
        (t("12:00:01"), "买家3", A, "客服", "您好，欢迎光临，本条为自动回复", "1"),  # auto: not the first reply
        (t("12:00:30"), "买家3", A, "客服", "什么事", "0"),  # hit
        (t("13:00:00"), "买家4", A, "买家", "在吗", "0"),
        (t("13:00:05"), "买家4", A, "客服", "ＨＥＬＬＯ，哈喽", "0"),  # 哈喽 greets
        (t("14:00:00"), "买家5", A, "买家", "在吗", "0"),
        (t("14:00:05"), "买家5", A, "客服", "什么事", "0"),  # hit
        (t("14:00:30"), "买家5", A, "买家", "问一下", "0"),
        (t("14:00:40"), "买家5", A, "客服", "您好", "0"),  # too late: the first answer did not greet
    ]
    r = run(tmp_path, rows, "no_greeting")
    h = hits(r, "no_greeting")
    assert list(h["buyer"].astype(str)) == ["买家3", "买家5"]
    # 买家2's block "说"+"亲" holds a greeting
    assert list(h["text"]) == ["什么事", "什么事"]


def test_banned_words_negation_and_full_width(tmp_path):
    rows = [
        (t("10:00:00"), "买家1", A, "买家", "这个怎么用", "0"),
        (t("10:00:05"), "买家1", A, "客服", "亲，我也不知道", "0"),  # hit: 不知道
        (t("10:01:00"), "买家1", A, "客服", "我不是不知道，是要查一下", "0"),  # negated
        (t("10:02:00"), "买家1", A, "客服", "您自己看详情页吧，没办法", "0"),  # hit: 自己看、没办法
        (t("10:03:00"), "买家1", A, "客服", "如有不清楚的地方随时问我", "0"),  # allowed phrase
        (t("10:04:00"), "买家1", A, "客服", "您看这样行不行", "0"),  # allowed phrase
        (t("10:05:00"), "买家1", A, "客服", "ＯＫ，不　行就算了", "0"),  # no: 不 行 has a space
        (t("10:06:00"), "买家1", A, "客服", "您好，不知道为您自动回复", "1"),  # auto: exempt
        (t("10:07:00"), "买家1", A, "买家", "我不知道怎么选", "0"),  # the buyer's words: not checked
        (t("11:00:00"), "买家2", ROBOT, "客服", "不知道", "0"),  # robot: exempt
    ]
    r = run(tmp_path, rows, "banned_words")
    h = hits(r, "banned_words")
    assert list(h["text"]) == ["亲，我也不知道", "您自己看详情页吧，没办法"]
    assert list(h["match"]) == ["不知道", "自己看、没办法"]


def test_full_width_words_match_half_width():
    m = compile_matchers(DEFAULT_SETTINGS.replace(quality_complaint_words=("１２３１５",)))
    assert m.complaint.search(fold("我要打12315"))
    assert m.complaint.search(fold("我要打１２３１５"))
    assert m.question.search(fold("多少钱？"))  # ？ folds to ?


def test_unanswered_question(tmp_path):
    rows = [
        (t("10:00:00"), "买家1", A, "买家", "在吗", "0"),
        (t("10:00:05"), "买家1", A, "客服", "您好", "0"),
        (t("10:00:30"), "买家1", A, "买家", "发什么快递", "0"),
        (t("10:00:40"), "买家1", A, "买家", "多少钱？", "0"),  # open turn: first question is the hit
        (t("11:00:00"), "买家2", A, "买家", "好的谢谢", "0"),  # no question
        (t("12:00:00"), "买家3", A, "买家", "有货吗", "0"),
        (t("12:00:01"), "买家3", A, "客服", "您好，本条为自动回复", "1"),  # only an auto-reply: still a hit
        (t("13:00:00"), "买家4", ROBOT, "买家", "有货吗", "0"),  # robot: exempt
        (t("14:00:00"), "买家5", A, "买家", "有货吗", "0"),
        (t("14:00:30"), "买家5", A, "客服", "有的亲", "0"),  # answered
    ]
    r = run(tmp_path, rows, "unanswered_question")
    h = hits(r, "unanswered_question")
    assert list(h["buyer"].astype(str)) == ["买家1", "买家3"]
    assert list(h["text"]) == ["发什么快递", "有货吗"]
    assert list(h["match"]) == ["什么", "吗"]


def test_complaint_without_apology(tmp_path):
    rows = [
        (t("10:00:00"), "买家1", A, "买家", "东西坏了我要投诉", "0"),
        (t("10:00:30"), "买家1", A, "客服", "亲，非常抱歉，马上处理", "0"),  # apology: fine
        (t("11:00:00"), "买家2", A, "买家", "再不发货给差评", "0"),
        (t("11:00:30"), "买家2", A, "客服", "已经在发了", "0"),  # hit
        (t("12:00:00"), "买家3", A, "买家", "放心，不会给差评的", "0"),  # negated
        (t("12:00:30"), "买家3", A, "客服", "谢谢亲", "0"),
        (t("13:00:00"), "买家4", A, "买家", "ＴＭ骗子，打１２３１５", "0"),  # full width, no answer: hit
        (t("14:00:00"), "买家5", A, "买家", "我要退款", "0"),
        (t("14:00:01"), "买家5", A, "客服", "抱歉，本条为自动回复", "1"),  # an auto apology does not count
        (t("14:00:40"), "买家5", A, "客服", "好的", "0"),  # hit
    ]
    r = run(tmp_path, rows, "complaint_no_apology")
    h = hits(r, "complaint_no_apology")
    assert list(h["buyer"].astype(str)) == ["买家2", "买家4", "买家5"]
    assert list(h["match"]) == ["差评", "骗子、12315", "退款"]


def test_no_closing_needs_an_order(tmp_path):
    rows = [
        (t("10:00:00"), "买家1", A, "买家", "有货吗", "0"),
        (t("10:00:10"), "买家1", A, "客服", "有的亲", "0"),
        (t("10:01:00"), "买家1", A, "买家", "那我拍了", "0"),
        (t("10:01:10"), "买家1", A, "客服", "好的", "0"),  # ordered, no thanks: hit
        (t("11:00:00"), "买家2", A, "买家", "有货吗", "0"),
        (t("11:00:10"), "买家2", A, "客服", "有的亲", "0"),
        (t("11:01:10"), "买家2", A, "客服", "感谢支持，再见~", "0"),  # ordered, thanked
        (t("12:00:00"), "买家3", A, "买家", "有货吗", "0"),
        (t("12:00:10"), "买家3", A, "客服", "有的亲", "0"),  # no order: not judged
    ]
    orders = [("3001", "买家1", "59.00", "交易成功", t("10:05:00"), t("10:06:00"), "1", "0"),
              ("3002", "买家2", "59.00", "交易成功", t("11:05:00"), t("11:06:00"), "1", "0")]
    r = run(tmp_path, rows, "no_closing", orders=orders)
    h = hits(r, "no_closing")
    assert list(h["buyer"].astype(str)) == ["买家1"] and list(h["text"]) == ["好的"]
    # without orders the rule is not available (not zero)
    r2 = run(tmp_path, rows, "no_closing")
    assert r2.quality.unavailable_rules == {"no_closing": "no_orders"}
    assert any(u.figure == "quality.no_closing" for u in r2.unavailable)
    assert to_json_dict(r2)["quality"]["shop"]["hits"]["no_closing"] is None


def test_lost_inquiry_without_follow_up(tmp_path):
    rows = [
        # asked, answered, never ordered, never contacted again: hit (the buyer's last message)
        (t("10:00:00"), "买家1", A, "买家", "有货吗", "0"),
        (t("10:00:10"), "买家1", A, "客服", "有的亲", "0"),
        (t("10:01:00"), "买家1", A, "买家", "我考虑一下", "0"),
        # asked, no order, but the agent followed up the same evening: fine
        (t("11:00:00"), "买家2", A, "买家", "有货吗", "0"),
        (t("11:00:10"), "买家2", A, "客服", "有的亲", "0"),
        (t("20:00:00"), "买家2", A, "客服", "亲，还在考虑吗？今天下单有赠品哦", "0"),
        # asked and ordered: fine
        (t("12:00:00"), "买家3", A, "买家", "有货吗", "0"),
        (t("12:00:10"), "买家3", A, "客服", "有的亲", "0"),
        # asked, answered only by the auto-reply: not an answered inquiry (unanswered_question's case)
        (t("13:00:00"), "买家4", A, "买家", "有货吗", "0"),
        (t("13:00:01"), "买家4", A, "客服", "您好，本条为自动回复", "1"),
        # followed up by ANOTHER agent: still the first agent's lost inquiry
        (t("14:00:00"), "买家5", B, "买家", "能便宜吗", "0"),
        (t("14:00:10"), "买家5", B, "客服", "亲，已经是活动价了", "0"),
        (t("18:00:00"), "买家5", A, "客服", "亲，考虑好了吗", "0"),
    ]
    orders = [("3003", "买家3", "59.00", "交易成功", t("12:30:00"), t("12:31:00"), "1", "0")]
    # 12 h: every conversation here is judged by the data's end (11-17 12:00)
    r = run(tmp_path, rows, "lost_inquiry_no_followup", orders=orders, quality_followup_h=12.0)
    h = hits(r, "lost_inquiry_no_followup")
    got = sorted(zip(h["buyer"].astype(str), h["agent"].astype(str), h["text"]))
    # 买家5 with A: an outbound message only (no inquiry) -> not checked for this rule
    assert got == [("买家1", A, "我考虑一下"), ("买家5", B, "能便宜吗")]


def test_figures_json_keys_and_scorecard(tmp_path):
    rows = [
        (t("10:00:00"), "买家1", A, "买家", "包邮吗", "0"),
        (t("10:00:10"), "买家1", A, "客服", "是的", "0"),  # bare + no greeting: 2 hits, 1 conversation
        (t("11:00:00"), "买家2", A, "买家", "包邮吗", "0"),
        (t("11:00:10"), "买家2", A, "客服", "亲，包邮的哦", "0"),  # clean
        (t("12:00:00"), "买家3", B, "买家", "包邮吗", "0"),
        (t("12:00:10"), "买家3", B, "客服", "您好，不知道", "0"),  # banned: 1 hit
    ]
    paths = [write_chat(tmp_path / "chat.csv", rows)]
    r = compute(Dataset.from_results(load_files(paths)), DEFAULT_SETTINGS)
    doc = json.loads(json.dumps(to_json_dict(r), ensure_ascii=False))
    q = doc["quality"]
    assert list(q) == ["rules", "agents", "shop"]
    assert [x["rule"] for x in q["rules"]] == list(RULE_IDS)
    assert all(list(x) == ["rule", "label_zh", "label_en", "settings"] for x in q["rules"])
    assert q["rules"][0]["label_zh"] == "回复过简"
    assert q["rules"][0]["settings"]["quality_bare_max_chars"] == 3
    by = {a["agent"]: a for a in q["agents"]}
    assert all(list(a) == ["agent", "conversations_checked", "clean_conversations", "clean_share", "hits"]
               for a in q["agents"])
    assert list(q["shop"]) == ["conversations_checked", "clean_conversations", "clean_share", "hits"]
    a = by[A]
    assert (a["conversations_checked"], a["clean_conversations"], a["clean_share"]) == (2, 1, 0.5)
    assert a["hits"]["bare_reply"] == 1 and a["hits"]["no_greeting"] == 1 and a["hits"]["banned_words"] == 0
    # no order export: the order rules are null, not 0
    assert a["hits"]["no_closing"] is None and a["hits"]["lost_inquiry_no_followup"] is None
    assert by[B]["hits"]["banned_words"] == 1
    # 4 checked conversations (the closing buyer's too), 3 hits
    assert q["shop"]["conversations_checked"] == 4 and q["shop"]["hits"]["bare_reply"] == 1
    # scorecard columns
    ag = r.agents.set_index("agent")
    for c in AGENT_QUALITY_COLUMNS:
        assert c in ag.columns
    assert ag.loc[A, "quality_checked"] == 2 and ag.loc[A, "quality_clean"] == 1
    assert ag.loc[A, "clean_share"] == 0.5 and ag.loc[A, "quality_hits"] == 2
    assert ag.loc[A, "hits_per_100"] == 100.0 and ag.loc[A, "hits_bare_reply"] == 1
    # accepting both of A's hits makes the conversation clean
    set_accepted(r.quality, {h: "ok" for h in r.quality.hits.loc[r.quality.hits["agent"] == A, "hit_id"]})
    qa = r.quality.agents.set_index("agent")
    assert qa.loc[A, "clean_conversations"] == 2 and qa.loc[A, "hits"] == 0


def test_no_chat_log_is_unavailable(tmp_path):
    orders = [("3001", "买家1", "59.00", "交易成功", t("10:05:00"), t("10:06:00"), "1", "0")]
    write_orders(tmp_path / "o.csv", orders)
    r = compute(Dataset.from_results(load_files([tmp_path / "o.csv"])))
    assert r.quality is None
    assert any(u.figure == "quality" and u.reason == "no_chat_log" for u in r.unavailable)
    assert to_json_dict(r)["quality"] is None


def test_hit_ids_are_stable_and_distinct(tmp_path):
    rows = [
        (t("10:00:00"), "买家1", A, "买家", "包邮吗", "0"),
        (t("10:00:10"), "买家1", A, "客服", "不知道", "0"),
        (t("10:05:00"), "买家1", A, "客服", "不知道", "0"),
    ]
    r1 = run(tmp_path, rows, "banned_words")
    r2 = run(tmp_path, list(reversed(rows)), "banned_words")  # another file order, same hits
    ids = list(r1.quality.hits["hit_id"])
    assert len(ids) == 2 and len(set(ids)) == 2 and all(len(i) == 16 for i in ids)
    assert sorted(ids) == sorted(r2.quality.hits["hit_id"])


@pytest.mark.parametrize("setting,value", [
    ("quality_banned_words", ("re:不知道(",)),
    ("quality_question_words", ("re:",)),
    ("quality_negation_prefixes", ("re:不+",)),
])
def test_invalid_pattern_names_the_setting(setting, value):
    with pytest.raises(QualitySettingError) as err:
        validate(DEFAULT_SETTINGS.replace(**{setting: value}))
    assert err.value.setting == setting
    assert setting in str(err.value)


def test_literal_words_need_no_escaping():
    validate(DEFAULT_SETTINGS.replace(quality_question_words=("？", "?", "(", "[")))


def test_links_are_not_questions():
    m = compile_matchers(DEFAULT_SETTINGS)
    assert not m.question.search(fold("老板\nhttps://item.taobao.com/item.htm?id=61136"))
    assert m.question.search(fold("老板在吗\nhttps://item.taobao.com/item.htm?id=61136"))


@pytest.mark.parametrize("text,hit", [
    ("我不是不知道", False), ("不会给差评的", False), ("不会再给差评", True), ("为什么还不退款", True),
    ("不用退款了", False), ("我要投诉", True),
])
def test_negation_as_documented(text, hit):
    m = compile_matchers(DEFAULT_SETTINGS)
    found = bool(m.banned.search(fold(text))) or bool(m.complaint.search(fold(text)))
    assert found is hit


def test_invalid_setting_in_a_run_leaves_the_other_figures(tmp_path):
    rows = [(t("10:00:00"), "买家1", A, "买家", "包邮吗", "0"), (t("10:00:10"), "买家1", A, "客服", "是的", "0")]
    ds = Dataset.from_results(load_files([write_chat(tmp_path / "c.csv", rows)]))
    r = compute(ds, DEFAULT_SETTINGS.replace(quality_banned_words=("re:(",)))
    assert r.quality is None and len(r.conversations) == 2
    assert [(u.figure, u.reason) for u in r.unavailable] == [("quality", "invalid_quality_setting")]
    assert to_json_dict(r)["quality"] is None


def test_quality_settings_round_trip_as_saved():
    import json as _json

    from desktop_app.core.model.settings import ModelSettings

    s = DEFAULT_SETTINGS.replace(quality_banned_words=("不知道", "re:滚+"), quality_rules=("bare_reply",),
                                 quality_followup_h=12.0)
    back = ModelSettings.from_dict(_json.loads(_json.dumps(s.to_dict(), ensure_ascii=False)))
    assert back == s
