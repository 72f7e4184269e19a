"""AppSettings: typed keys, defaults removed from the file, JSON lists, model settings round trip."""

from __future__ import annotations

from desktop_app.core.model.settings import ModelSettings
from desktop_app.ui.settings import MAX_RECENT, SETTINGS_VERSION, AppSettings


def test_defaults_on_a_new_file(tmp_path, qapp):
    s = AppSettings(tmp_path / "s.ini")
    assert s.language == ""
    assert s.mask_pii is True
    assert s.recent_files == []
    assert s.model_settings == ModelSettings()
    assert s.date_range == "all"


def test_values_survive_a_reopen_and_defaults_are_not_written(tmp_path, qapp):
    path = tmp_path / "s.ini"
    s = AppSettings(path)
    s.language = "zh_CN"
    s.mask_pii = False
    changed = ModelSettings().replace(slow_threshold_s=30.0, levels=(("新客", 0.0), ("老客", 100.0)))
    s.model_settings = changed
    s.sync()
    s2 = AppSettings(path)
    assert s2.language == "zh_CN"
    assert s2.mask_pii is False
    # tuples come back as tuples, so the frozen dataclass compares equal
    assert s2.model_settings == changed
    # back to the defaults: the keys disappear from the file
    s2.language = ""
    s2.mask_pii = True
    s2.model_settings = ModelSettings()
    s2.sync()
    text = path.read_text(encoding="utf-8")
    assert "language" not in text and "mask_pii" not in text and "model_settings" not in text
    assert f"settings_version={SETTINGS_VERSION}" in text


def test_unknown_language_falls_back_to_system(tmp_path, qapp):
    s = AppSettings(tmp_path / "s.ini")
    s.language = "klingon"
    assert s.language == ""


def test_recent_files_newest_first_without_duplicates_and_capped(tmp_path, qapp):
    s = AppSettings(tmp_path / "s.ini")
    files = []
    for i in range(MAX_RECENT + 3):
        f = tmp_path / f"订单{i}.csv"
        f.write_text("x", encoding="utf-8")
        files.append(f)
        s.add_recent_file(str(f))
    s.add_recent_file(str(files[0]))  # opened again -> moves to the front
    recent = s.recent_files
    assert len(recent) == MAX_RECENT
    assert recent[0] == str(files[0].resolve())
    assert recent[1] == str(files[-1].resolve())
    assert len(set(recent)) == len(recent)
    # a single entry still reads back as a list (INI would give a bare string)
    s.recent_files = [str(files[1])]
    assert AppSettings(tmp_path / "s.ini").recent_files == [str(files[1])]


def test_corrupt_values_do_not_stop_the_app(tmp_path, qapp):
    path = tmp_path / "s.ini"
    path.write_text(
        "[prefs]\nmodel_settings={not json\nmask_pii=maybe\n[state]\nrecent_files=[1, 2\npage=abc\n",
        encoding="utf-8",
    )
    s = AppSettings(path)
    assert s.model_settings == ModelSettings()
    assert s.recent_files == []
    assert s.page == 0
    assert s.mask_pii is False  # anything but true/1/yes reads as off
