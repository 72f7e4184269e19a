#!/usr/bin/env bash
# Build the double-clickable app with PyInstaller and pack it for download:
#   Linux   -> dist/desktop-app/ + dist/desktop-app-<version>-linux-<arch>.tar.gz
#   Windows -> dist/desktop-app/ + dist/desktop-app-<version>-windows-<arch>.zip   (Git Bash / MSYS)
#   macOS   -> dist/desktop-app.app + dist/desktop-app-<version>-macos-<arch>.dmg (hdiutil) and .zip
# Usage: packaging/build.sh [--clean] [--portable]   (PYTHON=/path/to/python picks the interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  # Windows' Python installs python.exe, not python3.exe.
  if command -v python3 >/dev/null 2>&1 && python3 -c "import sys" >/dev/null 2>&1; then
    PY=python3
  else
    PY=python
  fi
fi

CLEAN=""
PORTABLE=""
for arg in "$@"; do
  case "$arg" in
    --clean) CLEAN="--clean" ;;
    --portable) PORTABLE=1 ;;  # one self-extracting exe instead of the folder (Windows/Linux)
    *) echo "usage: packaging/build.sh [--clean] [--portable]" >&2; exit 2 ;;
  esac
done

start=$(date +%s)

if ! "$PY" -m PyInstaller --version >/dev/null 2>&1; then
  echo "== installing PyInstaller"
  "$PY" -m pip install -q "pyinstaller>=6.5"
fi

# The icon files are committed; regenerate them only when missing (e.g. a trimmed checkout).
if [ ! -f resources/icons/desktop-app.ico ] || [ ! -f resources/icons/desktop-app.icns ]; then
  echo "== drawing icons"
  QT_QPA_PLATFORM=offscreen "$PY" packaging/make_icons.py
fi

# Compile translations into build/i18n (the spec prefers them over committed .qm files), so a
# build never modifies tracked files.
shopt -s nullglob
ts_files=(resources/i18n/*.ts)
if [ ${#ts_files[@]} -gt 0 ]; then
  mkdir -p build/i18n
  LRELEASE=$(command -v pyside6-lrelease || true)
  if [ -n "$LRELEASE" ]; then
    echo "== compiling ${#ts_files[@]} translation(s)"
    for ts in "${ts_files[@]}"; do
      base=$(basename "$ts" .ts)
      "$LRELEASE" -silent "$ts" -qm "build/i18n/$base.qm"
    done
  else
    echo "!! pyside6-lrelease not found: using the committed .qm files" >&2
  fi
fi
shopt -u nullglob

echo "== PyInstaller ($("$PY" -m PyInstaller --version))"
if [ -n "$PORTABLE" ]; then
  # A separate work folder: the one-folder build's cache stays valid.
  DESKTOP_APP_ONEFILE=1 "$PY" -m PyInstaller --noconfirm $CLEAN --log-level WARN \
    --distpath dist --workpath build/pyinstaller-portable packaging/desktop_app.spec
  end=$(date +%s)
  echo "== built in $((end - start)) s"
  ls -l dist/desktop-app-bin-portable* 2>/dev/null || { echo "no portable exe was built" >&2; exit 1; }
  exit 0
fi
"$PY" -m PyInstaller --noconfirm $CLEAN --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/desktop_app.spec

# A pyenv/self-built Python carries ~20 MB of debug info in libpython and its extension modules.
# Strip only those: strip(1) corrupts auditwheel-patched wheel libraries such as numpy's OpenBLAS.
if [ "$(uname -s)" = Linux ] && command -v strip >/dev/null 2>&1; then
  shopt -s nullglob
  strip --strip-debug dist/desktop-app/_internal/libpython3*.so* \
    dist/desktop-app/_internal/python3*/lib-dynload/*.so 2>/dev/null || true
  shopt -u nullglob
fi

VERSION=$("$PY" -c "import ast,sys; t=ast.parse(open('desktop_app/__init__.py',encoding='utf-8').read()); \
print(next(n.value.value for n in t.body if isinstance(n, ast.Assign) and n.targets[0].id=='__version__'))")
ARCH=$(uname -m)
case "$(uname -s)" in
  Linux*)
    ARCHIVE="dist/desktop-app-$VERSION-linux-$ARCH.tar.gz"
    cp packaging/desktop-app.desktop packaging/install-linux.sh resources/icons/desktop-app.png \
      dist/desktop-app/
    tar -C dist -czf "$ARCHIVE" desktop-app
    ;;
  MINGW*|MSYS*|CYGWIN*)
    ARCHIVE="dist/desktop-app-$VERSION-windows-$ARCH.zip"
    rm -f "$ARCHIVE"
    # python's zipfile: present wherever Python is, unlike zip(1) on Windows runners.
    "$PY" -m zipfile -c "$ARCHIVE" dist/desktop-app
    ;;
  Darwin*)
    ARCHIVE="dist/desktop-app-$VERSION-macos-$ARCH.dmg"
    rm -f "$ARCHIVE"
    # A drag-to-install disk image: the .app plus a link to /Applications.
    staging=build/dmg
    rm -rf "$staging" && mkdir -p "$staging"
    cp -R dist/desktop-app.app "$staging/"
    ln -s /Applications "$staging/Applications"
    # hdiutil now and then fails with "Resource busy" on CI machines: try a few times.
    for attempt in 1 2 3; do
      if hdiutil create -volname "desktop-app $VERSION" -srcfolder "$staging" -ov -format UDZO \
        "$ARCHIVE" >/dev/null; then
        break
      fi
      [ "$attempt" = 3 ] && { echo "hdiutil failed 3 times" >&2; exit 1; }
      sleep 5
    done
    # ditto keeps the bundle's symlinks and extended attributes, which zip(1) would break.
    ditto -c -k --keepParent dist/desktop-app.app "dist/desktop-app-$VERSION-macos-$ARCH.zip"
    ;;
  *)
    echo "unknown platform $(uname -s): no archive made" >&2
    ARCHIVE=""
    ;;
esac

end=$(date +%s)
echo "== built in $((end - start)) s"
if [ -d dist/desktop-app ]; then
  echo "   bundle:  $(du -sh dist/desktop-app | cut -f1)  dist/desktop-app"
fi
if [ -n "$ARCHIVE" ] && [ -f "$ARCHIVE" ]; then
  echo "   archive: $(du -sh "$ARCHIVE" | cut -f1)  $ARCHIVE"
fi
