"""Paints a listed paper the way PubMed lists results.

    1   Title of the paper, in the link colour, wrapped to at
        most two lines and elided after that
        Conze D, Weiss L, et al. Cancer Res. 2001;61(24):8851-8.
        PMID: 11751408  [✓ In library] [Free PMC article] [Review]

The left gutter holds PubMed's rank; for similar articles with a score, a
small bar under it shows the relevance relative to the best match.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..model import Link
from .badges import IN_LIBRARY, Badge, badge_height, paint_badges, publication_badges
from .link_list_model import LINK_ROLE, SCORE_ROLE, meta_line
from .palette import blend, secondary_text

Index = QModelIndex | QPersistentModelIndex

MARGIN_X = 8
MARGIN_Y = 7
GUTTER = 26        # rank column, left of the text
GUTTER_GAP = 8
LINE_GAP = 2
BADGE_GAP = 5      # above the PMID/badge row
SCORE_BAR = QSize(20, 4)
MAX_TITLE_LINES = 2
MIN_WIDTH = 200
TITLE_TEXT_SHARE = 0.2  # titles: the link colour, a little towards the text colour


@dataclass(frozen=True, slots=True)
class _Fonts:
    title: QFont
    text: QFont

    @classmethod
    def of(cls, font: QFont) -> _Fonts:
        title = QFont(font)
        title.setWeight(QFont.Weight.DemiBold)
        return cls(title, QFont(font))


def title_lines(text: str, font: QFont, width: int, limit: int = MAX_TITLE_LINES) -> list[str]:
    """``text`` wrapped at ``width`` px into at most ``limit`` lines, the last elided if needed."""
    layout = QTextLayout(text, font)
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1, width))
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start:start + length].strip() for start, length in spans[:limit]]
    if len(spans) > limit:
        rest = text[spans[limit - 1][0]:].strip()
        lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines or [""]


def item_badges(link: Link) -> list[Badge]:
    return ([IN_LIBRARY] if link.in_library is not None else []) + publication_badges(link.publication_types)


class LinkItemDelegate(QStyledItemDelegate):
    """Title, authors and citation, PMID and badges, with PubMed's rank in a gutter."""

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        widget = option.widget
        width = option.rect.width()
        if isinstance(widget, QAbstractItemView):
            width = widget.viewport().width()
        return max(MIN_WIDTH, width) - 2 * MARGIN_X - GUTTER - GUTTER_GAP

    def _layout(self, link: Link, fonts: _Fonts, width: int) -> tuple[list[str], str, int]:
        """(title lines, meta line, total height) for ``link`` at text ``width``."""
        title = title_lines(link.title or "Title not fetched yet", fonts.title, width)
        meta = meta_line(link)
        height = MARGIN_Y + len(title) * QFontMetrics(fonts.title).lineSpacing()
        if meta:
            height += LINE_GAP + QFontMetrics(fonts.text).lineSpacing()
        height += BADGE_GAP + max(QFontMetrics(fonts.text).height(), badge_height(fonts.text)) + MARGIN_Y
        return title, meta, height

    def _paint_gutter(self, painter: QPainter, link: Link, share: float | None, rect: QRect, font: QFont,
                      colour: QColor, accent: QColor, track: QColor) -> None:
        if not link.rank:
            return
        metrics = QFontMetrics(font)
        number = QRect(rect.left(), rect.top(), GUTTER, metrics.height())
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(number, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), str(link.rank))
        if share is None:
            return
        bar = QRect(rect.left() + GUTTER - SCORE_BAR.width(), number.bottom() + 4, SCORE_BAR.width(), SCORE_BAR.height())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 2, 2)
        filled = QRect(bar)
        filled.setWidth(max(SCORE_BAR.height(), round(bar.width() * float(share))))
        painter.setBrush(accent)
        painter.drawRoundedRect(filled, 2, 2)

    # --- Qt overrides -----------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        link = index.data(LINK_ROLE)
        if not isinstance(link, Link):
            return super().sizeHint(option, index)
        width = self._text_width(option)
        _title, _meta, height = self._layout(link, _Fonts.of(option.font), width)
        return QSize(width + 2 * MARGIN_X + GUTTER + GUTTER_GAP, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        link = index.data(LINK_ROLE)
        if not isinstance(link, Link):
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        fonts = _Fonts.of(option.font)
        rect = option.rect
        text_left = rect.left() + MARGIN_X + GUTTER + GUTTER_GAP
        text_width = rect.right() - MARGIN_X - text_left
        title, meta, _height = self._layout(link, fonts, text_width)

        painter.save()
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        if selected:
            title_colour = palette.color(QPalette.ColorRole.HighlightedText)
            grey = blend(title_colour, palette.color(QPalette.ColorRole.Highlight), 0.25)
        else:
            link_colour = blend(palette.color(QPalette.ColorRole.Link), text, TITLE_TEXT_SHARE)
            title_colour = link_colour if link.title else secondary_text(palette)
            grey = secondary_text(palette)
        painter.setPen(blend(base, text, 0.12))
        painter.drawLine(rect.left() + MARGIN_X, rect.bottom(), rect.right() - MARGIN_X, rect.bottom())

        top = rect.top() + MARGIN_Y
        self._paint_gutter(painter, link, index.data(SCORE_ROLE), QRect(rect.left() + MARGIN_X, top, GUTTER, rect.height()),
                           fonts.text, grey, palette.color(QPalette.ColorRole.Highlight) if not selected else title_colour,
                           blend(base, text, 0.18))

        title_font = QFont(fonts.title)
        title_font.setItalic(not link.title)
        painter.setFont(title_font)
        painter.setPen(title_colour)
        title_metrics = QFontMetrics(title_font)
        for line in title:
            painter.drawText(text_left, top + title_metrics.ascent(), line)
            top += title_metrics.lineSpacing()

        metrics = QFontMetrics(fonts.text)
        painter.setFont(fonts.text)
        painter.setPen(grey)
        if meta:
            top += LINE_GAP
            painter.drawText(text_left, top + metrics.ascent(), metrics.elidedText(meta, Qt.TextElideMode.ElideRight, text_width))
            top += metrics.lineSpacing()

        top += BADGE_GAP
        row_height = max(metrics.height(), badge_height(fonts.text))
        pmid = f"PMID: {link.pmid}"
        painter.drawText(QRect(text_left, top, text_width, row_height),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), pmid)
        badges_left = text_left + metrics.horizontalAdvance(pmid) + 10
        badges_top = top + (row_height - badge_height(fonts.text)) // 2
        paint_badges(painter, item_badges(link), badges_left, badges_top, text_left + text_width, fonts.text, palette,
                     selected=selected)
        painter.restore()
