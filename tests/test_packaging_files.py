"""The packaging files parse and point at files that exist (the builds themselves run in CI)."""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import desktop_app

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "desktop_app.spec"
WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"
ICONS = ROOT / "resources" / "icons"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def spec_helpers() -> dict:
    """Run the spec's own module-level code up to the PyInstaller calls and return its names.

    Everything before ``a = Analysis(`` is plain Python (paths, version, data list, filters), so
    the test exercises the real functions the build uses.
    """
    source = SPEC.read_text(encoding="utf-8")
    head = source.split("\na = Analysis(", 1)[0]
    namespace = {"SPECPATH": str(PACKAGING), "__name__": "spec_under_test"}
    exec(compile(head, str(SPEC), "exec"), namespace)  # noqa: S102 - our own committed file
    return namespace


# --- the spec -----------------------------------------------------------------------------------

def test_spec_is_valid_python_with_the_required_settings():
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    calls: dict[str, list[ast.Call]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.setdefault(node.func.id, []).append(node)
    for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        assert name in calls, f"{name}(...) missing from the spec"
    exes = {}
    for call in calls["EXE"]:
        kwargs = {kw.arg: kw.value for kw in call.keywords}
        exes[kwargs["name"].id] = kwargs
        assert ast.literal_eval(kwargs["upx"]) is False
    for name in ("EXE_NAME", "CLI_EXE_NAME"):  # the one-folder (COLLECT) build's exes
        assert ast.literal_eval(exes[name]["exclude_binaries"]) is True
    assert ast.literal_eval(exes["EXE_NAME"]["console"]) is False  # the double-clicked app: windowed
    assert ast.literal_eval(exes["CLI_EXE_NAME"]["console"]) is True  # Windows command-line twin
    assert ast.literal_eval(exes["PORTABLE_NAME"]["console"]) is False  # optional one-file build
    assert "exclude_binaries" not in exes["PORTABLE_NAME"]
    collect = {kw.arg: kw.value for kw in calls["COLLECT"][0].keywords}
    assert ast.literal_eval(collect["upx"]) is False


def test_spec_reads_the_package_version_and_names_the_exe_apart_from_the_package():
    spec = spec_helpers()
    assert spec["read_version"]() == desktop_app.__version__
    assert spec["EXE_NAME"] not in ("desktop_app", "desktop-app")
    assert spec["EXE_NAME"] == "desktop-app-bin"
    assert "CLI_EXE_NAME" not in spec  # defined after Analysis: the part exec'd here is pure Python
    assert 'CLI_EXE_NAME = "desktop-app-cli"' in SPEC.read_text(encoding="utf-8")


def test_every_data_source_in_the_spec_exists():
    spec = spec_helpers()
    for pattern, dest, required in spec["DATA_SOURCES"]:
        assert dest.startswith("resources/")  # mirrors resource_path(): _MEIPASS/resources/...
        folder = ROOT / pattern.rsplit("/", 1)[0]
        if pattern.startswith("build/"):
            continue  # written by build.sh (compiled translations)
        assert folder.is_dir(), f"{folder} (from {pattern}) does not exist"
        if required:
            assert list(ROOT.glob(pattern)), f"no file matches required data pattern {pattern}"
    datas = spec["collect_datas"]()
    assert datas, "the spec collects no data files"
    for source, dest in datas:
        assert Path(source).is_file(), source
    names = {Path(source).name for source, _ in datas}
    assert {"desktop-app.ico", "desktop-app.icns", "desktop-app.png"} <= names


def test_spec_icons_exist_for_each_platform():
    for suffix in (".ico", ".icns", ".png"):
        assert (ICONS / f"desktop-app{suffix}").is_file()


def test_spec_excludes_dev_and_heavy_packages():
    excludes = set(spec_helpers()["EXCLUDES"])
    assert {"pyarrow", "pytest", "pytest_qt", "tkinter", "IPython", "matplotlib", "scipy.stats"} <= excludes
    # the shift plan solves with scipy.optimize.milp: scipy itself must be bundled
    assert "scipy" not in excludes and "scipy.optimize" not in excludes
    # Nothing the app imports may be excluded.
    used = {"pandas", "numpy", "openpyxl", "python_calamine", "pyqtgraph", "platformdirs", "sqlite3",
            "PySide6", "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets",
            # pyqtgraph's PlotCurveItem imports these unconditionally
            "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets"}
    assert not excludes & used
    text = SPEC.read_text(encoding="utf-8")
    assert 'PYTHON_OPTIONS = [("X utf8", None, "OPTION")]' in text  # frozen stdout in UTF-8
    assert text.count("PYTHON_OPTIONS,") == 3  # every EXE: folder, Windows console twin, portable
    hidden = set(spec_helpers()["HIDDEN_IMPORTS"])
    assert {"PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "openpyxl", "python_calamine"} <= hidden
    # every module of the package (views are imported by name)
    ours = {"desktop_app.ui.views.agents", "desktop_app.selftest", "desktop_app.core.importers.registry"}
    assert ours <= hidden


def test_spec_keeps_the_qt_plugins_a_desktop_app_needs():
    keep = spec_helpers()["keep_qt_plugin"]
    kept = [
        "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib", "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/styles/libqmacstyle.dylib", "PySide6/Qt/lib/libQt6Gui.so.6",
    ]
    dropped = [
        "PySide6/Qt/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6\\plugins\\platforms\\qdirect2d.dll", "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
    ]
    assert [p for p in kept if not keep(p)] == []
    assert [p for p in dropped if keep(p)] == []


def test_spec_keeps_only_our_languages_of_qt_translations():
    keep = spec_helpers()["keep_data"]
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert keep("PySide6/Qt/translations/qtbase_en.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert keep("resources/i18n/desktop_app_zh_CN.qm")  # ours are not under /translations/


def test_launcher_calls_the_package_main():
    source = (PACKAGING / "launcher.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert ("desktop_app.__main__", "main") in imported
    assert ("desktop_app.selftest", "run_self_test") in imported


# --- workflow -------------------------------------------------------------------------------------

def _load_workflow():
    try:
        import yaml
    except ImportError:
        return None
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_parses_and_builds_on_three_platforms():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "\t" not in text  # YAML forbids tabs for indentation
    data = _load_workflow()
    if data is None:
        pytest.skip("PyYAML not installed; textual checks below still run")
    triggers = data.get("on", data.get(True))  # PyYAML reads the key `on` as boolean True
    assert "push" in triggers and "pull_request" in triggers
    job = data["jobs"]["build"]
    assert set(job["strategy"]["matrix"]["os"]) == {"windows-latest", "macos-latest", "ubuntu-latest"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    uses = [step.get("uses", "") for step in job["steps"]]
    assert "packaging/build.sh" in runs
    assert '"$BIN" --version' in runs and '"$BIN" --self-test' in runs
    assert any(u.startswith("actions/upload-artifact") for u in uses)
    assert any(u.startswith("actions/checkout") for u in uses)
    for step in job["steps"]:
        assert ("run" in step) != ("uses" in step), step


def test_workflow_textual_structure():
    # Works without PyYAML: the keys CI needs are present at the right indentation.
    lines = WORKFLOW.read_text(encoding="utf-8").splitlines()
    top = {line.split(":")[0] for line in lines if line and not line.startswith((" ", "#"))}
    assert {"name", "on", "jobs"} <= top
    assert any(line.strip().startswith("os: [") and "windows-latest" in line for line in lines)


def test_build_script_makes_the_platform_archives():
    text = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert "packaging/desktop_app.spec" in text
    assert "tar -C dist -czf" in text  # Linux
    assert "hdiutil create" in text  # macOS .dmg
    assert "zipfile -c" in text  # Windows .zip


# Not on Windows: `bash` there may be WSL's launcher; CI runs the scripts under Git Bash anyway.
@pytest.mark.skipif(os.name != "posix" or shutil.which("bash") is None, reason="needs a POSIX bash")
@pytest.mark.parametrize("script", ["build.sh", "ci_smoke.sh", "install-linux.sh"])
def test_shell_scripts_parse_and_are_executable(script):
    path = PACKAGING / script
    proc = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    if os.name == "posix":
        assert os.access(path, os.X_OK), f"{script} is not executable (git update-index --chmod=+x)"


# --- desktop file and installer -------------------------------------------------------------------

def test_desktop_file_is_a_valid_application_entry():
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(PACKAGING / "desktop-app.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0].endswith("/desktop-app-bin")
    assert entry["Exec"].split()[-1] in ("%F", "%f", "%U", "%u")
    assert entry["Icon"].endswith("desktop-app.png")
    assert entry["Name"] and entry["Name[zh_CN]"]
    for key in ("Categories", "MimeType", "Keywords"):
        assert entry[key].endswith(";"), f"{key} must end with ';'"
    assert entry["Terminal"] == "false"


def test_installer_script_points_at_the_build_and_icon():
    raw = (PACKAGING / "installer.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads UTF-8 only with a BOM
    text = raw.decode("utf-8-sig")
    for section in ("[Setup]", "[Files]", "[Icons]", "[Run]"):
        assert section in text
    assert 'Source: "..\\dist\\desktop-app\\*"' in text
    icon = next(line.split("=", 1)[1] for line in text.splitlines() if line.startswith("SetupIconFile="))
    assert (PACKAGING / icon.replace("\\", "/")).resolve() == (ICONS / "desktop-app.ico").resolve()
    assert '#define AppExe "desktop-app-bin.exe"' in text


# --- icons ----------------------------------------------------------------------------------------

def _ico_entries(data: bytes) -> list[tuple[int, bytes]]:
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    entries = []
    for i in range(count):
        w, _h, _colors, _res, _planes, _bpp, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        entries.append((w or 256, data[offset:offset + size]))
    return entries


def _png_size(blob: bytes) -> tuple[int, int]:
    assert blob.startswith(PNG_SIGNATURE)
    return struct.unpack(">II", blob[16:24])


def test_ico_holds_png_images_of_the_declared_sizes():
    entries = _ico_entries((ICONS / "desktop-app.ico").read_bytes())
    assert [w for w, _ in entries] == [16, 24, 32, 48, 64, 128, 256]
    for width, blob in entries:
        assert _png_size(blob) == (width, width)


def test_icns_lengths_add_up_and_hold_pngs():
    data = (ICONS / "desktop-app.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    offset, kinds = 8, {}
    while offset < len(data):
        kind, length = data[offset:offset + 4], struct.unpack(">I", data[offset + 4:offset + 8])[0]
        kinds[kind] = _png_size(data[offset + 8:offset + length])
        offset += length
    assert offset == len(data)
    # ic10 is the 512@2x Retina image (1024 px); icp4 the 16 px list icon.
    assert kinds[b"ic10"] == (1024, 1024) and kinds[b"icp4"] == (16, 16) and kinds[b"ic07"] == (128, 128)


def test_make_icons_redraws_every_file(tmp_path):
    # The committed icons come from the script: it must still run and produce the same set.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, str(PACKAGING / "make_icons.py"), str(tmp_path)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    made = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in ICONS.iterdir() if p.name.startswith("desktop-app"))
    assert made == committed
    for name in made:
        if name.endswith(".png"):
            assert _png_size((tmp_path / name).read_bytes()) == _png_size((ICONS / name).read_bytes())


# --- the self-test the frozen app runs, from source -------------------------------------------------

def _run_app(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.qpa.*=false",
               DESKTOP_APP_LOG_DIR=str(tmp_path / "logs"))
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          env=env, timeout=600, cwd=tmp_path)


def test_full_self_test_passes_from_source(tmp_path):
    # The same command CI runs against the frozen build: sample -> import -> compute -> window.
    shot = tmp_path / "shot.png"
    proc = _run_app("--self-test", "--screenshot", str(shot), "--log", str(tmp_path / "st.txt"),
                    tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    steps = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("ok ")]
    assert steps == ["sample", "import", "compute", "check", "database", "i18n", "window", "open", "views", "grab"]
    assert proc.stdout.rstrip().endswith("self-test passed")
    assert _png_size(shot.read_bytes())[0] > 0
    assert not (tmp_path / "logs").exists()  # no crash log


def test_measure_startup_prints_the_time_to_the_first_window(tmp_path):
    proc = _run_app("--self-test", "--measure-startup", tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(line for line in proc.stdout.splitlines() if line.startswith("startup "))
    seconds = float(line.split()[1])
    assert seconds > 0
    assert "to main window shown" in line


def test_self_test_fails_when_a_view_is_a_placeholder(qtbot):
    # In a frozen build a view module missing from the bundle shows up as the window's
    # PlaceholderView; the self-test must call that a failure, naming the page.
    from PySide6.QtWidgets import QMainWindow, QWidget

    from desktop_app.selftest import StepFailed, _check_views

    class PlaceholderView(QWidget):
        def __init__(self, name, parent):
            super().__init__(parent)
            self.name = name

    window = QMainWindow()
    qtbot.addWidget(window)
    _check_views(window)  # no placeholder: passes
    PlaceholderView("trends", window)
    with pytest.raises(StepFailed, match="trends"):
        _check_views(window)


@pytest.mark.skipif(os.name != "posix" or shutil.which("sh") is None, reason="Linux/Unix installer script")
def test_linux_install_script_points_the_menu_entry_at_the_unpacked_folder(tmp_path):
    # Lay out an unpacked build the way build.sh packs it, in a folder whose name has a space.
    unpacked = tmp_path / "my apps" / "desktop-app"
    unpacked.mkdir(parents=True)
    for name in ("install-linux.sh", "desktop-app.desktop"):
        shutil.copy2(PACKAGING / name, unpacked / name)
    shutil.copy2(ICONS / "desktop-app.png", unpacked / "desktop-app.png")
    exe = unpacked / "desktop-app-bin"
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    data = tmp_path / "share"
    env = dict(os.environ, XDG_DATA_HOME=str(data))

    proc = subprocess.run(["sh", str(unpacked / "install-linux.sh")], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(data / "applications" / "desktop-app.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Exec"] == f'"{exe}" %F'
    assert entry["TryExec"] == str(exe)
    assert entry["Icon"] == "desktop-app"
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "desktop-app.png").read_bytes() == \
        (ICONS / "desktop-app.png").read_bytes()

    proc = subprocess.run(["sh", str(unpacked / "install-linux.sh"), "--remove"], capture_output=True,
                          text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert not (data / "applications" / "desktop-app.desktop").exists()


def test_self_test_catches_an_exception_raised_while_a_view_paints(qtbot):
    # PySide hands an exception in paintEvent to sys.excepthook and carries on; the self-test
    # must still fail on it (a chart that cannot paint in the frozen build).
    from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

    from desktop_app.selftest import StepFailed, _show_every_page, _UnhandledExceptions

    class Broken(QWidget):
        def paintEvent(self, event):  # noqa: N802 - Qt override
            raise ZeroDivisionError("chart axis")

    window = QMainWindow()
    qtbot.addWidget(window)
    stack = QStackedWidget()
    window.setCentralWidget(stack)
    good, broken = QWidget(), Broken()
    stack.addWidget(good)
    stack.addWidget(broken)
    window.views = {"good": good, "broken": broken}
    window.show()
    before = sys.excepthook
    with _UnhandledExceptions() as unhandled:
        with pytest.raises(StepFailed, match="broken view failed to paint: .*chart axis"):
            _show_every_page(window)
        # the paint inside the event loop went to the excepthook: collected, reported once
        with pytest.raises(StepFailed, match="ZeroDivisionError"):
            unhandled.check()
        unhandled.check()
    assert sys.excepthook == before
    assert stack.currentWidget() is good  # the page shown before is restored

    stack.removeWidget(broken)
    del window.views["broken"]
    with _UnhandledExceptions() as unhandled:
        assert _show_every_page(window) == 1
        unhandled.check()
