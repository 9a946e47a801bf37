"""Colours derived from the platform palette, so light and dark modes both work.

Nothing here hard-codes a foreground colour: tints are a hue blended into the
palette's own window colour, and text keeps the palette's text colour.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget


class Tone(Enum):
    INFO = QColor(52, 120, 246)
    SUCCESS = QColor(46, 160, 67)
    WARNING = QColor(230, 160, 20)
    ERROR = QColor(220, 50, 47)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def blend(base: QColor, other: QColor, amount: float) -> QColor:
    """``base`` moved ``amount`` (0..1) of the way towards ``other``."""
    return QColor(
        round(base.red() + (other.red() - base.red()) * amount),
        round(base.green() + (other.green() - base.green()) * amount),
        round(base.blue() + (other.blue() - base.blue()) * amount),
    )


def tint(palette: QPalette, tone: Tone, strength: float | None = None, over: QColor | None = None) -> QColor:
    """``tone`` blended into the window colour (or ``over``); stronger on dark backgrounds."""
    base = over if over is not None else palette.color(QPalette.ColorRole.Window)
    amount = strength if strength is not None else (0.35 if is_dark(palette) else 0.18)
    return blend(base, tone.value, amount)


def accent(palette: QPalette, tone: Tone) -> QColor:
    """A readable accent (icons, borders) for ``tone`` on this palette."""
    colour = QColor(tone.value)
    return colour.lighter(130) if is_dark(palette) else colour.darker(110)


def muted_text(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)


def secondary_text(palette: QPalette, background: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """Grey text for secondary lines (authors, citations, hints) that stays readable.

    The palette's text colour moved a third of the way towards ``background``:
    dark grey on light themes, light grey on dark ones.
    """
    foreground = QPalette.ColorRole.Text if background == QPalette.ColorRole.Base else QPalette.ColorRole.WindowText
    return blend(palette.color(foreground), palette.color(background), 0.38)


def tinted_style(widget: QWidget, tone: Tone) -> str:
    """A style sheet for a framed banner in ``tone``, derived from the widget's palette."""
    return banner_style(widget.palette(), tone)


def banner_style(palette: QPalette, tone: Tone) -> str:
    """A style sheet for a framed banner in ``tone``, derived from ``palette``."""
    return (
        f"background-color: {tint(palette, tone).name()};"
        f" border: 1px solid {accent(palette, tone).name()}; border-radius: 4px;"
    )


def apply_application_style(app: QApplication) -> None:
    """Follow the system colour scheme; use Fusion where no native style exists."""
    if app.style().name().lower() in ("windows", ""):
        app.setStyle("Fusion")
