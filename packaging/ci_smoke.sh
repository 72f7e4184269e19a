#!/usr/bin/env bash
# Build the Linux bundle and smoke-test the frozen app: --version, --self-test, startup time.
# Called by the lead's .ci/run; exit status 0 only when the build and every check passed.
# Takes about a minute on a 2-core machine (see packaging/README.md for measured figures).
set -euo pipefail
cd "$(dirname "$0")/.."

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export QT_LOGGING_RULES="${QT_LOGGING_RULES:-qt.qpa.*=false}"
# Crash logs of the smoke test stay in build/, not in the CI user's home.
export DESKTOP_APP_LOG_DIR="$PWD/build/smoke/logs"
mkdir -p build/smoke

# PyInstaller needs objdump on Linux (binutils), which a bare Debian lacks.
if ! command -v objdump >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" != "0" ] && SUDO="sudo"
    echo "== installing binutils (PyInstaller needs objdump)"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends binutils >/dev/null
  else
    echo "FAIL: PyInstaller needs objdump: install binutils" >&2
    exit 1
  fi
fi

t0=$(date +%s)
bash packaging/build.sh
t1=$(date +%s)

BIN=dist/desktop-app/desktop-app-bin
[ -x "$BIN" ] || { echo "FAIL: $BIN was not built" >&2; exit 1; }

echo "== $BIN --version"
version_out=$(timeout 60 "$BIN" --version)
echo "$version_out"
case "$version_out" in
  "desktop-app "*) ;;
  *) echo "FAIL: unexpected --version output" >&2; exit 1 ;;
esac

echo "== $BIN --self-test"
rc=0
timeout 300 "$BIN" --self-test --screenshot build/smoke/selftest.png --log build/smoke/selftest.txt \
  >/dev/null 2>build/smoke/selftest.stderr || rc=$?
cat build/smoke/selftest.txt 2>/dev/null || true
if [ "$rc" != 0 ]; then
  echo "FAIL: frozen self-test exited with $rc; stderr:" >&2
  tail -40 build/smoke/selftest.stderr >&2 || true
  exit 1
fi

# With Xvfb present, run it again on the xcb platform users get on a Linux desktop (the bundled
# xcb plugin and its libraries), not just offscreen.
if command -v xvfb-run >/dev/null 2>&1; then
  echo "== $BIN --self-test under Xvfb (xcb)"
  rc=0
  env -u QT_QPA_PLATFORM timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$BIN" --self-test --log build/smoke/selftest-xcb.txt \
    >/dev/null 2>build/smoke/selftest-xcb.stderr || rc=$?
  grep -E "^(ok window|FAIL|self-test passed)" build/smoke/selftest-xcb.txt || true
  if [ "$rc" != 0 ]; then
    echo "FAIL: frozen self-test under Xvfb exited with $rc" >&2
    tail -40 build/smoke/selftest-xcb.stderr >&2 || true
    exit 1
  fi
fi

echo "== headless: $BIN sample, then report (JSON + Excel) on those files"
rm -rf build/smoke/sample
timeout 120 "$BIN" sample --out build/smoke/sample >/dev/null
timeout 300 "$BIN" report --orders build/smoke/sample/ExportOrderList*.xlsx \
  build/smoke/sample/ExportOrderDetailList*.csv --chats build/smoke/sample/*.txt \
  --inventory build/smoke/sample/库存.xlsx --json build/smoke/report.json --xlsx build/smoke/report.xlsx
python3 - <<'PY'
import json, zipfile
report = json.load(open("build/smoke/report.json", encoding="utf-8"))
assert report["agents"], "the frozen report has no agents"
assert zipfile.is_zipfile("build/smoke/report.xlsx"), "the frozen Excel report is not an xlsx"
print(f"ok report: {len(report['agents'])} agents, sales {report['shop']['sales']:,.2f}, xlsx written")
PY

echo "== $BIN --self-test --measure-startup"
timeout 120 "$BIN" --self-test --measure-startup

t2=$(date +%s)
echo "== ci_smoke passed: build $((t1 - t0)) s, smoke tests $((t2 - t1)) s, total $((t2 - t0)) s"
