"""Core error texts ("english / 中文", "中文。/ English") shown in the window's language order."""

from __future__ import annotations

from desktop_app.core.errors import InputError
from desktop_app.ui.bilingual import chinese_first, describe, ordered, split_languages
from desktop_app.ui.dialogs.error_dialog import make_error_box


def test_split_and_order_both_ways():
    assert split_languages("the file is empty (0 bytes) / 文件为空。") == ("the file is empty (0 bytes)", "文件为空。")
    assert split_languages("请检查文件路径后重试。/ Check the path and try again.") == (
        "Check the path and try again.", "请检查文件路径后重试。")
    # an English "a / b" is not taken for the language split
    assert split_languages("Excel / WPS: save as .xlsx / 请另存为 .xlsx。") == (
        "Excel / WPS: save as .xlsx", "请另存为 .xlsx。")
    assert ordered("the file is empty / 文件为空。", True) == "文件为空。 / the file is empty"
    assert ordered("请检查路径。/ Check the path.", False) == "Check the path. / 请检查路径。"
    # one language only, or both mixed on each side: left as it is
    for text in ("plain English", "只有中文", "", "a / b"):
        assert ordered(text, True) == text


def test_the_error_box_reads_in_the_windows_language(qtbot, translators):
    exc = InputError("the file is empty (0 bytes) / 文件为空。", file="订单.csv",
                     hint="请从平台重新导出数据，再导入新文件。/ Export the data again from the platform.")
    translators.install("zh_CN")
    assert chinese_first()
    box = make_error_box(None, exc)
    qtbot.addWidget(box)
    assert box.text().startswith("文件为空")
    assert "请从平台重新导出数据" in box.informativeText().split("/")[0]
    assert describe(exc).startswith("订单.csv: 文件为空")
    translators.install("en")
    assert not chinese_first()
    box = make_error_box(None, exc)
    qtbot.addWidget(box)
    assert box.text().startswith("The file is empty")  # one language, starting with a capital
    assert "Export the data again" in box.informativeText().split("/")[0]
    assert "文件为空" not in box.text() + box.informativeText()
    assert "文件为空" in box.detailedText()  # both languages stay in the details to copy
    translators.install("zh_CN")
    box = make_error_box(None, exc)
    qtbot.addWidget(box)
    assert "file is empty" not in box.text() + box.informativeText()
    translators.install("en")
