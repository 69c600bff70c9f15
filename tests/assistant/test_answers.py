"""Answers over the real index: grounding, contract, follow-ups, lookups, gaps, abstention."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.gaps import gap_for
from corpus.chunks import FIELD_SEPARATOR
from corpus.citations import rows_of
from corpus.grounding import NormalizedSource, is_verbatim, is_verbatim_within

QUESTIONS = [
    json.loads(line)
    for line in (Path(__file__).parents[1] / "gold" / "questions.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]


@pytest.fixture
def assistant(real_assistant):
    real_assistant.reset()
    return real_assistant


@pytest.fixture(scope="module")
def normalized(source):
    return NormalizedSource.of(source)


def test_every_excerpt_and_short_answer_is_verbatim_and_weights_are_right(
    real_assistant, normalized, corpus
):
    """Over the whole gold question set: nothing shown as evidence is generated."""
    page_starts = [p.first_line for p in corpus.pages]
    studies = {s.key: s for s in corpus.studies}
    for q in QUESTIONS:
        real_assistant.reset()
        answer = real_assistant.ask(q["question"])
        for excerpt in answer.excerpts:
            if excerpt.kind == "study_summary":
                row = next(
                    r
                    for r in rows_of(studies[excerpt.study_keys[0]], corpus.study_rows)
                    if r.theme == excerpt.theme
                )
                for cell in excerpt.text.split(FIELD_SEPARATOR):
                    assert is_verbatim_within(cell, normalized, row.first_line, row.last_line)
            else:
                assert is_verbatim(excerpt.text, normalized, page_starts), (q["id"], excerpt.text)
            assert all(key in studies for key in excerpt.study_keys)
        for citation in answer.citations:
            assert citation.evidence_weight == studies[citation.key].evidence_weight
        if not answer.abstained and answer.question_kind != "study_lookup":
            # The short answer is at most three pieces, each word for word from a shown excerpt.
            pieces = _segments(answer.answer, [e.text for e in answer.excerpts])
            assert pieces is not None and len(pieces) <= 3, (q["id"], answer.answer)


def _segments(text: str, sources: list[str]) -> list[str] | None:
    """Split `text` greedily into the longest pieces found in `sources`, or None."""
    pieces, pos = [], 0
    while pos < len(text):
        end = max(
            (e for e in range(pos + 1, len(text) + 1) if any(text[pos:e] in s for s in sources)),
            default=pos,
        )
        if end == pos:
            return None
        pieces.append(text[pos:end])
        pos = end + (1 if text[end : end + 1] == " " else 0)
    return pieces


def test_json_contract(assistant):
    data = json.loads(assistant.ask("Virker privat løntilskud for flygtninge?").model_dump_json())
    for field in (
        "question",
        "resolved_question",
        "abstained",
        "answer",
        "excerpts",
        "citations",
        "evidence_summary",
        "knowledge_gap",
    ):
        assert field in data
    excerpt = data["excerpts"][0]
    assert set(excerpt) >= {
        "text",
        "section",
        "section_title",
        "page",
        "score",
        "study_keys",
        "evidence_weight",
    }
    citation = data["citations"][0]
    assert set(citation) >= {"key", "authors", "year", "title", "design", "evidence_weight"}
    assert citation["evidence_weight"] in ("Høj", "Medium")
    # authors starts with the first author's surname as Bilag 2 spells it
    assert citation["authors"].split(",")[0].split()[0] == citation["key"].split()[0] or (
        citation["key"].startswith("CABI")
    )


def test_english_question_answers_from_the_danish_paragraph(assistant):
    answer = assistant.ask("Does private wage subsidy help refugees into jobs?")
    assert not answer.abstained
    assert any("privat løntilskud" in e.text for e in answer.excerpts[:3])
    assert answer.language == "en"  # the labels around it follow (tui/labels.py)
    assert assistant.ask("Virker privat løntilskud?").language == "da"


def test_follow_ups_resolve_against_earlier_turns(assistant):
    assistant.ask("Virker privat løntilskud for flygtninge?")
    women = assistant.ask("og for kvinder?")
    assert "privat løntilskud" in women.resolved_question
    assert "kvinder" in women.concepts and "privat løntilskud" in women.concepts
    public = assistant.ask("what about public wage subsidies?")
    assert "offentligt løntilskud" in public.concepts
    assert "privat løntilskud" not in public.concepts
    why = assistant.ask("hvorfor virker det?")
    assert why.question_kind == "mechanism"
    assert any(e.section_title == "Hvorfor virker det?" for e in why.excerpts)


def test_a_follow_up_leads_with_what_it_adds(assistant):
    """'og for kvinder?' after a question on meetings: the women, not meetings in general."""
    assistant.reset()
    assistant.ask("Hvad virker i samtaler med ledige flygtninge og indvandrere?")
    women = assistant.ask("og for kvinder?")
    top = " ".join(e.text.lower() for e in women.excerpts[:3])
    assert "kvinde" in top


def test_which_studies_show_that_keeps_the_answer_just_shown(assistant):
    assistant.reset()
    before = assistant.ask("Virker privat løntilskud for flygtninge?")
    studies = assistant.ask("hvilke studier viser det?")
    assert studies.question_kind == "study_list"
    assert studies.citations
    shown = [e.chunk_id for e in before.excerpts if e.kind == "finding"]
    got = [e.chunk_id for e in studies.excerpts]
    # The answer just shown stays, in its order; added passages cite studies.
    assert [c for c in got if c in shown] == [c for c in shown if c in got]
    assert all(e.study_keys for e in studies.excerpts if e.chunk_id not in shown)


def test_an_uncited_summary_brings_the_cited_passage_after_it(assistant):
    """3.3.2 sums up the mechanisms of meetings without a citation; the next
    paragraph gives them with (Rosholm og Svarer 2010; Beskæftigelsesministeriet 2006)."""
    chunks = assistant.index.chunks
    summary = next(
        c for c in chunks if c.text.startswith("Overordnet fremhæver studierne, at udsigten")
    )
    cited = next(c for c in chunks if c.text.startswith("Hvad angår mekanismer, der opstår"))
    assert not summary.study_keys and "Rosholm 2010" in cited.study_keys
    assistant.reset()
    assistant.ask("Hvorfor virker samtaler med ledige flygtninge?")
    assistant.conversation.shown([(summary.id, 0.5)])  # as if the answer had shown only this
    studies = assistant.ask("hvilke studier viser det?")
    assert [e.chunk_id for e in studies.excerpts] == [summary.id, cited.id]
    assert {"Rosholm 2010", "Beskæftigelsesministeriet 2006"} <= {c.key for c in studies.citations}


def test_short_follow_ups_that_name_an_outcome_or_a_study_keep_the_topic(assistant):
    assistant.reset()
    assistant.ask("Kan det betale sig at sende ikke-vestlige kontanthjælpsmodtagere i praktik?")
    shorter = assistant.ask("hvor meget kortere tid på kontanthjælp taler vi om?")
    assert "virksomhedspraktik" in shorter.resolved_question
    assistant.reset()
    assistant.ask("Virker vejledning og opkvalificering for flygtninge?")
    heinesen = assistant.ask("hvad fandt Heinesen?")
    assert heinesen.question_kind == "study_lookup"
    assert "vejledning" in heinesen.resolved_question


def test_a_surname_for_several_studies_leads_with_those_on_the_topic(assistant):
    """Rosholm wrote on meetings (2009, 2010) and on wage subsidies (2011)."""
    assistant.reset()
    assistant.ask("Hvorfor virker samtaler med ledige flygtninge?")
    rosholm = assistant.ask("hvad fandt Rosholm?")
    assert {c.key for c in rosholm.citations} >= {"Rosholm 2009", "Rosholm 2010", "Rosholm 2011"}
    assert rosholm.citations[0].key in {"Rosholm 2009", "Rosholm 2010"}
    rows = [e for e in rosholm.excerpts if e.kind == "study_summary"]
    assert len(rows) <= 2
    assert any(e.kind == "finding" for e in rosholm.excerpts)


def test_a_longer_question_that_points_back_with_them_is_a_follow_up(assistant):
    assistant.reset()
    assistant.ask("Hvordan virker virksomhedspraktik for aktivitetsparate indvandrere?")
    later = assistant.ask(
        "How can the caseworker keep them motivated while they're out in the company?"
    )
    assert not later.abstained
    assert "virksomhedspraktik" in later.resolved_question


def test_pointing_back_at_the_people_keeps_them_when_the_intervention_changes(assistant):
    assistant.reset()
    assistant.ask("Hvad virker for kvinder?")
    mentor = assistant.ask("Kan en mentor hjælpe dem videre mod job?")
    assert "mentor" in mentor.concepts
    assert "kvinder" in mentor.resolved_question
    assistant.reset()
    assistant.ask("Hvad virker for kvinder?")
    group = assistant.ask("hvad kan kommunen gøre organisatorisk for at støtte den gruppe bedre?")
    assert "kvinder" in group.resolved_question


def test_a_question_about_the_report_itself_is_no_follow_up(assistant):
    """Mid-conversation, a method question keeps to the report, not the last topic."""
    for question in (
        "Hvor mange studier bygger rapporten på?",
        "Hvad er det for en metode, syntesen bruger, og hvorfor har man valgt den?",
    ):
        assistant.reset()
        assistant.ask("Virker praktik for flygtninge?")
        answer = assistant.ask(question)
        assert answer.resolved_question == question
        assert "virksomhedspraktik" not in answer.concepts
    assistant.reset()
    assistant.ask("Virker praktik for flygtninge?")
    back = assistant.ask("Hvad siger rapporten om det?")  # "det" still points back
    assert "virksomhedspraktik" in back.resolved_question


def test_a_full_question_with_its_own_topic_starts_afresh(assistant):
    """The app's own example questions, asked one after another, stay themselves."""
    assistant.reset()
    assistant.ask("Virker privat løntilskud for flygtninge?")
    women = assistant.ask("Hvad ved vi om kvinder med flygtningebaggrund?")
    assert women.resolved_question == "Hvad ved vi om kvinder med flygtningebaggrund?"
    why = assistant.ask("Hvorfor virker virksomhedspraktik?")
    assert why.resolved_question == "Hvorfor virker virksomhedspraktik?"
    # Bare, or pointing back, the same openings still follow up.
    assert "virksomhedspraktik" in assistant.ask("hvorfor?").resolved_question
    assistant.reset()
    assistant.ask("Virker privat løntilskud for flygtninge?")
    assert "privat løntilskud" in assistant.ask("Why does it work?").resolved_question
    assert "privat løntilskud" in assistant.ask("what about women?").resolved_question


def test_switching_to_public_wage_subsidy_leads_with_public_not_private(assistant):
    """The first question asks for evidence ("er der belæg for"), which later turns
    inherit as a kind; the switch must still retrieve, not replay the last answer."""
    assistant.reset()
    first = assistant.ask("Er der belæg for, at privat løntilskud får flygtninge i job?")
    public = assistant.ask("og hvad så med løntilskud i det offentlige?")
    assert "offentligt løntilskud" in public.concepts
    assert [e.chunk_id for e in public.excerpts] != [e.chunk_id for e in first.excerpts]
    top = " ".join(e.text.lower() for e in public.excerpts[:3])
    assert "offentlig" in top


def test_a_line_that_only_announces_a_list_is_no_excerpt(assistant):
    assistant.reset()
    answer = assistant.ask("Hvad gælder særligt for integrationsprogrammet og danskuddannelsen?")
    assert answer.excerpts
    assert not any(e.text.rstrip().endswith(":") and len(e.text) < 160 for e in answer.excerpts)


def test_a_definition_question_gets_section_1_3_only_where_it_defines_the_term(assistant):
    assistant.reset()
    # Section 1.3 defines "jobparat", so it leads ...
    assert assistant.ask("Hvad betyder jobparat?").excerpts[0].section == "1.3"
    assistant.reset()
    # ... but not "helbredsmestring", which chapter 3 explains.
    answer = assistant.ask("Hvad menes med helbredsmestring?")
    assert "helbredsmestring" in answer.excerpts[0].text
    assert [e.section for e in answer.excerpts if e.section == "1.3"] == []


def test_reset_forgets_the_conversation(assistant):
    assistant.ask("Virker privat løntilskud for flygtninge?")
    assistant.reset()
    answer = assistant.ask("og for kvinder?")
    assert answer.resolved_question == "og for kvinder?"


def test_study_lookup_answers_from_the_catalogue(assistant):
    answer = assistant.ask("Hvad fandt Heinesen 2011?")
    assert answer.question_kind == "study_lookup"
    assert answer.citations[0].key == "Heinesen 2011"
    assert answer.citations[0].evidence_weight == "Høj"
    assert "timing-of-event" in answer.citations[0].design
    assert answer.excerpts[0].kind == "study_summary"
    assert any(e.kind == "finding" and "Heinesen 2011" in e.study_keys for e in answer.excerpts)


def test_a_long_study_lookup_still_shows_the_places_that_cite_the_study(assistant):
    """The citing passages are searched among themselves; a wordy question cannot push
    them out of a global top 20."""
    assistant.reset()
    answer = assistant.ask("Hvad siger Henriksens kvalitative undersøgelse fra SFI 2009?")
    findings = [e for e in answer.excerpts if e.kind == "finding"]
    assert len(findings) >= 3
    places = {p[3] for p in assistant.citing_places("Henriksen 2009")}
    assert all(e.chunk_id.split(".")[0] in places for e in findings)


@pytest.mark.parametrize(
    "question",
    [
        "Hvad er reglerne for boligstøtte til flygtninge?",
        "How does the Swedish health care system treat asylum seekers?",
        "Hvad fandt Jensen 2019?",
        # Heinesen is an included author, but not of a 2009 study with Clausen.
        "Hvad fandt Clausen, Heinesen m.fl. (2009) om danskkurser?",
    ],
)
def test_out_of_scope_questions_abstain_with_nearest_themes(assistant, question):
    answer = assistant.ask(question)
    assert answer.abstained
    assert answer.excerpts == [] and answer.citations == []
    # Evidens's own words follow the question's language.
    english = question.startswith("How")
    assert ("no evidence" if english else "ingen evidens") in answer.answer


def _asked_with(assistant, adapters, question):
    """`question` asked afresh once with each of `adapters` (None: no adapter); the
    assistant's own adapter is back in place afterwards."""
    own = assistant.index.adapter
    answers = []
    try:
        for adapter in adapters:
            assistant.reset()
            assistant.index.adapter = adapter
            answers.append(assistant.ask(question))
    finally:
        assistant.index.adapter = own
        assistant.reset()
    return answers


def test_the_adapters_scope_bar_vetoes_an_answer_and_only_below_it(assistant):
    """The bar reads the best adapted cosine: above it the answer stands as before,
    below it the assistant abstains, and a gap question still shows its gap."""
    adapter = assistant.index.adapter
    assert adapter is not None and adapter.scope_bar is not None
    below, above = replace(adapter, scope_bar=-1.0), replace(adapter, scope_bar=1.01)
    answered, vetoed = _asked_with(
        assistant, [below, above], "Virker virksomhedspraktik for flygtninge?"
    )
    [gap] = _asked_with(assistant, [above], "Hvad ved vi ikke om rækkefølgen af indsatser?")
    assert not answered.abstained and answered.excerpts
    assert vetoed.abstained and vetoed.excerpts == []
    assert gap.knowledge_gap is not None and not gap.abstained


def test_a_rare_word_decides_only_below_the_adapters_rare_word_bar(assistant):
    """ "skruer" is rare and the report never uses it; whether it puts the question out
    of scope depends on how close the adapter finds the best passage. Without an
    adapter the word alone decides, as before the tenth round."""
    adapter = assistant.index.adapter
    assert adapter is not None and adapter.rare_word_bar is not None
    kept, word, alone = _asked_with(
        assistant,
        [replace(adapter, rare_word_bar=-1.0), replace(adapter, rare_word_bar=1.01), None],
        "Skruer jobcentrene op for virksomhedspraktik til flygtninge, og virker det?",
    )
    assert not kept.abstained and kept.excerpts
    assert word.abstained and "«skruer»" in word.answer
    assert alone.abstained and "«skruer»" in alone.answer


def test_an_aside_the_report_cannot_answer_does_not_become_the_topic(assistant):
    """After an abstention the conversation goes on from the last answer: "og for
    kvinder?" after an aside on the rate of public wage subsidy (the report gives no
    rates) still means company internships, not wage subsidies."""
    assistant.ask("Virker virksomhedspraktik for flygtninge?")
    aside = assistant.ask("Hvad er satsen for offentligt løntilskud?")
    assert aside.abstained
    later = assistant.ask("og for kvinder?")
    assert not later.abstained and later.excerpts
    assert "virksomhedspraktik" in later.resolved_question
    assert "løntilskud" not in later.resolved_question
    # Input that is no question forgets nothing either: the topic is still there.
    assert assistant.ask("\x00\x01" * 50).error
    why = assistant.ask("og hvorfor virker det?")
    assert "virksomhedspraktik" in why.resolved_question and "kvinder" in why.resolved_question


def test_an_english_follow_up_says_in_english_what_it_carries_over(assistant):
    assistant.ask("Does private wage subsidy help refugees into jobs?")
    follow_up = assistant.ask("and for women?")
    assert follow_up.resolved_question.startswith("and for women – about ")
    assert "privat løntilskud" in follow_up.resolved_question  # the report's own label
    assert follow_up.evidence_summary.startswith("The evidence is")


def test_knowledge_gap_is_shown(assistant):
    answer = assistant.ask("Ved vi noget om hvilken rækkefølge af forløb der virker bedst?")
    assert answer.knowledge_gap is not None and answer.knowledge_gap.number == 1
    assert answer.knowledge_gap.text.startswith("For det første mangler der bred viden")


def test_asking_how_long_an_effect_lasts_touches_no_gap(assistant):
    """Gap 1 is about the duration of courses; "how long" alone is not (nor "hvor længe")."""
    for question in (
        "How long does the effect of a sanction last?",
        "Hvor længe virker en sanktion?",
    ):
        assistant.reset()
        assert assistant.ask(question).knowledge_gap is None
    assistant.reset()
    answer = assistant.ask("Does the duration of a work placement matter?")
    assert answer.knowledge_gap is not None and answer.knowledge_gap.number == 1


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("What is the effect of private wage subsidies in order to get refugees into work?", None),
        ("Which intervention works best in order to get refugees into work?", None),
        ("Does the order of courses matter?", 1),
        ("Which order works best?", 1),
        ("Does the report contain anything about mentors?", None),
        ("Indeholder rapporten noget om mentorordninger?", None),
        ("Hvad indeholder en virksomhedspraktik konkret?", 2),
    ],
)
def test_an_idiom_with_a_trigger_word_touches_no_gap(assistant, question, number):
    """An idiom asks nothing of a gap: "in order to" no order of courses (gap 1), "does
    the report contain" no content of the interventions (gap 2). The gaps' own
    questions still reach them."""
    gap = gap_for(question, assistant.gaps)
    assert (gap.number if gap else None) == number


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("What do caseworkers say about the biggest problem when they plan a course?", None),
        ("What do they do during a company internship?", 2),
        ("Hvad er forskellen på de to slags praktik, og hvem passer de til?", None),
        ("Ved vi, hvad der virker for hvem?", 4),
        # Content words alone are no phrase: they may stand apart.
        ("Has the organisation of the job centre and its many teams any effect?", 5),
    ],
)
def test_a_gap_trigger_is_a_phrase_not_scattered_words(assistant, question, number):
    """A trigger with a function word ("what do they do", "for hvem") touches a gap as
    a phrase; scattered over a question ("what do caseworkers say … when they plan")
    or inside a longer word ("forskellen … hvem") it does not."""
    gap = gap_for(question, assistant.gaps)
    assert (gap.number if gap else None) == number


@pytest.mark.parametrize(
    "question",
    ["Hvilke videnshuller peger rapporten på?", "What are the main knowledge gaps?"],
)
def test_a_question_for_all_gaps_opens_with_chapter_4s_overview(assistant, question):
    assistant.reset()
    answer = assistant.ask(question)
    assert not answer.abstained and answer.knowledge_gap is None  # no single gap
    assert answer.excerpts[0].section == "4"
    assert "syv områder" in answer.excerpts[0].paragraph


def test_a_gap_excerpt_adds_what_retrieval_did_not_show(assistant):
    """Gap 7 is two chunks; retrieval shows the first, so the gap excerpt is the second."""
    assistant.reset()
    answer = assistant.ask(
        "Tjener virksomhederne penge på at have flygtninge i praktik - er der en businesscase?"
    )
    assert answer.knowledge_gap is not None and answer.knowledge_gap.number == 7
    texts = [e.text for e in answer.excerpts]
    assert len(texts) == len(set(texts))
    assert any("positiv businesscase" in t for t in texts)


def test_evidence_summary_follows_the_count(assistant):
    answer = assistant.ask("Virker privat løntilskud for flygtninge?")
    high, medium = answer.evidence_count["Høj"], answer.evidence_count["Medium"]
    assert high + medium == len(answer.citations)
    if high >= 2:
        assert "viser" in answer.evidence_summary


def test_filters_apply(assistant):
    assistant.reset()
    answer = assistant.ask("Virker privat løntilskud?", filters=_filters(min_weight="Høj"))
    assert answer.excerpts and all(e.evidence_weight == "Høj" for e in answer.excerpts)
    studies = assistant.ask("hvilke studier viser det?", filters=_filters(min_weight="Høj"))
    assert studies.excerpts and all(e.evidence_weight == "Høj" for e in studies.excerpts)
    themed = assistant.ask("Hvad virker?", filters=_filters(theme=2))
    assert all(e.theme == 2 for e in themed.excerpts)


def _filters(**kwargs):
    from assistant.engine import Filters

    return Filters(**kwargs)
