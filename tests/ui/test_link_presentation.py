"""How a listed paper is presented: PubMed-style lines, badges, two-line titles."""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from refdesk.model import Link, LinkKind
from refdesk.ui.badges import IN_LIBRARY, BadgeStyle, badge_colours, publication_badges
from refdesk.ui.link_delegate import LinkItemDelegate, item_badges, title_lines
from refdesk.ui.link_list_model import LinkListModel, meta_line

LONG = " ".join(["Interleukin-6 and multidrug resistance in metastatic breast cancer"] * 6)


def test_the_grey_line_has_authors_then_the_citation():
    link = Link(LinkKind.SIMILAR, 1, authors="Conze D, Weiss L, et al.", citation="Cancer Res. 2001;61(24):8851-8.")
    assert meta_line(link) == "Conze D, Weiss L, et al. Cancer Res. 2001;61(24):8851-8."
    assert meta_line(Link(LinkKind.SIMILAR, 1, citation="Cancer Res. 2001.")) == "Cancer Res. 2001."
    assert meta_line(Link(LinkKind.SIMILAR, 1, journal="Cancer Res", year=2001)) == "Cancer Res, 2001"
    assert meta_line(Link(LinkKind.SIMILAR, 1)) == ""


def test_badges_point_out_what_pubmed_points_out():
    texts = [b.text for b in publication_badges(("Journal Article", "Review", "Free PMC article", "Research Support, N.I.H."))]
    assert texts == ["Free PMC article", "Review"]
    assert [b.text for b in publication_badges(("Clinical Trial, Phase II",))] == ["Clinical Trial"]
    assert item_badges(Link(LinkKind.CITED_BY, 1, in_library=4, publication_types=("Review",)))[0] == IN_LIBRARY
    assert IN_LIBRARY not in item_badges(Link(LinkKind.CITED_BY, 1, publication_types=("Review",)))


def test_badge_colours_come_from_the_palette(qapp):
    light, dark = QPalette(), QPalette()
    for role, colour in ((QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.Text, "#eeeeee"),
                         (QPalette.ColorRole.Window, "#2b2b2b")):
        dark.setColor(role, colour)
    light.setColor(QPalette.ColorRole.Base, "#ffffff")
    light.setColor(QPalette.ColorRole.Text, "#000000")
    for badge in publication_badges(("Review", "Free PMC article", "Retracted Publication")):
        for palette in (light, dark):
            fill, _border, text = badge_colours(badge, palette, selected=False)
            assert abs(fill.lightness() - text.lightness()) > 120, (badge.text, fill.name(), text.name())
    fill, _border, text = badge_colours(IN_LIBRARY, light, selected=False)
    assert IN_LIBRARY.style is BadgeStyle.ACCENT and fill == light.color(QPalette.ColorRole.Highlight)


def test_titles_wrap_to_two_lines_at_most(qapp):
    font = QFont()
    lines = title_lines(LONG, font, 300)
    assert len(lines) == 2 and lines[-1].endswith("\u2026")
    assert title_lines("Short title", font, 300) == ["Short title"]


def test_rows_grow_with_the_title_but_not_past_two_lines(qtbot):
    view = QListView()
    qtbot.addWidget(view)
    view.resize(420, 400)
    model = LinkListModel(LinkKind.SIMILAR, parent=view)
    model.set_links([Link(LinkKind.SIMILAR, 1, 1, title="Short"), Link(LinkKind.SIMILAR, 2, 2, title=LONG),
                     Link(LinkKind.SIMILAR, 3, 3, title=LONG * 3, citation="Cancer Res. 2001.")])
    view.setModel(model)
    delegate = LinkItemDelegate(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.widget = view
    short, long, longer = (delegate.sizeHint(option, model.index(r)).height() for r in range(3))
    assert short < long
    assert longer - long == view.fontMetrics().lineSpacing() + 2  # only the citation line more


def test_a_dark_palette_reaches_the_hint_and_the_message_bar(qapp, qtbot, seed_window):
    from PySide6.QtGui import QColor

    from refdesk.ui.palette import Tone

    seed_window.show_message("Import finished.", Tone.SUCCESS)
    light_sheet = seed_window.message_bar.styleSheet()
    light_header = seed_window.detail.header.text()
    dark = QPalette(qapp.palette())
    for role, colour in ((QPalette.ColorRole.Window, "#2b2d30"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                         (QPalette.ColorRole.Base, "#1e1f22"), (QPalette.ColorRole.Text, "#e6e6e6")):
        dark.setColor(role, QColor(colour))
    original = qapp.palette()
    qapp.setPalette(dark)
    try:
        qtbot.waitUntil(lambda: seed_window.message_bar.styleSheet() != light_sheet, timeout=2000)
        qtbot.waitUntil(lambda: seed_window.detail.header.text() != light_header, timeout=2000)  # the hint's grey
    finally:
        qapp.setPalette(original)
