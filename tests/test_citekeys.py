"""Citation keys from patterns, unique suffixes and key validation."""

from __future__ import annotations

import pytest

from refdesk.citekeys import (
    DEFAULT,
    InvalidKeyError,
    InvalidPatternError,
    fold_ascii,
    generate_key,
    unique_key,
    validate_key,
    validate_pattern,
)
from refdesk.errors import FormatError
from refdesk.model import Author, Paper
from refdesk.settings import Settings

CONZE = Paper(
    title="Autocrine production of interleukin 6 causes multidrug resistance in breast cancer cells",
    authors=(Author(last="Conze", fore="D"), Author(last="Weiss", fore="L"), Author(last="Regen", fore="PS")),
    year=2001,
    journal="Cancer research",
    journal_iso="Cancer Res.",
    pmid=11751408,
)


def test_default_pattern_gives_the_familiar_key():
    assert DEFAULT == Settings().citekey_pattern
    assert generate_key(CONZE) == "conze2001autocrine"


@pytest.mark.parametrize(
    ("pattern", "key"),
    [
        ("[auth]", "Conze"),
        ("[auth:upper]", "CONZE"),
        ("[authors2]", "ConzeEtAl"),
        ("[year]", "2001"),
        ("[shorttitle]", "Autocrine"),
        ("[shorttitle3]", "AutocrineProductionInterleukin"),
        ("[veryshorttitle:lower]", "autocrine"),
        ("[journal]", "CancerRes"),
        ("[pmid]", "11751408"),
        ("[auth]_[year]:[pmid]", "Conze_2001:11751408"),
        ("pm[pmid]", "pm11751408"),
    ],
)
def test_pattern_fields(pattern, key):
    assert generate_key(CONZE, pattern) == key


def test_authors2_with_one_and_two_authors():
    one = Paper(authors=(Author(last="Conze"),))
    two = Paper(authors=(Author(last="conze"), Author(last="Weiss")))
    assert generate_key(one, "[authors2]") == "Conze"
    assert generate_key(two, "[authors2]") == "ConzeWeiss"


def test_function_words_and_numbers_are_skipped():
    paper = Paper(title="The 2 roles of a TERT variant in the cell", authors=(Author(last="Li"),), year=2020)
    assert generate_key(paper, "[shorttitle3]") == "RolesTERTVariant"
    assert generate_key(paper) == "li2020roles"


@pytest.mark.parametrize(
    ("last", "folded"),
    [
        ("Rincón", "rincon"),
        ("Østergaard", "ostergaard"),
        ("Straße", "strasse"),
        ("Şahin", "sahin"),
        ("Akgün", "akgun"),
        ("Doğan", "dogan"),
        ("Łukasz", "lukasz"),
        ("Þórsdóttir", "thorsdottir"),
        ("Montalbán-López", "montalbanlopez"),
        ("O'Neil", "oneil"),
        ("van der Berg", "vanderberg"),
    ],
)
def test_keys_are_ascii_letters_and_digits(last, folded):
    key = generate_key(Paper(authors=(Author(last=last),), year=1999), "[auth:lower][year]")
    assert key == folded + "1999"
    assert validate_key(key) == key


def test_greek_letters_are_spelled_out():
    assert fold_ascii("α-synuclein") == "alpha-synuclein"
    paper = Paper(title="β-Amyloid plaques", authors=(Author(last="Ng"),), year=2010)
    assert generate_key(paper) == "ng2010betaamyloid"


def test_fallbacks_without_author_or_year():
    untitled = Paper()
    assert generate_key(untitled) == "anon"
    no_author = Paper(title="Global burden of disease", year=2019)
    assert generate_key(no_author) == "2019global"  # as BBT and JabRef: [auth] is empty
    no_year = Paper(title="Global burden of disease", authors=(Author(last="Murray"),))
    assert generate_key(no_year) == "murrayglobal"


def test_collective_author_gives_its_first_significant_word():
    paper = Paper(title="Risk", authors=(Author(collective="The Australian Ovarian Cancer Study Group"),), year=2005)
    assert generate_key(paper) == "australian2005risk"


def test_literal_text_keeps_only_key_characters():
    assert generate_key(CONZE, "[auth] {x}%[year]") == "Conzex2001"


@pytest.mark.parametrize("pattern", ["[foo]", "[auth:shout]", "[auth", "plain text"])
def test_bad_patterns_are_rejected(pattern):
    with pytest.raises(InvalidPatternError):
        validate_pattern(pattern)
    with pytest.raises(ValueError):
        generate_key(CONZE, pattern)


def test_unique_key_suffixes():
    assert unique_key("conze2001", set()) == "conze2001"
    assert unique_key("conze2001", {"conze2001"}) == "conze2001a"
    assert unique_key("conze2001", {"conze2001", "conze2001a"}) == "conze2001b"
    taken = {"k"} | {f"k{chr(c)}" for c in range(ord("a"), ord("z") + 1)}
    assert unique_key("k", taken) == "kaa"
    assert unique_key("k", taken | {"kaa"}) == "kab"


def test_generated_keys_stay_unique_over_many_papers():
    taken: set[str] = set()
    for _ in range(60):
        taken.add(unique_key(generate_key(CONZE), taken))
    assert len(taken) == 60  # the base, a-z, aa-az, ba-bg
    assert "conze2001autocrinebg" in taken
    assert "conze2001autocrinebh" not in taken


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("", "empty"),
        ("conze 2001", "a space"),
        ("conze,2001", "','"),
        ("conze{2001}", "'{'"),
        ("conze%", "'%'"),
        ("conze#1", "'#'"),
        ("conze~1", "'~'"),
        ("conze\\1", "'\\\\'"),
        ("akgün2019", "non-ASCII"),
    ],
)
def test_invalid_keys_are_rejected_with_a_reason(key, reason):
    with pytest.raises(InvalidKeyError) as raised:
        validate_key(key)
    assert reason in str(raised.value)
    assert isinstance(raised.value, FormatError)
    assert isinstance(raised.value, ValueError)


@pytest.mark.parametrize("key", ["conze2001autocrine", "Conze:2001", "conze_2001-a.b/c+d"])
def test_valid_keys_pass(key):
    assert validate_key(key) == key


def test_generation_is_pure():
    pinned = Paper(title=CONZE.title, authors=CONZE.authors, year=2001, citekey="mykey", citekey_pinned=True)
    assert generate_key(pinned) == "conze2001autocrine"
    assert pinned.citekey == "mykey"


def test_a_paper_without_authors_or_year_gets_its_title_word():
    # The demo seed (a PubMed page's text) names no author and no year.
    anonymous = Paper(title="Autocrine production of interleukin 6 causes multidrug resistance")
    assert generate_key(anonymous) == "autocrine"
    assert generate_key(anonymous, "[auth][year]") == "anon"
