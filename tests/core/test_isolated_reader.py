"""registry.load_file in a spawn child: same result, same errors, and a dying reader is an InputError."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from desktop_app.core.errors import ImportCancelled, InputError, UnrecognisedFormat
from desktop_app.core.importers import registry
from desktop_app.core.importers.isolated import FAULT_ENV, ReaderProcess, load_file_isolated

CHAT = ("时间,客服,买家,发送方,内容\n2025-03-01 10:00:00,店铺:小美,b1,买家,在吗\n"
        "2025-03-01 10:00:30,店铺:小美,b1,客服,在的\nnot a time,店铺:小美,b1,买家,x\n")


def test_the_child_returns_what_the_registry_returns_with_progress(tmp_path):
    path = tmp_path / "chat.csv"
    path.write_text(CHAT, encoding="utf-8")
    seen = []
    got = load_file_isolated(path, progress=lambda d, t, text: seen.append((d, t)))
    want = registry.load_file(path)
    pd.testing.assert_frame_equal(got.messages, want.messages)
    assert got.problems == want.problems and [p.row for p in got.problems] == [4]
    assert got.format_id == want.format_id == "plain_chat"
    assert seen and seen[-1][0] == seen[-1][1]  # the bar reached its end


def test_an_input_error_comes_back_with_its_class_and_attributes(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UnrecognisedFormat) as err:
        load_file_isolated(path)
    assert err.value.file == "odd.csv" and err.value.headers == ["a", "b"] and err.value.row == 1
    assert "odd.csv" in str(err.value)


@pytest.mark.parametrize("fault, words", [("abort", "SIGABRT"), ("exit", "exit code 3")])
def test_a_child_that_dies_is_an_input_error_and_the_next_file_reads(tmp_path, monkeypatch, fault, words):
    path = tmp_path / "chat.csv"
    path.write_text(CHAT, encoding="utf-8")
    with ReaderProcess() as reader:
        monkeypatch.setenv(FAULT_ENV, fault)
        with pytest.raises(InputError) as err:
            reader.load_file(path)
        assert err.value.file == "chat.csv" and words in str(err.value)
        monkeypatch.delenv(FAULT_ENV)
        assert len(reader.load_file(path).messages) == 2  # a fresh child (without the fault) replaced it


def test_running_out_of_memory_in_the_child_is_an_input_error(tmp_path, monkeypatch):
    path = tmp_path / "chat.csv"
    path.write_text(CHAT, encoding="utf-8")
    monkeypatch.setenv(FAULT_ENV, "memory")
    with pytest.raises(InputError) as err:
        load_file_isolated(path)
    assert err.value.file == "chat.csv" and "more memory than this computer can give" in str(err.value)


def test_cancel_kills_a_child_that_hangs(tmp_path, monkeypatch):
    path = tmp_path / "chat.csv"
    path.write_text(CHAT, encoding="utf-8")
    monkeypatch.setenv(FAULT_ENV, "hang")
    reader = ReaderProcess()
    t0 = time.monotonic()
    with pytest.raises(ImportCancelled):
        reader.load_file(path, should_cancel=lambda: time.monotonic() - t0 > 1.0)
    assert reader._child is None  # killed and reaped
    reader.close()
