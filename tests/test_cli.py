"""The command line, run as a real process on a temporary library."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


def refdesk(*args: str, env: dict | None = None, check_code: int | None = 0) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    result = subprocess.run([sys.executable, "-m", "refdesk", *args], capture_output=True, text=True,
                            env=full_env, timeout=120)
    if check_code is not None:
        assert result.returncode == check_code, result.stderr
    return result


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "cli.sqlite")


def test_add_against_the_replay_server_adds_known_papers_and_reports_the_rest(db, eutils_server):
    env = {"REFDESK_EUTILS_URL": eutils_server.url, "NCBI_EMAIL": "test@example.org"}
    result = refdesk("add", "--db", db, "--no-demo", "11748933", "11700088", "10.1093/xyz", "PMC1234",
                     "https://pubmed.ncbi.nlm.nih.gov/12091962/", env=env, check_code=1)
    assert "added: PMID 11748933" in result.stdout
    assert "added: PMID 11700088" in result.stdout
    assert "added: PMID 12091962" in result.stdout
    assert "not found: doi:10.1093/xyz" in result.stderr
    assert "not found: PMC1234" in result.stderr
    assert all(r.get("tool") == "refdesk" and r.get("email") == "test@example.org" for r in eutils_server.requests)

    shown = refdesk("show", "--db", db, "11748933").stdout
    assert "Abstract" in shown and "Similar articles (" in shown and "Cited by (" in shown and "References (" in shown
    assert "PMID: 11748933" in shown

    again = refdesk("add", "--db", db, "11748933", env=env)
    assert "unchanged: PMID 11748933" in again.stdout


def test_first_run_shows_the_seed_paper(db):
    result = refdesk("show", "--db", db, "11751408")
    assert "Autocrine production of interleukin 6" in result.stdout
    assert "Similar articles (5)" in result.stdout and "Cited by (5)" in result.stdout
    assert "PMID: 11501838" in result.stdout


def test_import_list_search_delete_restore(db):
    imported = refdesk("import", "--db", db, "--no-demo", str(DATA / "medline" / "biopython_pubmed_result2.txt"))
    assert imported.stdout.count("added:") == 4
    assert len(refdesk("list", "--db", db).stdout.splitlines()) == 4
    found = refdesk("search", "--db", db, "pytho").stdout  # prefix search
    assert found.strip()
    first_pmid = found.split("PMID ")[1].split()[0]
    refdesk("delete", "--db", db, first_pmid)
    assert len(refdesk("list", "--db", db).stdout.splitlines()) == 3
    assert first_pmid in refdesk("list", "--db", db, "--trash").stdout
    refdesk("restore", "--db", db, first_pmid)
    assert len(refdesk("list", "--db", db).stdout.splitlines()) == 4


def test_export_to_a_file_and_to_stdout(db, tmp_path):
    refdesk("import", "--db", db, str(DATA / "medline" / "biopython_pubmed_result3.txt"))
    out = tmp_path / "refs.bib"
    result = refdesk("export", "--db", db, "-o", str(out))
    assert "wrote" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("@article{") and "pmid = {11751408}" in text and "pmid = {23039619}" in text
    assert "unchanged" in refdesk("export", "--db", db, "-o", str(out)).stderr
    biblatex = refdesk("export", "--db", db, "--biblatex").stdout
    assert "eprinttype = {pubmed}" in biblatex and "journaltitle = {" in biblatex


def test_a_failed_file_exits_1_and_names_it(db, tmp_path):
    broken = tmp_path / "broken.ris"
    broken.write_bytes(b"\x00\x01\x02 binary")
    result = refdesk("import", "--db", db, str(broken), check_code=1)
    assert "broken.ris" in result.stderr


def test_usage_errors_exit_2(db):
    assert refdesk("add", check_code=2).returncode == 2
    assert refdesk("export", "--db", db, "--nonsense", check_code=2).returncode == 2


def test_text_without_identifiers_fails_clearly(db):
    result = refdesk("add", "--db", db, "hello", check_code=1)
    assert "No PubMed ID" in result.stderr


def test_a_foreign_file_is_refused_and_kept(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("keep me")
    result = refdesk("list", "--db", str(path), check_code=1)
    assert "not a RefDesk library" in result.stderr
    assert path.read_text() == "keep me"


def test_refdesk_db_environment_variable(tmp_path):
    path = tmp_path / "env.sqlite"
    refdesk("list", env={"REFDESK_DB": str(path)})
    assert path.exists()


def test_keys_can_be_set_and_are_unique(db):
    refdesk("list", "--db", db)
    assert refdesk("key", "--db", db, "11751408", "conze2001il6").stdout.strip() == "conze2001il6"
    assert "conze2001il6" in refdesk("export", "--db", db, "--keys", "conze2001il6").stdout
    bad = refdesk("key", "--db", db, "11751408", "has space", check_code=1)
    assert "space" in bad.stderr.lower()


def test_options_may_come_before_the_command(db):
    result = refdesk("--db", db, "list")
    assert "autocrine" in result.stdout
