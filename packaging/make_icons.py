"""Draw the app icon in code and write it as PNG sizes, a Windows .ico and a macOS .icns.

The icon is a chat bubble holding a small rising bar chart (conversations -> KPIs) on a blue tile.
It is drawn with QPainter at every size rather than scaled down from one bitmap, so the 16 px
version stays crisp. No downloaded art: this script is the icon's source.

.ico and .icns are written by hand: both formats are a small header plus a table of embedded PNG
images (ICO since Windows Vista, ICNS since macOS 10.7), so no Pillow or iconutil is needed and the
script runs the same on every platform.

Usage: ``python packaging/make_icons.py [out_dir]`` (default: resources/icons beside this folder).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "icons"
NAME = "desktop-app"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types holding PNG data, by pixel size (the @2x types share pixel sizes).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
    (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)


def draw(size: int) -> QImage:
    """The icon at ``size`` x ``size`` pixels, transparent outside the rounded tile."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 100.0, size / 100.0)  # draw on a 100 x 100 canvas

    # Tile: macOS-style margin so the icon sits with the system's icons; Windows/Linux don't mind.
    tile = QRectF(4, 4, 92, 92)
    gradient = QLinearGradient(QPointF(0, 4), QPointF(0, 96))
    gradient.setColorAt(0.0, QColor("#2F86EB"))
    gradient.setColorAt(1.0, QColor("#1257B0"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(gradient))
    p.drawRoundedRect(tile, 20, 20)

    # Speech bubble with a tail at the lower left.
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(16, 20, 68, 50), 12, 12)
    tail = QPainterPath()
    tail.moveTo(26, 66)
    tail.lineTo(22, 84)
    tail.lineTo(42, 68)
    tail.closeSubpath()
    p.setBrush(QColor("#FFFFFF"))
    p.drawPath(bubble.united(tail))

    # Rising bars inside the bubble: the KPI chart. At 16 px only two bars would be legible, but
    # three still read as "a chart", so keep one drawing for all sizes.
    bars = ((28, 50, "#F5A623"), (44, 40, "#2FB67C"), (60, 30, "#1E6FD9"))
    for x, top, colour in bars:
        p.setBrush(QColor(colour))
        p.drawRoundedRect(QRectF(x, top, 11, 62 - top), 2.5, 2.5)
    # A baseline under the bars, thick enough to survive downsizing.
    pen = QPen(QColor("#5B6B80"))
    pen.setWidthF(2.5)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.drawLine(QPointF(25, 63), QPointF(75, 63))
    p.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode PNG (is the qpng plugin present?)")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """ICONDIR + one ICONDIRENTRY per size + the PNG images (width/height 0 means 256)."""
    sizes = [s for s in ICO_SIZES if s in pngs]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for s in sizes:
        blob = pngs[s]
        dim = 0 if s >= 256 else s
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """'icns' + total length, then (type, length incl. 8-byte header, PNG data) elements."""
    body = b""
    for kind, s in ICNS_TYPES:
        blob = pngs[s]
        body += kind + struct.pack(">I", len(blob) + 8) + blob
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - image plugins need it
    pngs = {s: png_bytes(draw(s)) for s in PNG_SIZES}
    for s, blob in pngs.items():
        (out / f"{NAME}-{s}.png").write_bytes(blob)
    (out / f"{NAME}.png").write_bytes(pngs[256])  # the one the window and .desktop file use
    (out / f"{NAME}.ico").write_bytes(ico_bytes(pngs))
    (out / f"{NAME}.icns").write_bytes(icns_bytes(pngs))
    print(f"wrote {len(pngs) + 3} icon files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
