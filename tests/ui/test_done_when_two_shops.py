"""Issue 12's "done when", as a user does it in the window and in a script.

* The public-style Tmall report and the sample shop open side by side as two shops, each (chosen in the
  toolbar) with the figures it has alone (a report of its own files only).
* Removing either on the Imports page restores the other's figures exactly.
* ``import`` + ``report --data-dir`` in a script reproduce the window's figures.
"""

from __future__ import annotations

import io
import json

import pytest

from desktop_app.core.cli import report_main
from desktop_app.core.cli_store import import_main
from desktop_app.core.model.report import to_json_dict
from desktop_app.core.sample import write_sample
from desktop_app.ui.pages import PAGE_IMPORTS
from tmall_files import write_tmall

TIMEOUT = 120_000
#: the figures compared (the file list and the period differ by construction between the three ways)
KEYS = ("as_of", "shop", "agents", "order_checks", "customers", "unavailable")


def run(main, *argv) -> dict:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    assert code == 0, err.getvalue()
    return out.getvalue()


def report(*argv) -> dict:
    data = json.loads(run(report_main, *argv, "--json", "-"))
    return {k: data[k] for k in KEYS}


def on_screen(window) -> dict:
    data = json.loads(json.dumps(to_json_dict(window.results, window.dataset.sources), default=str))
    return {k: data[k] for k in KEYS}


def wait_results(qtbot, window, action):
    with qtbot.waitSignal(window.results_changed, timeout=TIMEOUT, check_params_cb=lambda r: r is not None):
        action()
    return on_screen(window)


def choose_shop(qtbot, window, name: str) -> dict:
    selector = window.shop_selector
    key = next(k for k in selector._actions if k.endswith(":" + name))
    if window.state.shops:  # the menu adds to the choice: back to all shops first
        wait_results(qtbot, window, selector._all.trigger)
    figures = wait_results(qtbot, window, selector._actions[key].trigger)
    assert window.state.shops == [key]
    return figures


def remove_rows(qtbot, window, files: set) -> dict:
    page = window.view(PAGE_IMPORTS)
    window.show_page(PAGE_IMPORTS)
    page.confirm = lambda title, text: True
    figures = None
    for name in sorted(files):
        row = next(i for i, r in enumerate(page._rows) if r["file"] == name)
        page.table.selectRow(row)
        figures = wait_results(qtbot, window, page.remove_button.click)
    return figures


@pytest.fixture(scope="module")
def shops(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two_shops")
    paths = write_sample(folder / "sample")
    sample = [paths["orders_csv"], paths["lines_csv"], paths["chats_txt"], paths["inventory_xlsx"]]
    tmall = write_tmall(folder)
    alone_sample = report("--orders", *sample[:2], "--chats", sample[2], "--inventory", sample[3])
    alone_tmall = report("--orders", tmall)
    return {"sample": sample, "tmall": tmall, "alone_sample": alone_sample, "alone_tmall": alone_tmall}


def test_side_by_side_each_alone_removing_either_restores_the_other(qtbot, window, shops):
    files = [str(p) for p in shops["sample"] + [shops["tmall"]]]
    both = wait_results(qtbot, window, lambda: window.open_files(files))
    alone_sample, alone_tmall = shops["alone_sample"], shops["alone_tmall"]
    assert both["shop"]["orders"] == alone_sample["shop"]["orders"] + alone_tmall["shop"]["orders"]
    # two shops in the toolbar: the sample's own, and the Tmall report's (no shop column: the default shop)
    names = sorted(k.split(":", 1)[1] for k in window.shop_selector._actions)
    assert names == ["示例旗舰店", "默认店铺"]
    assert choose_shop(qtbot, window, "示例旗舰店") == alone_sample
    assert choose_shop(qtbot, window, "默认店铺") == alone_tmall
    assert wait_results(qtbot, window, window.shop_selector._all.trigger) == both

    # removing the Tmall report on the Imports page: exactly the sample shop alone; undo: both again
    assert remove_rows(qtbot, window, {shops["tmall"].name}) == alone_sample
    page = window.view(PAGE_IMPORTS)
    assert wait_results(qtbot, window, page.undo_button.click) == both
    # removing the sample shop's four files: exactly the Tmall report alone
    assert remove_rows(qtbot, window, {p.name for p in shops["sample"]}) == alone_tmall


def test_import_and_report_in_a_script_reproduce_the_window(qtbot, window, shops, tmp_path):
    files = [str(p) for p in shops["sample"] + [shops["tmall"]]]
    shown_both = wait_results(qtbot, window, lambda: window.open_files(files))
    shown_sample = choose_shop(qtbot, window, "示例旗舰店")
    shown_tmall = choose_shop(qtbot, window, "默认店铺")
    # the daily script: the same files into another history, then the report from it
    data = tmp_path / "script"
    run(import_main, *files, "--data-dir", data)
    assert report("--data-dir", data) == shown_both
    assert report("--data-dir", data, "--shop", "示例旗舰店") == shown_sample
    assert report("--data-dir", data, "--shop", "默认店铺") == shown_tmall
