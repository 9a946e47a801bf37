"""The library's tables, as typed SQLAlchemy 2.x declarative models.

Lists that belong to a paper (authors, MeSH headings, terms, notices, links)
live in child tables, ordered by ``position``/``rank``; they are read and
written in bulk by ``paper_loader`` and ``paper_writer``.  A few denormalised
text columns on ``papers`` (``authors_text``, ``mesh_text`` ...) feed the
full-text index and the table's sort order; the repository keeps them in step
with the child rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .columns import SORT_COLUMNS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)



class PaperRecord(Base):
    __tablename__ = "papers"
    __table_args__ = tuple(Index(f"ix_papers_view_{name}", "trashed_at", name) for name in SORT_COLUMNS.values())

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pmid: Mapped[int | None] = mapped_column(Integer, unique=True)
    #: Not unique: PubMed has distinct records (PMIDs) that carry the same DOI.
    doi: Mapped[str | None] = mapped_column(String(255), index=True)
    pmcid: Mapped[str | None] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="article")
    title: Mapped[str] = mapped_column(Text, default="")
    title_markup: Mapped[str] = mapped_column(Text, default="")
    vernacular_title: Mapped[str] = mapped_column(Text, default="")
    abstract: Mapped[list] = mapped_column(JSON, default=list)
    abstract_text: Mapped[str] = mapped_column(Text, default="")
    journal: Mapped[str] = mapped_column(Text, default="")
    journal_iso: Mapped[str] = mapped_column(String(255), default="")
    book_title: Mapped[str] = mapped_column(Text, default="")
    publisher: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[int | None] = mapped_column(Integer)
    date_text: Mapped[str] = mapped_column(String(64), default="")
    volume: Mapped[str] = mapped_column(String(64), default="")
    issue: Mapped[str] = mapped_column(String(64), default="")
    pages: Mapped[str] = mapped_column(String(64), default="")
    issn: Mapped[str] = mapped_column(String(32), default="")
    language: Mapped[str] = mapped_column(String(32), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    extra_fields: Mapped[list] = mapped_column(JSON, default=list)
    citekey: Mapped[str | None] = mapped_column(String(255), unique=True)
    citekey_pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(32), default="")
    added: Mapped[datetime] = mapped_column(DateTime)
    updated: Mapped[datetime] = mapped_column(DateTime)
    trashed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Denormalised text for sorting and the full-text index.
    authors_short: Mapped[str] = mapped_column(Text, default="")
    authors_text: Mapped[str] = mapped_column(Text, default="")
    mesh_text: Mapped[str] = mapped_column(Text, default="")
    keywords_text: Mapped[str] = mapped_column(Text, default="")
    title_sort: Mapped[str] = mapped_column(String(255), default="")
    authors_sort: Mapped[str] = mapped_column(String(255), default="")
    journal_sort: Mapped[str] = mapped_column(String(255), default="")


class AuthorRecord(Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16), default="author")
    last: Mapped[str] = mapped_column(Text, default="")
    fore: Mapped[str] = mapped_column(Text, default="")
    initials: Mapped[str] = mapped_column(String(32), default="")
    suffix: Mapped[str] = mapped_column(String(32), default="")
    collective: Mapped[str] = mapped_column(Text, default="")
    orcid: Mapped[str] = mapped_column(String(64), default="")
    affiliations: Mapped[list] = mapped_column(JSON, default=list)


class MeshRecord(Base):
    __tablename__ = "mesh_headings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    descriptor: Mapped[str] = mapped_column(Text)
    major: Mapped[bool] = mapped_column(Boolean, default=False)
    #: ``[[name, major], ...]``
    qualifiers: Mapped[list] = mapped_column(JSON, default=list)


class TermRecord(Base):
    """Publication types, keywords and substances: a kind and a value."""

    __tablename__ = "terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(Text)


class NoticeRecord(Base):
    """Comments, errata, retractions (PubMed's CommentsCorrections)."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    pmid: Mapped[int | None] = mapped_column(Integer)


class LinkRecord(Base):
    """A PMID listed on a paper's page; the target need not be in the library."""

    __tablename__ = "links"
    __table_args__ = (UniqueConstraint("paper_id", "kind", "target_pmid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    rank: Mapped[int] = mapped_column(Integer)
    target_pmid: Mapped[int] = mapped_column(Integer, index=True)
    score: Mapped[float | None] = mapped_column(Float)
    #: The citation text PubMed gives for a reference, when there is one.
    citation: Mapped[str] = mapped_column(Text, default="")


class LinkedPaperRecord(Base):
    """What is known of a linked paper that may not be in the library.

    Filled from the page a link came from, or from a batched ESummary when a
    pane is opened; kept so that the panes render offline.
    """

    __tablename__ = "linked_papers"

    pmid: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(Text, default="")
    journal: Mapped[str] = mapped_column(Text, default="")
    citation: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer)
    doi: Mapped[str] = mapped_column(String(255), default="")
    authors: Mapped[str] = mapped_column(Text, default="")
    publication_types: Mapped[list] = mapped_column(JSON, default=list)
    fetched: Mapped[datetime] = mapped_column(DateTime)


class ExportTargetRecord(Base):
    """A file kept up to date with (part of) the library."""

    __tablename__ = "export_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text, unique=True)
    format: Mapped[str] = mapped_column(String(16), default="bibtex")
    search: Mapped[str] = mapped_column(Text, default="")


class EntryCacheRecord(Base):
    """A paper's rendered BibTeX/BibLaTeX entry, per export variant.

    Exporting 100,000 papers would otherwise load and render every paper each
    time.  The repository deletes a paper's entries whenever the paper or its
    key changes, in the same transaction.
    """

    __tablename__ = "entry_cache"

    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True)
    variant: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
