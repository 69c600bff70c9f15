"""Scope rules: the named schemes are really absent from the report, later years abstain,
names and rare terms the report never uses abstain, and no hand-written in-scope
question of a set that is not clean trips a rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.scope import _patterns, name_verdict, out_of_scope, term_verdict, unknown_names
from assistant.terms import ReportTerms
from corpus.text import words_of

GOLD = Path(__file__).parents[1] / "gold"
#: The clean test sets stay out of every check the tuning reads (tests/gold/sets.json,
#: which scripts/eval.py reads too).
CLEAN_SETS = frozenset(
    s["file"]
    for s in json.loads((GOLD / "sets.json").read_text(encoding="utf-8"))["sets"]
    if s["clean"]
)


def _category(category_id: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(phrase, pattern) for cid, _, phrase, pattern in _patterns() if cid == category_id]


@pytest.fixture(scope="module")
def report_text(corpus) -> str:
    """The report as the rules would see a question: words and spaces, case kept."""
    return " ".join(" ".join(chunk.text for chunk in corpus.chunks).split())


@pytest.mark.parametrize("category", ["schemes_not_studied", "sources_not_in_report"])
def test_schemes_and_sources_said_to_be_absent_never_occur_in_the_report(
    report_text, category
) -> None:
    rules = _category(category)
    assert rules
    found = [phrase for phrase, pattern in rules if pattern.search(report_text)]
    assert found == [], f"the report does mention {found}; drop them from scope.json"


def test_the_only_named_job_centre_in_the_report_is_not_out_of_scope() -> None:
    assert out_of_scope("Hvad gjorde Jobcenter Hillerød?") is None
    assert out_of_scope("Hvordan har Jobcenter Aarhus organiseret sig?") is not None


def test_the_report_names_later_years_only_as_a_planned_period(report_text) -> None:
    (_, pattern), *_ = _category("after_the_report")
    contexts = [report_text[m.start() - 16 : m.end()] for m in pattern.finditer(report_text)]
    assert contexts == ["2016 til og med 2019"]


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("Hvad var ledigheden blandt flygtninge i 2023?", "after_the_report"),
        ("How many refugees were employed in 2031?", "after_the_report"),
        ("Virker jobrotation for flygtninge?", "schemes_not_studied"),
        ("Is there an app for learning Danish?", "schemes_not_studied"),
        ("Hvilke betingelser skal være opfyldt for praktik?", "rules_and_procedures"),
        ("Skriv en mail til borgeren om næste møde", "tasks"),
        ("Can you draft a letter to the employer?", "tasks"),
        ("What changed for refugees in 2018?", "after_the_report"),
        ("hvordan tilmelder jeg en borger til sprogskolen", "rules_and_procedures"),
        ("How do I register a refugee for Danish classes?", "rules_and_procedures"),
        ("Hvor mange flygtninge er i job i dag?", "current_statistics"),
        ("Hvad siger OECD om integration i Danmark?", "sources_not_in_report"),
        ("Opsummer denne mail fra sprogcentret", "tasks"),
    ],
)
def test_questions_beyond_the_report_are_recognised(question, category) -> None:
    verdict = out_of_scope(question)
    assert verdict is not None and verdict.category == category


@pytest.mark.parametrize(
    "question",
    [
        "Hvad fandt Heinesen 2011?",
        "Virker privat løntilskud for flygtninge?",
        "Does an apprenticeship-like internship help?",  # "app" is a whole word only
        "Hvor længe varer effekten af sanktioner?",
        "Hvad skal der til for at lave en god praktik?",  # "lave" mid-sentence is no command
        "Hvad ved vi i dag om effekten af mentorordninger?",  # "i dag" alone is no statistic
        # A count "i dag" of something other than people in or out of work.
        "Hvor mange virksomheder samarbejder egentlig med jobcentrene i dag?",
        "How do I build ownership among activity-ready clients?",  # no casework procedure
        "Under what conditions do frequent meetings pay off?",  # conditions for an effect
    ],
)
def test_ordinary_questions_pass(question) -> None:
    assert out_of_scope(question) is None


@pytest.fixture(scope="module")
def known(corpus) -> frozenset[str]:
    """What the assistant counts as known words: the report's and the lexicon's."""
    from assistant.understanding import understanding

    return corpus.vocabulary | words_of(understanding().phrases())


def test_the_vocabulary_joins_words_split_at_line_ends_and_keeps_bilag_3(corpus) -> None:
    # "varia-" / "tion" (3.2.3) and the reference group's "Jobcenter Hillerød" (Bilag 3).
    assert {"variation", "hillerød"} <= corpus.vocabulary


@pytest.mark.parametrize(
    ("question", "names"),
    [
        (
            "Kan du se, hvornår Fatima Yusuf starter i praktik hos Netto?",
            ["Fatima", "Yusuf", "Netto"],
        ),
        ("How does Norway's introduction programme compare?", ["Norway"]),
        ("Hvad viser Rockwool Fondens analyse af ydelsen?", ["Rockwool", "Fondens"]),
        ("Hvordan har Jobcenter Aarhus organiseret sig?", ["Aarhus"]),
    ],
)
def test_names_the_report_never_uses_are_recognised(known, question, names) -> None:
    assert unknown_names(question, known) == names
    verdict = name_verdict(question, known)
    assert verdict is not None and names[0] in verdict.message


@pytest.mark.parametrize(
    "question",
    [
        "Hvad siger Henriksens undersøgelse fra SFI 2009?",  # a genitive of a known author
        "What did Heinesen et al. find about Danish classes?",
        "Hvad gjorde Jobcenter Hillerød?",  # named in Bilag 3
        "Rockwool? Virker privat løntilskud?",  # a capital that opens a sentence is no name
        "How many were activity-ready in January 2016 and in October?",  # English months
        "Do sanctions work better for immigrants than for Danes?",  # the glossary's danskere
    ],
)
def test_known_names_and_sentence_openings_pass(known, question) -> None:
    assert unknown_names(question, known) == []


def test_no_hand_written_in_scope_question_names_something_unknown(known) -> None:
    flagged = [
        f"{q['id']}: {names}"
        for q in _gold_questions()
        if q["kind"] != "out_of_scope" and (names := unknown_names(q["question"], known))
    ]
    assert flagged == []


def _gold_questions() -> list[dict]:
    out = []
    for path in sorted(GOLD.glob("*.jsonl")):
        if path.name in CLEAN_SETS:
            continue
        out += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return out


def test_no_hand_written_in_scope_question_trips_a_rule() -> None:
    tripped = [
        f"{q['id']}: {verdict.phrase}"
        for q in _gold_questions()
        if q["kind"] != "out_of_scope" and (verdict := out_of_scope(q["question"]))
    ]
    assert tripped == []


@pytest.fixture(scope="module")
def terms(known) -> ReportTerms:
    return ReportTerms(known)


@pytest.mark.parametrize(
    ("question", "foreign"),
    [
        ("Hvordan påvirker en straffeattest chancen for løntilskud?", ["straffeattest"]),
        ("Is there evidence that an internship reduces radicalisation?", ["radicalisation"]),
        ("Hvad er effekten af virksomhedspraktik for asylansøgere?", ["asylansøgere"]),
        # A compound of common words can be the concept the report lacks.
        ("Virker telefonsamtaler lige så godt som fremmøde?", ["telefonsamtaler"]),
        # A compound the frequency lists lack is judged by its parts: "tolk" is rare
        # and the report never uses it.
        ("Hjælper en videotolk i samtalerne med flygtninge?", ["videotolk"]),
    ],
)
def test_rare_terms_the_report_never_uses_put_a_question_out_of_scope(
    terms, question, foreign
) -> None:
    assert terms.foreign(question) == foreign
    verdict = term_verdict(question, terms)
    assert verdict is not None and f"«{foreign[0]}»" in verdict.message


@pytest.mark.parametrize(
    "question",
    [
        "Flere i teamet mener, at dansk er nøglen til job. Hvad viser studierne egentlig?",
        "hvor mange måneder giver virksomhedspraktk for kvinder?",  # a typo is no concept
        "Hvad gør vi med flygtninge med traumer?",  # the report says "traumatiske"
        "Vi er en lille udkantskommune: betyder det lokale arbejdsmarked noget?",
        "Hvordan går det med flygtningekvinder i løntilskudsjob?",  # parts the report uses
        "Er vejledning og afklaring bare parkering?",  # the glossary's word for lock-in
        "Are non-Western immigrants overrepresented among the activity-ready?",  # glossary
        "And for clients who aren't job-ready, doesn't it work?",  # "aren" is no word
    ],
)
def test_common_typo_inflected_and_glossary_words_are_not_foreign(terms, question) -> None:
    assert terms.foreign(question) == []


def test_the_report_knows_its_own_words_in_other_inflections(terms) -> None:
    assert terms.knows("løntilskuddet")
    assert terms.knows("teamet")  # "teams" in the report
    assert not terms.knows("straffeattest")


def test_no_hand_written_in_scope_question_is_abstained_for_a_foreign_term(
    real_assistant, terms
) -> None:
    """A rare word decides only when the query adapter finds no passage close enough
    (its rare-word bar). The word alone flagged 12 of 176 in-scope questions of the
    tenth round's fresh sets ("skruer", "ægtefælle", "bagagen"), which no glossary
    written before them could have foreseen. The adapter was trained on these sets,
    so this holds in sample; the clean sets measure it out of sample."""
    questions = _gold_questions()
    wanted = {
        q.get("conversation") or q["id"]
        for q in questions
        if q["kind"] != "out_of_scope" and terms.foreign(q["question"])
    }
    assert wanted  # the check has something to check
    flagged = []
    previous = None
    for q in questions:
        thread = q.get("conversation") or q["id"]
        if thread not in wanted:
            continue
        if thread != previous:
            real_assistant.reset()
            previous = thread
        answer = real_assistant.ask(q["question"])
        found = terms.foreign(q["question"])
        if q["kind"] != "out_of_scope" and found and f"«{found[0]}»" in answer.answer:
            flagged.append(f"{q['id']}: {found}")
    real_assistant.reset()
    assert flagged == []
