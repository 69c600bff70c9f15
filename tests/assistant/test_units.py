"""Fast unit tests: evidence wording, CPR masking, input cleaning, excerpts and their lead."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.evidence import summarize
from assistant.excerpts import best_cut, holds_number
from assistant.inputs import EMPTY_ERROR, MAX_CHARS, NO_WORDS_ERROR, clean_question
from assistant.privacy import MASK, mask_cpr
from assistant.understanding import is_english, understanding


def test_evidence_wording_follows_the_count():
    assert "viser" in summarize({"Høj": 2, "Medium": 1})
    assert "peger på" in summarize({"Høj": 1, "Medium": 0})
    assert "peger på" in summarize({"Høj": 0, "Medium": 3})
    assert "tyder på" in summarize({"Høj": 0, "Medium": 1})
    assert "ikke til bestemte" in summarize({"Høj": 0, "Medium": 0})


def test_english_evidence_wording_follows_the_same_count():
    assert "strong: 3 studies show" in summarize({"Høj": 2, "Medium": 1}, "en")
    assert "moderate: 1 study points to" in summarize({"Høj": 1, "Medium": 0}, "en")
    assert "moderate: 3 studies point to" in summarize({"Høj": 0, "Medium": 3}, "en")
    assert "limited: a few studies suggest" in summarize({"Høj": 0, "Medium": 1}, "en")
    assert "(0 with high and 1 with medium evidence weight)" in summarize(
        {"Høj": 0, "Medium": 1}, "en"
    )
    assert "no particular included study" in summarize({"Høj": 0, "Medium": 0}, "en")


def test_the_question_sets_the_language_of_what_evidens_writes():
    assert clean_question("Do wage subsidies help refugees?").language == "en"
    assert clean_question("Virker løntilskud for flygtninge?").language == "da"
    # An empty question has no language: its error is in Danish, like the interface.
    assert clean_question("   ").language == "da"


def test_english_and_danish_questions_are_told_apart():
    english = [
        "Does private wage subsidy help refugees into jobs?",
        "why not?",
        "what about public wage subsidies?",
        "Is there evidence on mentors for women",
    ]
    danish = [
        "Virker privat løntilskud for flygtninge?",
        "og for kvinder?",
        "hvorfor virker det?",
        "Hvad fandt Heinesen 2011?",
        "is det noget der virker for de unge",  # one English-looking word is outvoted
    ]
    assert all(is_english(q) for q in english)
    assert not any(is_english(q) for q in danish)


def test_danish_question_words_that_spacy_calls_stop_words_still_match():
    """ "hvem" is a spaCy stop word; only English forms ("men", "man") are dropped."""
    analysis = understanding().analyze("Hvem har mest gavn af virksomhedspraktik?")
    assert "target_group" in analysis.kinds
    # "men" (English "men") must not make every Danish "men" (but) a question about men.
    assert not understanding().analyze("Praktik virker, men hvorfor?").of_type("target_group")


def test_cpr_numbers_with_plausible_dates_are_masked():
    assert mask_cpr("borger 010190-1234 spørger") == (f"borger {MASK} spørger", True)
    assert mask_cpr("cpr 0101901234") == (f"cpr {MASK}", True)
    assert mask_cpr("290200-1234")[1]  # 29 February in a leap year
    assert not mask_cpr("320190-1234")[1]  # no 32nd day
    assert not mask_cpr("011390-1234")[1]  # no 13th month
    assert not mask_cpr("3-15 måneder og 66.768 personer")[1]


@given(st.integers(1, 28), st.integers(1, 12), st.integers(0, 99), st.integers(0, 9999))
def test_every_plausible_cpr_is_masked(day, month, year, serial):
    cpr = f"{day:02d}{month:02d}{year:02d}-{serial:04d}"
    masked, found = mask_cpr(f"Min borger ({cpr}) vil i praktik")
    assert found and cpr not in masked


def test_input_cleaning():
    assert clean_question("   ").error == EMPTY_ERROR
    assert clean_question("?!?!").error == NO_WORDS_ERROR
    assert clean_question("virker\x00 løntilskud\x07?").text == "virker løntilskud ?"
    long = clean_question("løntilskud " * 20_000)
    assert len(long.text) <= MAX_CHARS and long.notices


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_excerpts_map_back_to_their_chunk_offsets(corpus, data):
    chunk = data.draw(st.sampled_from([c for c in corpus.chunks if c.kind == "finding"]))
    words = [w.lower() for w in chunk.text.split() if w.isalpha()]
    terms = set(data.draw(st.lists(st.sampled_from(words or ["x"]), max_size=4)))
    cut = best_cut(chunk, terms, lambda text: text.lower().split())
    assert chunk.text[cut.start : cut.end] == cut.text
    assert cut.text.strip() == cut.text and cut.text


def test_the_lead_is_the_closest_sentence_with_terms_breaking_near_ties(sentence_chunk):
    chunk = sentence_chunk(
        "Løntilskud og løntilskud i private virksomheder er beskrevet i flere studier.",
        "Effekten er størst for mænd.",
        "Se fx.",
    )
    terms = {"løntilskud", "private", "virksomheder"}
    analyze = lambda text: text.lower().replace(".", "").split()  # noqa: E731
    # By terms alone the first sentence leads; by meaning the second one.
    assert best_cut(chunk, terms, analyze).lead.startswith("Løntilskud")
    assert best_cut(chunk, terms, analyze, closeness=[0.80, 0.85, None]).lead.startswith("Effekten")
    # A difference of a thousandth is a tie, which the terms break.
    assert best_cut(chunk, terms, analyze, closeness=[0.850, 0.851, None]).lead.startswith(
        "Løntilskud"
    )
    # A fragment without a vector never leads, and no vectors at all means terms.
    assert best_cut(chunk, {"se"}, analyze, closeness=[0.80, 0.81, None]).lead.startswith(
        "Effekten"
    )
    assert best_cut(chunk, terms, analyze, closeness=[None, None, None]).lead.startswith(
        "Løntilskud"
    )


def test_a_count_is_a_number_that_is_not_a_year_a_citation_or_a_footnote():
    assert holds_number("Dog er det pr. oktober 2016 29 procent, som er jobparate.")
    assert holds_number("Kortlægningen peger særligt på syv områder, der ikke er belyst.")
    assert holds_number("Dog forsvinder effekten efter ca. 3 måneder.")
    assert not holds_number("Sanktioner virker (Svarer 2010; Arendt et al. 2016)²².")
    assert not holds_number("Ny lovgivning (L189) om integrationsprogrammet er vedtaget.")
    assert not holds_number("Det følger af vedtagelsen af lovforslag L 189 i Folketinget.")
    assert not holds_number("Jf. integrationslovens § 16, stk. 7, 2. pkt., gælder det.")
    assert not holds_number("Loven blev vedtaget i Folketinget den 3. juni.")
    assert not holds_number("Reformen fra 2013 ændrede visitationen.")
    assert not holds_number("Temaerne følger (som nævnt i afsnit 1.2) ikke lovgivningen.")


def test_a_question_that_asks_how_many_is_led_by_a_sentence_with_a_number(sentence_chunk):
    chunk = sentence_chunk(
        "Studierne om samtaler handler mest om kontaktforløb og intensitet.",
        "Der er identificeret 13 studier om samtaler.",
    )
    terms = {"studierne", "samtaler", "kontaktforløb"}
    analyze = lambda text: text.lower().replace(".", "").split()  # noqa: E731
    closeness = [0.86, 0.84]
    assert best_cut(chunk, terms, analyze, closeness=closeness).lead.startswith("Studierne")
    led = best_cut(chunk, terms, analyze, closeness=closeness, wants_number=True).lead
    assert led.startswith("Der er identificeret 13")
