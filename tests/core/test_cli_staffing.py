"""`python -m desktop_app staffing` and `report … --staffing`: real files in, the documented keys out."""

import csv
import io
import json
import subprocess
import sys

import pytest

from desktop_app.core.cli import report_main
from desktop_app.core.cli_staffing import SLOT_KEYS, parse_target, staffing_main


def run(main, argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_staffing_matches_the_published_example():
    # Call Centre Helper's worked example (100 calls / 30 min, 180 s, 80 % in 20 s): 14 agents, SL 88.8 %
    code, out, err = run(staffing_main, ["--arrivals", "200", "--handle", "180", "--target", "0.8@20", "--json", "-"])
    assert code == 0, err
    answer = json.loads(out)
    assert set(answer) == {"agents_needed", "service_level", "traffic", "servers"}
    assert answer["agents_needed"] == 14 and answer["servers"] == 14 and answer["traffic"] == 10.0
    assert round(answer["service_level"], 3) == 0.888


def test_staffing_with_concurrency_and_text_output():
    code, out, _ = run(staffing_main, ["--arrivals", "200", "--handle", "180", "--target", "80%@20",
                                       "--concurrency", "2"])
    assert code == 0
    assert "agents needed: 7" in out and "servers 14" in out and "88.8%" in out


@pytest.mark.parametrize("argv,word", [
    (["--arrivals", "200", "--handle", "180", "--target", "1.2@20"], "between 0 and 1"),
    (["--arrivals", "200", "--handle", "180", "--target", "0@20"], "between 0 and 1"),
    (["--arrivals", "200", "--handle", "0", "--target", "0.8@20"], "more than 0 seconds"),
    (["--arrivals", "200", "--handle", "-3", "--target", "0.8@20"], "more than 0 seconds"),
    (["--arrivals", "200", "--handle", "180", "--target", "0.8"], "SHARE@SECONDS"),
    (["--arrivals", "200", "--handle", "180", "--concurrency", "0.5"], "concurrency"),
    (["--arrivals", "nan", "--handle", "180"], "a number"),
    (["--arrivals", "inf", "--handle", "180"], "a number"),
])
def test_bad_input_exits_2_with_a_clear_message(argv, word):
    code, out, err = run(staffing_main, argv)
    assert code == 2 and word in err and out == ""


def test_parse_target():
    assert parse_target("0.8@20") == (0.8, 20.0)
    assert parse_target("90%@15s") == (0.9, 15.0)


def test_module_entry_point_dispatches_staffing():
    proc = subprocess.run([sys.executable, "-m", "desktop_app", "staffing", "--arrivals", "200", "--handle", "180",
                           "--target", "0.8@20", "--json", "-"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["agents_needed"] == 14


@pytest.fixture()
def chats(tmp_path):
    # Monday 2026-03-02 and Tuesday 2026-03-03; Monday 10:00: 3 buyers, 小王 alone, replies after 20, 40, 60 s
    path = tmp_path / "chats.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["time", "buyer", "agent", "sender", "text"])
        for i, (start, reply) in enumerate((("10:00:00", "10:00:20"), ("10:05:00", "10:05:40"),
                                            ("10:10:00", "10:11:00"))):
            w.writerow([f"2026-03-02 {start}", f"b{i}", "小店:小王", "buyer", "在吗"])
            w.writerow([f"2026-03-02 {reply}", f"b{i}", "小店:小王", "agent", "在的"])
        w.writerow(["2026-03-03 15:00:00", "b9", "小店:小李", "buyer", "发货了吗"])
        w.writerow(["2026-03-03 15:00:05", "b9", "小店:小李", "agent", "发了"])
    return path


def test_report_staffing_section(chats):
    code, out, err = run(report_main, ["--chats", str(chats), "--staffing", "--staffing-target", "0.8@20",
                                       "--concurrency", "1", "--json", "-"])
    assert code == 0, err
    data = json.loads(out)
    st = data["staffing"]
    assert (st["target_share"], st["target_s"], st["concurrency"]) == (0.8, 20.0, 1.0)
    assert len(st["slots"]) == 168 and set(st["slots"][0]) == set(SLOT_KEYS)
    mon10 = next(s for s in st["slots"] if s["weekday"] == 0 and s["hour"] == 10)
    # 3 arrivals in one Monday; each conversation first buyer message -> last message = 20, 40, 60 s
    assert mon10["arrivals_per_hour"] == 3.0 and mon10["handle_s"] == 40.0
    assert mon10["on_duty"] == 1.0 and mon10["first_response_median_s"] == 40.0
    # 3 x 40 s an hour = 1/30 Erlang: one agent answers 80 % within 20 s
    assert mon10["needed"] == 1
    # Wednesday is outside the range the log covers: not available (null), never 0
    wed = next(s for s in st["slots"] if s["weekday"] == 2 and s["hour"] == 10)
    assert wed["needed"] is None and wed["arrivals_per_hour"] is None
    # default templates 08-17, 09-18, 13-22: Monday 10 and Tuesday 15 -> one agent each day
    assert st["shift_plan"] == [{"weekday": 0, "start": "08:00", "end": "17:00", "agents": 1},
                                {"weekday": 1, "start": "08:00", "end": "17:00", "agents": 1}]
    assert st["uncovered"] == []


def test_report_staffing_without_chats_is_null_and_unavailable(tmp_path):
    orders = tmp_path / "orders.csv"
    with open(orders, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间"])
        w.writerow(["1001", "tb_b1", "30.00", "交易成功", "2026-03-02 10:10:00", "2026-03-02 10:11:00"])
    code, out, err = run(report_main, ["--orders", str(orders), "--staffing", "--json", "-"])
    assert code == 0, err
    data = json.loads(out)
    assert data["staffing"] is None
    assert any(u["figure"] == "staffing" and u["code"] == "no_chats_in_range" for u in data["unavailable"])


def test_report_bad_staffing_target_exits_2_before_reading(chats):
    code, out, err = run(report_main, ["--chats", str(chats), "--staffing", "--staffing-target", "1.5@3"])
    assert code == 2 and "between 0 and 1" in err


def test_report_staffing_target_from_settings(chats):
    code, out, err = run(report_main, ["--chats", str(chats), "--staffing", "--settings",
                                       '{"staffing_target_share": 0.9, "staffing_target_s": 30, '
                                       '"staffing_concurrency": 2}', "--json", "-"])
    assert code == 0, err
    st = json.loads(out)["staffing"]
    assert (st["target_share"], st["target_s"], st["concurrency"]) == (0.9, 30.0, 2.0)
    code, out, err = run(report_main, ["--chats", str(chats), "--staffing", "--settings",
                                       '{"staffing_target_share": 1.5}', "--json", "-"])
    assert code == 2 and "between 0 and 1" in err


def test_no_arrivals_needs_nobody_and_has_no_service_level():
    # with no arrivals nobody waits: "0.0 % within 10 s" would read as a failed target
    code, out, err = run(staffing_main, ["--arrivals", "0", "--handle", "180", "--json", "-"])
    assert code == 0, err
    assert json.loads(out) == {"agents_needed": 0, "service_level": None, "traffic": 0.0, "servers": 0}
    code, out, err = run(staffing_main, ["--arrivals", "0", "--handle", "180"])
    assert code == 0 and "agents needed: 0" in out and "0.0%" not in out and "no arrivals" in out


def test_huge_arrivals_exit_2_with_a_clear_message():
    code, out, err = run(staffing_main, ["--arrivals", "1e9", "--handle", "180"])
    assert code == 2 and "million" in err and out == ""


def test_staffing_json_file_written_whole_and_unwritable_target_named(tmp_path):
    out_file = tmp_path / "answer.json"
    code, out, err = run(staffing_main, ["--arrivals", "200", "--handle", "180", "--target", "0.8@20",
                                         "--json", str(out_file)])
    assert code == 0 and out == ""
    assert json.loads(out_file.read_text(encoding="utf-8"))["agents_needed"] == 14
    assert not list(tmp_path.glob(".*.tmp"))  # the temp file was renamed over OUT
    blocked = tmp_path / "a_folder"
    blocked.mkdir()
    code, out, err = run(staffing_main, ["--arrivals", "200", "--handle", "180", "--target", "0.8@20",
                                         "--json", str(blocked)])
    assert code == 2
    assert err.startswith("staffing: cannot write") and str(blocked) in err
