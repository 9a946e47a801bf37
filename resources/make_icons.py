"""Render the PNG sizes of the RefDesk icon from its SVG drawings.

``icons/refdesk.svg`` is the icon; ``refdesk-16.svg`` and ``refdesk-24.svg``
are the same design fitted to the pixel grid of the small sizes, where a
scaled-down drawing would blur (22 px is the 24 px drawing minus one pixel
of margin on each side).

Run from anywhere after editing the SVG, then commit the PNGs::

    python resources/make_icons.py

It uses Qt's SVG renderer (PySide6 is already a RefDesk dependency), so no
extra tool is needed. The PNGs land in ``icons/hicolor/<N>x<N>/apps/``,
the layout of the freedesktop.org hicolor icon theme.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ICONS = HERE / "icons"
HICOLOR = ICONS / "hicolor"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)

# size -> (drawing, the part of its view box to render, or None for all of it)
SOURCES: dict[int, tuple[str, tuple[float, float, float, float] | None]] = {
    16: ("refdesk-16.svg", None),
    22: ("refdesk-24.svg", (1, 1, 22, 22)),
    24: ("refdesk-24.svg", None),
}
DEFAULT_SOURCE = ("refdesk.svg", None)


def png_path(size: int, root: Path = HICOLOR) -> Path:
    """Where the ``size`` px PNG lives under a hicolor-style ``root``."""
    return root / f"{size}x{size}" / "apps" / "refdesk.png"


def render(svg: Path, size: int, target: Path, view_box: tuple[float, float, float, float] | None = None) -> None:
    """Render ``svg`` (or its ``view_box`` part) as a square ``size`` px PNG on transparency."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    if view_box is not None:
        renderer.setViewBox(QRectF(*view_box))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "PNG"):
        raise SystemExit(f"make_icons: could not write {target}")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        name, view_box = SOURCES.get(size, DEFAULT_SOURCE)
        target = png_path(size)
        render(ICONS / name, size, target, view_box)
        print(target.relative_to(HERE.parent))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
