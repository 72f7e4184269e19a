"""The headless daily run: `import`, `imports`, `report --data-dir` against the history store.

Two shops - the sample shop (its real Taobao files, 示例旗舰店) and a Tmall report in the public Tianchi
layout (no shop column: named with --shop) or a Pinduoduo export - imported into one store: each shop
alone reports exactly what a report from its own files says; all shops together are the union;
removing either leaves the other's figures exactly.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from desktop_app.core.cli import report_main
from desktop_app.core.cli_store import import_main, imports_main
from desktop_app.core.sample import write_sample
from desktop_app.core.store import Store
from tmall_files import TMALL_HEADERS, write_tmall

KEYS = ("as_of", "shop", "agents", "order_checks", "customers", "unavailable")
PDD = ["商品", "订单号", "订单状态", "商品总价(元)", "用户实付金额(元)", "商品数量(件)", "收货人", "手机", "支付时间",
       "承诺发货时间", "发货时间", "商家编码-SKU维度", "售后状态"]


def run(main, *argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def report(*argv) -> dict:
    code, out, err = run(report_main, *argv, "--json", "-")
    assert code == 0, err
    data = json.loads(out)
    return {k: data[k] for k in KEYS}


def write_pdd(folder: Path) -> Path:
    path = folder / "pdd_orders.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(PDD)
    for i, (status, amount) in enumerate([("待发货", 19.9), ("已发货，待签收", 39.8), ("已签收", 9.9),
                                          ("未发货，退款成功", 29.9)]):
        row = {"商品": "纸巾", "订单号": f"261118-{i:015d}", "订单状态": status, "商品总价(元)": amount,
               "用户实付金额(元)": amount, "商品数量(件)": 1, "收货人": "王先生", "手机": "13900000000",
               "支付时间": f"2026-11-18 0{i}:10:00", "承诺发货时间": "2026-11-20 00:00:00",
               "发货时间": "2026-11-18 20:00:00" if status.startswith(("已", )) else "",
               "商家编码-SKU维度": "PDD-1", "售后状态": "退款成功" if "退款" in status else "无售后或售后取消"}
        ws.append([row[h] for h in PDD])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    paths = write_sample(folder)
    return {"orders": [paths["orders_csv"], paths["lines_csv"]], "chats": [paths["chats_txt"]],
            "inventory": paths["inventory_xlsx"]}


def sample_files(sample) -> list:
    return sample["orders"] + sample["chats"] + [sample["inventory"]]


def sample_report(sample) -> dict:
    return report("--orders", *sample["orders"], "--chats", *sample["chats"], "--inventory", sample["inventory"])


def test_tmall_report_and_sample_shop_side_by_side_then_either_removed(tmp_path, sample):
    tmall = write_tmall(tmp_path)
    data = tmp_path / "data"
    code, out, err = run(import_main, *sample_files(sample), "--data-dir", data)
    assert code == 0, err
    assert len(out.splitlines()) == 4 and "#1" in out
    code, out, err = run(import_main, tmall, "--data-dir", data, "--shop", "天猫店")
    assert code == 0 and "orders +40 new" in out, (out, err)

    alone_sample, alone_tmall = sample_report(sample), report("--orders", tmall)
    assert report("--data-dir", data, "--shop", "示例旗舰店") == alone_sample
    assert report("--data-dir", data, "--shop", "天猫店") == alone_tmall
    xlsx = tmp_path / "tmall.xlsx"
    assert run(report_main, "--data-dir", data, "--shop", "天猫店", "--xlsx", xlsx, "--json", tmp_path / "t.json")[0] == 0
    settings_rows = list(openpyxl.load_workbook(xlsx)["设置"].iter_rows(values_only=True))
    assert ("店铺", "淘宝/天猫 · 天猫店") in [tuple(r[:2]) for r in settings_rows]
    both = report("--data-dir", data)
    assert both["shop"]["orders"] == alone_sample["shop"]["orders"] + alone_tmall["shop"]["orders"]
    assert both["shop"]["sales"] == pytest.approx(alone_sample["shop"]["sales"] + alone_tmall["shop"]["sales"])
    # the tmall orders: 30 paid of 40 (every 4th unpaid)
    assert alone_tmall["shop"]["orders"] == 40 and alone_tmall["shop"]["paid_orders"] == 30

    code, out, _ = run(imports_main, "--data-dir", data, "--json", "-")
    listing = json.loads(out)
    assert [i["file"] for i in listing][-1] == "tmall_order_report.csv"
    assert listing[-1]["shops"] == [{"platform": "taobao", "name": "天猫店"}]
    tmall_id = listing[-1]["id"]
    code, out, err = run(imports_main, "--data-dir", data, "--remove", tmall_id)
    assert code == 0 and "orders -40" in out, err
    assert report("--data-dir", data) == alone_sample
    code, _, err = run(report_main, "--data-dir", data, "--shop", "天猫店", "--json", "-")
    assert code == 2 and "天猫店" in err  # its only import is gone: no such shop any more
    # and the other way round, in a second store
    other = tmp_path / "other"
    run(import_main, tmall, "--data-dir", other, "--shop", "天猫店")
    run(import_main, *sample_files(sample), "--data-dir", other)
    for item in json.loads(run(imports_main, "--data-dir", other, "--json", "-")[1]):
        if item["file"] != "tmall_order_report.csv":
            assert run(imports_main, "--data-dir", other, "--remove", item["id"])[0] == 0
    assert report("--data-dir", other) == alone_tmall


def test_two_platforms_each_alone_and_the_union(tmp_path, sample):
    pdd = write_pdd(tmp_path)
    data = tmp_path / "data"
    assert run(import_main, pdd, "--data-dir", data, "--shop", "拼多多店")[0] == 0
    assert run(import_main, *sample_files(sample), "--data-dir", data)[0] == 0
    with Store.open(data) as store:
        assert sorted(zip(store.shops()["platform"], store.shops()["name"])) == [
            ("pdd", "拼多多店"), ("taobao", "示例旗舰店")]
    alone_pdd = report("--orders", pdd)
    assert report("--data-dir", data, "--shop", "pdd:拼多多店") == alone_pdd
    assert report("--data-dir", data, "--shop", "示例旗舰店") == sample_report(sample)
    both = report("--data-dir", data, "--shop", "拼多多店", "示例旗舰店")
    assert both == report("--data-dir", data)
    assert both["shop"]["orders"] == alone_pdd["shop"]["orders"] + sample_report(sample)["shop"]["orders"]
    assert sorted(both["order_checks"]["unshipped"]) == sorted(
        alone_pdd["order_checks"]["unshipped"] + sample_report(sample)["order_checks"]["unshipped"])


def test_import_twice_identical_totals_and_bad_input(tmp_path, sample):
    data = tmp_path / "data"
    assert run(import_main, *sample_files(sample), "--data-dir", data)[0] == 0
    with Store.open(data) as store:
        totals = store.totals()
    first = report("--data-dir", data)
    code, out, _ = run(import_main, *sample_files(sample), "--data-dir", data)
    assert code == 0 and out.count("already imported") == 4
    with Store.open(data) as store:
        assert store.totals() == totals
    assert report("--data-dir", data) == first
    # a missing file and an unrecognised one: exit 2, the good file is still imported
    junk = tmp_path / "junk.csv"
    junk.write_text("a,b\n1,2\n", encoding="utf-8")
    code, out, err = run(import_main, tmp_path / "missing.csv", junk, write_tmall(tmp_path), "--data-dir", data)
    assert code == 2 and "file not found" in err and "junk.csv" in err and "orders +40 new" in out
    assert run(imports_main, "--data-dir", data, "--remove", 999)[0] == 2
    assert run(report_main, "--data-dir", data, "--shop", "没有的店", "--json", "-")[0] == 2


def test_import_killed_mid_file_leaves_the_store_intact(tmp_path):
    data = tmp_path / "data"
    assert run(import_main, write_tmall(tmp_path), "--data-dir", data, "--shop", "天猫店")[0] == 0
    with Store.open(data) as store:
        before = store.totals()
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(TMALL_HEADERS)
        for i in range(150_000):
            w.writerow([f"77{i:08d}", 10, 10, "上海", "2026-11-20 10:00:00", "2026-11-20 10:00:05", 0])
    wal = data / "history.sqlite3-wal"
    start_size = wal.stat().st_size if wal.exists() else 0
    proc = subprocess.Popen([sys.executable, "-m", "desktop_app", "import", str(big), "--data-dir", str(data)],
                            cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    # rows are being written (the WAL grows) but the file's transaction has not committed: kill it
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > start_size + 2_000_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert sqlite3.connect(data / "history.sqlite3").execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with Store.open(data) as store:
        assert store.totals() == before
        assert list(store.imports()["file"]) == ["tmall_order_report.csv"]
