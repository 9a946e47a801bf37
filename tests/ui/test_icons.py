"""The application icon offers every shipped size."""

from __future__ import annotations

from PySide6.QtCore import QSize

from refdesk.desktop_entry import ICON_SIZES
from refdesk.ui.icons import app_icon


def test_the_icon_has_every_png_size(qapp):
    sizes = app_icon().availableSizes()
    for size in (16, 22, 24, 32, 48, 64, 128, 256):
        assert QSize(size, size) in sizes
    assert len(sizes) == len(ICON_SIZES)


def test_a_large_pixmap_is_not_an_upscaled_small_one(qapp):
    pixmap = app_icon().pixmap(QSize(256, 256))
    assert pixmap.width() == 256 and not pixmap.isNull()


def test_the_main_window_gets_all_sizes(seed_window):
    assert QSize(256, 256) in seed_window.windowIcon().availableSizes()
    assert QSize(16, 16) in seed_window.windowIcon().availableSizes()
