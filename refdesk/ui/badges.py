"""Small rounded labels ("Review", "Free PMC article", "In library") drawn in item views.

Every colour comes from the palette the item is painted with, so badges read
well on light and dark themes and on selected rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette

from .palette import Tone, accent, blend, tint

PADDING = 5   # px left and right of the text
SPACING = 5   # px between badges
RADIUS = 3.0


class BadgeStyle(Enum):
    NEUTRAL = "neutral"
    TONED = "toned"
    #: Filled with the selection colour: the strongest marker, for "In library".
    ACCENT = "accent"


@dataclass(frozen=True, slots=True)
class Badge:
    text: str
    style: BadgeStyle = BadgeStyle.NEUTRAL
    tone: Tone = Tone.INFO


IN_LIBRARY = Badge("\u2713 In library", BadgeStyle.ACCENT)

#: PubMed publication types worth a badge, in the order they are shown, with their tone.
_PUBLICATION_BADGES: tuple[tuple[str, Badge], ...] = (
    ("Retracted Publication", Badge("Retracted", BadgeStyle.TONED, Tone.ERROR)),
    ("Retraction of Publication", Badge("Retraction notice", BadgeStyle.TONED, Tone.ERROR)),
    ("Free PMC article", Badge("Free PMC article", BadgeStyle.TONED, Tone.SUCCESS)),
    ("Free article", Badge("Free article", BadgeStyle.TONED, Tone.SUCCESS)),
    ("Systematic Review", Badge("Systematic Review", BadgeStyle.TONED, Tone.INFO)),
    ("Meta-Analysis", Badge("Meta-Analysis", BadgeStyle.TONED, Tone.INFO)),
    ("Review", Badge("Review")),
    ("Randomized Controlled Trial", Badge("Randomized Controlled Trial")),
    ("Clinical Trial", Badge("Clinical Trial")),
    ("Practice Guideline", Badge("Practice Guideline")),
    ("Guideline", Badge("Guideline")),
    ("Observational Study", Badge("Observational Study")),
    ("Case Reports", Badge("Case Reports")),
    ("Preprint", Badge("Preprint", BadgeStyle.TONED, Tone.WARNING)),
    ("Editorial", Badge("Editorial")),
    ("Letter", Badge("Letter")),
    ("Comment", Badge("Comment")),
)


def publication_badges(publication_types: Iterable[str]) -> list[Badge]:
    """Badges for the publication types PubMed itself points out; "Journal Article" and such get none."""
    present = set(publication_types)
    badges = [badge for name, badge in _PUBLICATION_BADGES if name in present]
    if "Clinical Trial" not in present and any(t.startswith("Clinical Trial, Phase") for t in present):
        badges.append(Badge("Clinical Trial"))
    return badges


def badge_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(6.5, font.pointSizeF() * 0.85))
    return small


def badge_height(font: QFont) -> int:
    return QFontMetrics(badge_font(font)).height() + 2


def badge_width(badge: Badge, font: QFont) -> int:
    return QFontMetrics(badge_font(font)).horizontalAdvance(badge.text) + 2 * PADDING


def badge_colours(badge: Badge, palette: QPalette, *, selected: bool) -> tuple[QColor, QColor, QColor]:
    """(fill, border, text) for ``badge`` on a row painted with ``palette``."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    if badge.style is BadgeStyle.ACCENT:
        highlight = palette.color(QPalette.ColorRole.Highlight)
        highlighted_text = palette.color(QPalette.ColorRole.HighlightedText)
        if selected:
            return highlighted_text, highlighted_text, highlight
        return highlight, highlight, highlighted_text
    if badge.style is BadgeStyle.TONED:
        return tint(palette, badge.tone, over=base), accent(palette, badge.tone), text
    return blend(base, text, 0.08), blend(base, text, 0.3), text


def paint_badges(painter: QPainter, badges: Sequence[Badge], left: int, top: int, right: int,
                 font: QFont, palette: QPalette, *, selected: bool) -> int:
    """Draw ``badges`` in a row from (``left``, ``top``), leaving out those that pass ``right``.

    Returns the x just after the last badge drawn.
    """
    small = badge_font(font)
    height = badge_height(font)
    x = left
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(small)
    for badge in badges:
        width = badge_width(badge, font)
        if x + width > right:
            break
        fill, border, text = badge_colours(badge, palette, selected=selected)
        rect = QRect(x, top, width, height)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), RADIUS, RADIUS)
        painter.setPen(text)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), badge.text)
        x += width + SPACING
    painter.restore()
    return x
