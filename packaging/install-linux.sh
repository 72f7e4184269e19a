#!/bin/sh
# Add the unpacked Linux build to the current user's application menu (no root needed).
# Run it from the unpacked folder:  ./install-linux.sh        Undo:  ./install-linux.sh --remove
# It writes a menu entry pointing at this folder's desktop-app-bin, and the icon; the app itself
# stays where it was unpacked (move the folder first if you want it elsewhere, then run again).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
ENTRY="$DATA/applications/desktop-app.desktop"
ICON="$DATA/icons/hicolor/256x256/apps/desktop-app.png"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$ENTRY" "$ICON"
  echo "removed $ENTRY"
  exit 0
fi

[ -x "$HERE/desktop-app-bin" ] || { echo "desktop-app-bin not found next to this script" >&2; exit 1; }
mkdir -p "$DATA/applications" "$(dirname "$ICON")"
cp "$HERE/desktop-app.png" "$ICON"
# The shipped entry assumes /opt/desktop-app; point it here instead. Exec quotes the path (the
# desktop-entry spec allows spaces only inside quotes); the icon is found by name in the theme.
sed -e "s|^Exec=.*|Exec=\"$HERE/desktop-app-bin\" %F|" \
    -e "s|^TryExec=.*|TryExec=$HERE/desktop-app-bin|" \
    -e "s|^Icon=.*|Icon=desktop-app|" \
    "$HERE/desktop-app.desktop" > "$ENTRY"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$DATA/applications" || true
echo "installed $ENTRY"
