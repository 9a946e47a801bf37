"""The command line: subcommands over the same service the GUI uses.

Exit status: 0 when everything succeeded, 1 when some items failed (each
named on stderr with its reason), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .desktop_entry import install, uninstall
from .errors import RefDeskError
from .model import ExportFormat, ExportTarget, ImportReport, LinkKind, Outcome, Paper, Query, View

if TYPE_CHECKING:  # the services are handed in by the app; importing them here would slow --help
    from .services import Services

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="library file or sqlite:/// URL (default: REFDESK_DB or the user data directory)")
    parser.add_argument("--eutils-url", metavar="URL", help="NCBI E-utilities base URL (default: REFDESK_EUTILS_URL or NCBI)")
    parser.add_argument("--no-demo", action="store_true", help="open a new library empty, without the demo paper")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="refdesk", description="RefDesk: a reference manager for biomedical research.")
    parser.add_argument("--version", action="version", version=f"RefDesk {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    add_common_options(common)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("add", parents=[common], help="add papers by PMID, DOI, PMCID or PubMed/doi.org URL")
    p.add_argument("ids", nargs="+", metavar="ID")
    p = sub.add_parser("import", parents=[common], help="import .nbib/MEDLINE, RIS, BibTeX or PubMed page files")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p = sub.add_parser("export", parents=[common], help="export BibTeX (or BibLaTeX, RIS)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")
    p.add_argument("--biblatex", action="store_true", help="BibLaTeX instead of BibTeX")
    p.add_argument("--ris", action="store_true", help="RIS instead of BibTeX")
    p.add_argument("--keys", nargs="+", metavar="KEY", help="only these citation keys")
    p.add_argument("--search", metavar="QUERY", help="only papers matching this search")
    p.add_argument("--watch", action="store_true", help="keep FILE up to date until stopped (needs -o)")
    p = sub.add_parser("search", parents=[common], help="full-text search")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=50)
    p = sub.add_parser("show", parents=[common], help="show a paper with its abstract, similar and cited-by lists")
    p.add_argument("pmid", metavar="PMID|KEY")
    p = sub.add_parser("list", parents=[common], help="list papers")
    p.add_argument("--trash", action="store_true", help="list the trash")
    p.add_argument("--limit", type=int, default=0, help="at most this many (0: all)")
    p = sub.add_parser("delete", parents=[common], help="move papers to the trash")
    p.add_argument("refs", nargs="+", metavar="PMID|KEY")
    p.add_argument("--purge", action="store_true", help="delete for good (only papers already in the trash)")
    p = sub.add_parser("restore", parents=[common], help="restore papers from the trash")
    p.add_argument("refs", nargs="+", metavar="PMID|KEY")
    p = sub.add_parser("refresh", parents=[common], help="re-fetch papers from PubMed (metadata and links)")
    p.add_argument("refs", nargs="*", metavar="PMID|KEY", help="default: every paper with a PMID")
    p = sub.add_parser("key", parents=[common], help="set or regenerate citation keys")
    p.add_argument("ref", metavar="PMID|KEY")
    p.add_argument("new_key", nargs="?", help="the new key (omit with --regenerate)")
    p.add_argument("--regenerate", action="store_true", help="recompute the key from the pattern")
    p = sub.add_parser("install-desktop", parents=[common], help="install the desktop entry, icons and file associations")
    p.add_argument("--uninstall", action="store_true")
    return parser


def run(args: argparse.Namespace, services: Services, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    handler = COMMANDS[args.command]
    try:
        return handler(args, services, out, err)
    except RefDeskError as exc:
        print(f"refdesk: {exc}", file=err)
        return EXIT_FAILED


def _report(report: ImportReport, out: TextIO, err: TextIO) -> int:
    for item in report.items:
        stream = err if item.outcome in (Outcome.FAILED, Outcome.NOT_FOUND) else out
        print(item.line(), file=stream)
    for warning in report.warnings:
        print(f"warning: {warning}", file=err)
    print(report.summary(), file=err)
    return EXIT_OK if report.ok and not report.cancelled else EXIT_FAILED


def cmd_add(args, services: Services, out, err) -> int:
    return _report(services.importer.add_identifiers(" ".join(args.ids)), out, err)


def cmd_import(args, services: Services, out, err) -> int:
    return _report(services.importer.import_files(args.files), out, err)


def cmd_refresh(args, services: Services, out, err) -> int:
    ids = [_resolve(services, r) for r in args.refs] if args.refs else services.library.ids()
    return _report(services.importer.refresh(ids), out, err)


def cmd_export(args, services: Services, out, err) -> int:
    fmt = ExportFormat.RIS if args.ris else ExportFormat.BIBLATEX if args.biblatex else ExportFormat.BIBTEX
    exporter = services.exporter
    if args.watch:
        if not args.output:
            print("refdesk: --watch needs -o FILE", file=err)
            return EXIT_USAGE
        return _watch(services, args.output, fmt, args.search or "", out)
    ids = None
    if args.keys:
        ids = []
        for key in args.keys:
            paper = services.library.find_citekey(key)
            if paper is None:
                print(f"not found: citation key {key}", file=err)
                return EXIT_FAILED
            ids.append(paper.id)
    text = exporter.export_text(fmt, ids=ids, search=args.search or "")
    if args.output:
        changed = exporter.write_file(args.output, text)
        print(f"{'wrote' if changed else 'unchanged'}: {args.output}", file=err)
    else:
        out.write(text)
    return EXIT_OK


def _watch(services: Services, path: Path, fmt: ExportFormat, search: str, out) -> int:
    target = ExportTarget(str(path.resolve()), fmt, search)
    print(f"keeping {path} up to date; stop with Ctrl+C", file=out, flush=True)
    try:
        services.exporter.watch([target], poll_seconds=0.25)
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def cmd_search(args, services: Services, out, err) -> int:
    rows = services.library.rows(Query(search=args.query), 0, args.limit)
    for row in rows:
        print(_row_line(row), file=out)
    if not rows:
        print(f"no papers match {args.query!r}", file=err)
    return EXIT_OK


def cmd_list(args, services: Services, out, err) -> int:
    query = Query(view=View.TRASH if args.trash else View.ALL)
    limit = args.limit or services.library.count(query)
    for row in services.library.rows(query, 0, max(limit, 1)):
        print(_row_line(row), file=out)
    return EXIT_OK


def _row_line(row) -> str:
    pmid = f"PMID {row.pmid}" if row.pmid else "no PMID"
    year = row.year or "n.d."
    return f"{row.citekey:<28} {pmid:<14} {year}  {row.title}"


def cmd_show(args, services: Services, out, err) -> int:
    paper = services.library.get(_resolve(services, args.pmid))
    print(format_paper(paper), file=out)
    return EXIT_OK


def format_paper(paper: Paper) -> str:
    lines = [paper.title]
    if paper.vernacular_title:
        lines.append(paper.vernacular_title)
    if paper.authors:
        lines.append(", ".join(a.display_name for a in paper.authors))
    if paper.citation:
        lines.append(paper.citation)
    ids = [f"PMID: {paper.pmid}" if paper.pmid else "", f"DOI: {paper.doi}" if paper.doi else "",
           f"PMCID: {paper.pmcid}" if paper.pmcid else "", f"Key: {paper.citekey}" if paper.citekey else ""]
    lines.append("  ".join(i for i in ids if i))
    for notice in paper.notices:
        if notice.is_warning:
            lines.append(f"!! {notice.kind}: {notice.text}")
    lines.append("")
    lines.append("Abstract")
    lines.append(paper.abstract_text or "No abstract available.")
    for kind, heading in ((LinkKind.SIMILAR, "Similar articles"), (LinkKind.CITED_BY, "Cited by"),
                          (LinkKind.REFERENCES, "References")):
        links = paper.links_of(kind)
        lines.append("")
        lines.append(f"{heading} ({len(links)})")
        for link in links:
            mark = "*" if link.in_library else "-"
            text = link.title or link.citation or "(title not fetched yet)"
            cite = f" {link.citation}" if link.title and link.citation else ""
            lines.append(f" {mark} {text}{cite} PMID: {link.pmid}")
    if paper.publication_types:
        lines += ["", "Publication types: " + "; ".join(paper.publication_types)]
    if paper.mesh:
        lines += ["", "MeSH terms: " + "; ".join(str(m) for m in paper.mesh)]
    if paper.substances:
        lines += ["", "Substances: " + "; ".join(paper.substances)]
    return "\n".join(lines)


def _resolve(services: Services, ref: str) -> int:
    """A library id from a PMID or a citation key."""
    paper = services.library.find_pmid(int(ref)) if ref.isdigit() else None
    paper = paper or services.library.find_citekey(ref)
    if paper is None or paper.id is None:
        raise RefDeskError(f"not found: {ref} is not in the library")
    return paper.id


def cmd_delete(args, services: Services, out, err) -> int:
    ids = [_resolve(services, r) for r in args.refs]
    if args.purge:
        count = services.library.purge(ids)
        print(f"deleted for good: {count}", file=out)
        return EXIT_OK if count == len(ids) else EXIT_FAILED
    print(f"moved to the trash: {services.library.trash(ids)}", file=out)
    return EXIT_OK


def cmd_restore(args, services: Services, out, err) -> int:
    print(f"restored: {services.library.restore([_resolve(services, r) for r in args.refs])}", file=out)
    return EXIT_OK


def cmd_key(args, services: Services, out, err) -> int:
    paper_id = _resolve(services, args.ref)
    if args.regenerate:
        changed = services.library.regenerate_citekeys([paper_id])
        print(changed.get(paper_id) or services.library.get(paper_id).citekey, file=out)
        return EXIT_OK
    if not args.new_key:
        print("refdesk: give the new key, or --regenerate", file=err)
        return EXIT_USAGE
    print(services.library.set_citekey(paper_id, args.new_key).citekey, file=out)
    return EXIT_OK


def cmd_install_desktop(args, services: Services, out, err) -> int:
    paths = uninstall() if args.uninstall else install()
    for path in paths:
        print(path, file=out)
    return EXIT_OK


COMMANDS: dict[str, Callable[..., int]] = {
    "add": cmd_add,
    "import": cmd_import,
    "export": cmd_export,
    "search": cmd_search,
    "show": cmd_show,
    "list": cmd_list,
    "delete": cmd_delete,
    "restore": cmd_restore,
    "refresh": cmd_refresh,
    "key": cmd_key,
    "install-desktop": cmd_install_desktop,
}
