"""One rule for the currency symbol in the window, the Excel report and the CLI summary."""

from desktop_app.core.money_symbol import DEFAULT_SYMBOL, clean_symbol
from desktop_app.core.report_xlsx import money_format


def test_clean_symbol():
    assert clean_symbol(" $ ") == "$" and clean_symbol("HK$") == "HK$"
    assert clean_symbol("") == clean_symbol("   ") == clean_symbol(None) == clean_symbol(12) == DEFAULT_SYMBOL
    assert clean_symbol('"€"') == "€"  # quotes would break Excel's number format: dropped everywhere
    assert clean_symbol("€uros") == "€uro"  # at most four characters, the same in every place


def test_excel_format_uses_the_same_rule():
    assert money_format("¥") == "¥#,##0.00"
    assert money_format('"€"') == '"€"#,##0.00'
    assert money_format("€uros") == '"€uro"#,##0.00'


def test_symbol_for_a_currency_code():
    from desktop_app.core.money_symbol import symbol_for_currency

    assert [symbol_for_currency(c) for c in ("USD", " usd ", "CNY", "EUR", "GBP", "HKD", "MOP")] == \
        ["$", "$", "¥", "€", "£", "HK$", "MOP$"]
    # an unknown code of letters stands for itself; anything else has no symbol
    assert symbol_for_currency("AED") == "AED"
    assert [symbol_for_currency(c) for c in ("", "12", "US$", "ABCDE", None, 840)] == [None] * 6


def test_export_currency_needs_one_stated_currency():
    from types import SimpleNamespace as R

    from desktop_app.core.money_symbol import export_currency

    assert export_currency([R(currencies=("USD",)), R(currencies=()), R()]) == ("$", ["USD"])
    assert export_currency([R(currencies=("USD",)), R(currencies=("EUR", "USD"))]) == (None, ["USD", "EUR"])
    assert export_currency([R(currencies=())]) == (None, [])
    assert export_currency([R(currencies=("??",))]) == (None, ["??"])
