"""The Danish analyzer: lemmas, stop words, numbers and, above all, decompounding."""

from __future__ import annotations

import pytest

from index.analyzer import DanishAnalyzer


@pytest.fixture(scope="module")
def analyzer(synthetic_chunks) -> DanishAnalyzer:
    return DanishAnalyzer.fit([c.text for c in synthetic_chunks])


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("virksomhedspraktik", {"virksomhed", "praktik"}),
        ("virksomhedspraktikker", {"virksomhed", "praktik"}),
        ("løntilskud", {"løn", "tilskud"}),
        ("danskuddannelse", {"dansk", "uddannelse"}),
        ("uddannelsesaktivering", {"uddannelse", "aktivering"}),
        ("kontanthjælpsmodtagere", {"kontanthjælp", "modtager"}),
        ("beskæftigelsesindsatsen", {"beskæftigelse", "indsats"}),
    ],
)
def test_compounds_emit_themselves_and_their_parts(analyzer, word, parts) -> None:
    tokens = analyzer.analyze(word)
    assert parts <= set(tokens)
    assert len(tokens[0]) >= len(max(parts, key=len))  # the whole (lemma) comes first


def test_derivations_are_not_split(analyzer) -> None:
    for word in ("mulighed", "vejledning", "aktivering", "indvandrer"):
        assert analyzer.analyze(word) == [analyzer.lemmas.get(word, word)]


def test_lemmas_lowercase_stop_words_and_punctuation(analyzer) -> None:
    tokens = analyzer.analyze("Flygtningene, og de KOMMUNER har (fået) job!")
    assert tokens == ["flygtning", "kommune", "job"]


def test_numbers_and_years_are_kept_verbatim(analyzer) -> None:
    assert analyzer.analyze("25 pct. af 1.500 i 2013-2015") == ["25", "pct", "1.500", "2013-2015"]


def test_english_function_words_are_dropped(analyzer) -> None:
    assert analyzer.analyze("Does the wage subsidy help?") == ["wage", "subsidy", "help"]


def test_hyphenated_words_and_dangling_first_parts(analyzer) -> None:
    assert analyzer.analyze("IGU-forløb") == ["igu-forløb", "igu", "forløb"]
    tokens = analyzer.analyze("kontanthjælps- og dagpengemodtagere")
    assert {"kontanthjælp", "dagpengemodtager", "dagpenge", "modtager"} <= set(tokens)


def test_compact_analyzer_agrees_on_the_corpus_and_round_trips(analyzer, synthetic_chunks) -> None:
    texts = [c.text for c in synthetic_chunks]
    tokens = {t for text in texts for t in analyzer.analyze(text)}
    compact = DanishAnalyzer.from_dict(analyzer.compact(tokens).to_dict())
    assert len(compact.lemmas) < 50_000 < len(analyzer.lemmas)
    for text in texts:
        assert compact.analyze(text) == analyzer.analyze(text)
    assert compact.analyze("virksomhedspraktikkerne") == analyzer.analyze("virksomhedspraktikkerne")


def test_unknown_version_is_refused(analyzer) -> None:
    data = analyzer.compact(set()).to_dict() | {"version": 999}
    with pytest.raises(ValueError, match="999"):
        DanishAnalyzer.from_dict(data)
