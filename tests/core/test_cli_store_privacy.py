"""The command line has no contacts setting of its own: `import`, `imports` and `report --data-dir` keep the
store's recorded state. A store the window keeps in full (prefs/keep_full_contacts) must not be minimised
(irreversibly) by the daily scheduled run; a minimised store stays minimised."""

from __future__ import annotations

import io
import sqlite3

from desktop_app.core.cli import report_main
from desktop_app.core.cli_store import import_main, imports_main
from desktop_app.core.store import DB_FILE, Store
from desktop_app.core.sample import write_sample
from store_cases import orders_export

PHONE = "13812341234"


def run(main, *argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def _phones(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT receiver_phone FROM orders WHERE receiver_phone != ''")]
    finally:
        conn.close()


def _sample_orders(tmp_path):
    return write_sample(tmp_path / "S")["orders_csv"]  # a real Taobao export with receivers' phones


def test_the_daily_run_keeps_a_full_store_full(tmp_path):
    data = tmp_path / "data"
    with Store.open(data, keep_full_contacts=True) as store:  # as the window does with the setting on
        store.import_result(orders_export(tmp_path, "mon.csv", 20))
    for main, argv in ((imports_main, ["--data-dir", data]), (report_main, ["--data-dir", data, "--json", "-"]),
                       (import_main, [_sample_orders(tmp_path), "--data-dir", data])):
        code, _, err = run(main, *argv)
        assert code == 0, err
        phones = _phones(data / DB_FILE)
        assert phones.count(PHONE) == 20, main.__name__
        assert not any("*" in p for p in phones), main.__name__  # the sample's orders kept in full too


def test_the_daily_run_keeps_a_minimised_store_minimised(tmp_path):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.import_result(orders_export(tmp_path, "mon.csv", 20))
    code, _, err = run(import_main, _sample_orders(tmp_path), "--data-dir", data)
    assert code == 0, err
    phones = _phones(data / DB_FILE)
    assert len(phones) > 20 and all("****" in p for p in phones) and PHONE not in phones
