"""The detail area: header links, abstract, linked-paper panes, details and notices."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from conftest import SEED_PMID
from paper_factory import make_paper
from refdesk.model import AbstractSection, Link, LinkKind, Notice, Outcome
from refdesk.ui.detail_view import abstract_html, details_html, header_html
from refdesk.ui.link_list import LinkListModel


def _index_of(pane, pmid):
    for row in range(pane.model.rowCount()):
        if pane.model.link(row).pmid == pmid:
            return pane.model.index(row, 0)
    raise AssertionError(f"PMID {pmid} not listed")


def test_header_renders_inline_markup_and_links(seed_window, opened_urls):
    paper = make_paper(1, title_markup="IL-6<sup>+</sup> cells in <i>Mus musculus</i>")
    html = header_html(paper)
    assert "<sup>+</sup>" in html and "<i>Mus musculus</i>" in html
    assert "https://pubmed.ncbi.nlm.nih.gov/30000001/" in html
    assert "https://doi.org/10.1000/test.1" in html
    assert "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9000001/" in html
    seed_window.detail.header.linkActivated.emit("https://pubmed.ncbi.nlm.nih.gov/11751408/")
    assert opened_urls == ["https://pubmed.ncbi.nlm.nih.gov/11751408/"]


def test_structured_abstract_labels_are_bold():
    paper = make_paper(1)
    html = abstract_html(paper)
    assert "<b>BACKGROUND:</b> Background text." in html
    assert "<b>RESULTS:</b>" in html
    assert "No abstract available." in abstract_html(dataclasses.replace(paper, abstract=()))


def test_the_seed_shows_its_abstract_and_linked_counts(seed_window):
    detail = seed_window.detail
    assert detail.paper.pmid == SEED_PMID
    assert "autocrine production of IL-6" in detail.abstract.toPlainText()
    titles = [detail.tabs.tabText(i) for i in range(detail.tabs.count())]
    assert titles == ["Abstract", "Similar (5)", "Cited by (5)", "References", "Details"]


def test_similar_articles_keep_pubmeds_order(seed_window):
    pane = seed_window.detail.panes[LinkKind.SIMILAR]
    seed_window.detail.open_tab(LinkKind.SIMILAR)
    ranks = [pane.model.link(r).rank for r in range(pane.model.rowCount())]
    assert ranks == sorted(ranks) and len(ranks) == 5
    assert pane.model.link(0).pmid == 11501838
    assert pane.stack.currentIndex() == 0


def test_score_indicator_is_relative_to_the_best():
    model = LinkListModel(LinkKind.SIMILAR)
    model.set_links([Link(LinkKind.SIMILAR, 1, 1, 90.0, title="a"), Link(LinkKind.SIMILAR, 2, 2, 45.0, title="b")])
    assert model.relative_score(model.link(0)) == 1.0
    assert model.relative_score(model.link(1)) == 0.5


def test_link_list_model_passes_qtmodeltester(qtmodeltester):
    model = LinkListModel(LinkKind.CITED_BY)
    model.set_links([Link(LinkKind.CITED_BY, 1, 1, title="a", in_library=3), Link(LinkKind.CITED_BY, 2, 2)])
    qtmodeltester.check(model, force_py=True)


def test_double_click_imports_a_listed_paper_then_marks_and_opens_it(qtbot, seed_window, demo_services):
    detail = seed_window.detail
    detail.open_tab(LinkKind.CITED_BY)
    pane = detail.panes[LinkKind.CITED_BY]
    index = _index_of(pane, 22416214)
    assert pane.model.link(index.row()).in_library is None
    with qtbot.waitSignal(seed_window.import_finished, timeout=20000) as blocker:
        pane.list_view.doubleClicked.emit(index)
    new_id = blocker.args[0].paper_ids[0]
    assert demo_services.library.find_pmid(22416214).id == new_id
    # Back to the seed: the cited-by list now marks the imported paper.
    seed = demo_services.library.find_pmid(SEED_PMID)
    seed_window.select_ids([seed.id])
    detail.open_tab(LinkKind.CITED_BY)
    index = _index_of(pane, 22416214)
    assert pane.model.link(index.row()).in_library == new_id
    assert pane.model.index(index.row(), 0).data(Qt.ItemDataRole.DecorationRole) is not None
    pane.list_view.doubleClicked.emit(index)
    assert seed_window.detail.paper.id == new_id
    assert seed_window.selected_ids() == [new_id]


def test_import_selected_takes_a_multi_selection(qtbot, seed_window, demo_services):
    detail = seed_window.detail
    detail.open_tab(LinkKind.SIMILAR)
    pane = detail.panes[LinkKind.SIMILAR]
    pane.list_view.selectAll()
    assert pane.import_button.isEnabled()
    with qtbot.waitSignal(seed_window.import_finished, timeout=20000) as blocker:
        qtbot.mouseClick(pane.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].count(Outcome.ADDED) == 5
    assert demo_services.library.count() == 6


def test_titles_of_listed_papers_are_fetched_when_the_pane_opens(qtbot, make_window, net_services, eutils_server):
    links = tuple(Link(LinkKind.CITED_BY, 22416214 + k, k + 1) for k in range(3))
    net_services.library.add_papers([make_paper(1, links=links, notices=())])
    window = make_window(net_services)
    window.select_ids(net_services.library.ids())
    assert eutils_server.count("esummary") == 0, "titles are fetched only when a pane is opened"
    pane = window.detail.panes[LinkKind.CITED_BY]
    window.detail.open_tab(LinkKind.CITED_BY)
    assert "Loading titles" in pane.status.text()
    qtbot.waitUntil(lambda: all(pane.model.link(r).title for r in range(pane.model.rowCount())), timeout=10000)
    assert eutils_server.count("esummary") >= 1
    assert "Loading" not in pane.status.text()


def test_a_failed_title_fetch_offers_retry(qtbot, make_window, services):
    links = tuple(Link(LinkKind.SIMILAR, 22416214 + k, k + 1) for k in range(2))
    services.library.add_papers([make_paper(1, links=links, notices=())])
    window = make_window(services)  # PubMed unreachable
    window.select_ids(services.library.ids())
    window.detail.open_tab(LinkKind.SIMILAR)
    pane = window.detail.panes[LinkKind.SIMILAR]
    qtbot.waitUntil(lambda: pane.retry_button.isVisible(), timeout=10000)
    assert "Could not load titles" in pane.status.text()
    assert pane.model.index(0, 0).data() == "PMID 22416214"  # never a blank row


def test_a_pane_never_fetched_offers_fetch_and_then_fills(qtbot, seed_window, demo_services, eutils_server):
    detail = seed_window.detail
    detail.open_tab(LinkKind.REFERENCES)
    pane = detail.panes[LinkKind.REFERENCES]
    assert pane.stack.currentIndex() == 1
    assert pane.fetch_button.isVisible() and pane.fetch_button.isEnabled()
    assert "No references" in pane.placeholder.text()
    with qtbot.waitSignal(seed_window.import_finished, timeout=20000):
        qtbot.mouseClick(pane.fetch_button, Qt.MouseButton.LeftButton)
        assert "Fetching" in pane.placeholder.text()
    assert eutils_server.count("elink") >= 1
    seed = demo_services.library.find_pmid(SEED_PMID)
    if seed.links_of(LinkKind.REFERENCES):
        assert pane.stack.currentIndex() == 0
    else:
        assert pane.fetch_button.isVisible()


def test_details_mark_major_mesh_and_notices_get_a_banner(make_window, services):
    paper = make_paper(1, notices=(Notice("RetractionIn", "Cancer Res. 2003;63:1.", 12000000),))
    services.library.add_papers([paper])
    window = make_window(services)
    window.select_ids(services.library.ids())
    html = details_html(services.library.get(services.library.ids()[0]))
    assert "<b>Interleukin-6*/metabolism</b>" in html
    assert "Journal Article" in html and "multidrug resistance" in html and "eng" in html
    assert window.detail.notice_banner.isVisible()
    assert "Retraction in" in window.detail.notice_banner.text()


def test_no_selection_and_many_selected_say_so(make_window, services):
    services.library.add_papers([make_paper(1, links=()), make_paper(2, links=())])
    window = make_window(services)
    assert window.detail.stack.currentIndex() == 0
    assert "Select a paper" in window.detail.placeholder.text()
    window.table.selectAll()
    assert "2 papers selected" in window.detail.placeholder.text()


def test_empty_abstract_says_so(make_window, services):
    services.library.add_papers([make_paper(1, abstract=(), links=())])
    window = make_window(services)
    window.select_ids(services.library.ids())
    assert window.detail.abstract.toPlainText().strip() == "No abstract available."


def test_a_structured_abstract_in_the_window(make_window, services):
    services.library.add_papers([make_paper(1, abstract=(AbstractSection("We looked.", "METHODS"),), links=())])
    window = make_window(services)
    window.select_ids(services.library.ids())
    assert "METHODS: We looked." in window.detail.abstract.toPlainText()


def test_header_shows_authors_then_the_citation_then_the_links():
    html = header_html(make_paper(1))
    assert html.index("Akgün A") < html.index("Cancer Res. 2002 Dec 15;61(24):8851-8.") < html.index("PMID:")
    assert "Refresh from PubMed" not in html


def test_a_long_author_list_is_shortened_and_expands(seed_window, demo_services):
    from refdesk.model import Author
    from refdesk.ui.detail_view import SHOW_ALL, SHOW_FEWER

    authors = tuple(Author(f"Name{k}", initials="A") for k in range(20))
    html = header_html(make_paper(1, authors=authors))
    assert "Name4 A" in html and "Name10 A" not in html and "Name19 A" in html and "show all 20" in html
    expanded = header_html(make_paper(1, authors=authors), expanded=True)
    assert "Name10 A" in expanded and "show fewer" in expanded
    detail = seed_window.detail
    detail.show_paper(make_paper(1, authors=authors))
    detail.open_link(SHOW_ALL)
    assert "Name10 A" in detail.header.text()
    detail.open_link(SHOW_FEWER)
    assert "Name10 A" not in detail.header.text()


def test_the_page_text_seed_offers_a_refresh_for_authors_and_journal(qtbot, seed_window, opened_urls):
    from refdesk.ui.detail_view import REFRESH_LINK

    detail = seed_window.detail
    assert detail.paper.source == "pubmed-page" and not detail.paper.authors
    assert "Imported from the PubMed page text" in detail.header.text()
    assert "Refresh from PubMed" in detail.header.text()
    with qtbot.waitSignal(detail.refresh_requested) as blocker:
        detail.open_link(REFRESH_LINK)
    assert blocker.args == [detail.paper.id]
    assert opened_urls == []


def test_titles_arrive_while_a_long_import_is_still_running(qtbot, make_window, net_services, eutils_server):
    from dnd import drop, text_mime

    links = tuple(Link(LinkKind.CITED_BY, 22416214 + k, k + 1) for k in range(3))
    net_services.library.add_papers([make_paper(1, links=links, notices=())])
    window = make_window(net_services)
    window.select_ids(net_services.library.ids())
    eutils_server.delay = 0.15
    net_services.importer.pubmed.batch_size = 20
    drop(window.table.viewport(), text_mime("\n".join(str(30000000 + 7 * k) for k in range(200))))
    qtbot.waitUntil(lambda: window.progress.bar.value() >= 20, timeout=20000)
    pane = window.detail.panes[LinkKind.CITED_BY]
    window.detail.open_tab(LinkKind.CITED_BY)
    qtbot.waitUntil(lambda: all(pane.model.link(r).title for r in range(pane.model.rowCount())), timeout=10000)
    assert window.progress.isVisible(), "the titles waited for the import to finish"
    with qtbot.waitSignal(window.import_finished, timeout=30000):
        qtbot.mouseClick(window.progress.cancel_button, Qt.MouseButton.LeftButton)
