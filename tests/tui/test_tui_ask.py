"""Pilot tests of the ask flow with the real assistant: question, follow-up, inspect,
filters, export, clipboard. They assert on what the screen shows and on files written.
"""

from __future__ import annotations

import re

import pytest
from tui_helpers import ask, screen_text, settle, text_of

from tui.screens.ask import AskScreen
from tui.screens.paragraph import ParagraphScreen
from tui.screens.study import StudyScreen
from tui.widgets.cards import CitationItem, ExcerptCard
from tui.widgets.question_input import QuestionInput
from tui.widgets.status_bar import StatusBar

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]
SIZE = (120, 40)
QUESTION = "Virker privat løntilskud for flygtninge?"
BADGE = re.compile(r"\[(HØJ|MEDIUM|UDEN STUDIE)\]")


async def test_question_shows_answer_excerpts_and_citations(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, AskScreen)
        assert "Stil et spørgsmål" in screen_text(app)
        await ask(app, pilot, QUESTION)
        shown = screen_text(app)
        assert f"Spørgsmål: {QUESTION}" in shown
        cards = app.screen.query(ExcerptCard)
        assert len(cards) >= 1
        for card in cards:
            text = text_of(card)
            assert BADGE.search(text), text  # the weight reads without colour
            assert re.search(r"\d(\.\d)* .+ · s\. [\d-]+", text), text  # "3.4.1 … · s. 25"
        assert "løntilskud" in " ".join(t for c in cards for t in c.excerpt.matched_terms).lower()
        assert app.screen.query(CitationItem), "citations are listed"
        assert "Spørgsmål: 1" in text_of(app.screen.query_one(StatusBar))
        assert app.screen.query_one(QuestionInput).value == ""


async def test_an_english_question_is_answered_under_english_labels(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        question = "Does private wage subsidy help refugees into jobs?"
        await ask(app, pilot, question)
        shown = screen_text(app)
        assert f"Question: {question}" in shown
        assert re.search(r"Excerpts \(\d\)", shown) and re.search(r"Sources \(\d+\)", shown)
        for card in app.screen.query(ExcerptCard):
            assert re.search(r" · p\. [\d-]+", text_of(card)), text_of(card)


async def test_follow_up_shows_how_it_was_understood(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, QUESTION)
        await ask(app, pilot, "og for kvinder?")
        shown = screen_text(app)
        assert "Spørgsmål: og for kvinder?" in shown
        resolved = next(line for line in shown.splitlines() if line.startswith("Fortolket som:"))
        assert "løntilskud" in resolved


async def test_excerpt_opens_its_paragraph_in_context(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, QUESTION)
        first = app.screen.query(ExcerptCard).first()
        await pilot.press("tab")  # from the input to the first excerpt
        assert app.focused is first
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ParagraphScreen)
        paragraph = text_of(app.screen.query_one(".context-paragraph"))
        assert first.excerpt.text in paragraph
        assert f"s. {first.excerpt.page}" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, AskScreen)


async def test_citation_opens_study_card_and_its_citing_places(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, QUESTION)
        citation = app.screen.query(CitationItem).first()
        citation.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        card = screen_text(app)
        study = app.assistant.study(citation.key)
        assert f"STUDIE · {study.key}" in card
        assert study.title in card
        assert f"Evidensvægt: [{study.evidence_weight.upper()}]" in card
        places = app.assistant.citing_places(citation.key)
        assert f"Citeret {len(places)} steder" in card
        await pilot.press("enter")  # the first citing place
        await pilot.pause()
        assert isinstance(app.screen, ParagraphScreen)
        assert app.screen.paragraph_id == places[0][3]


async def test_minimum_weight_filter_applies_to_answers(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f")
        await pilot.press("down", "down", "enter")  # "Kun [HØJ]"
        await pilot.pause()
        assert "Vægt ≥ HØJ" in text_of(app.screen.query_one(StatusBar))
        await ask(app, pilot, QUESTION)
        cards = app.screen.query(ExcerptCard)
        assert cards
        assert all("[HØJ]" in text_of(card) for card in cards)


async def test_theme_filter_applies_to_answers(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+f", "tab", "down", "down", "down", "enter")  # Tema 3
        await pilot.pause()
        assert "Tema 3" in text_of(app.screen.query_one(StatusBar))
        await ask(app, pilot, "Hvad virker for kvinder?")
        cards = app.screen.query(ExcerptCard)
        assert cards
        assert {card.excerpt.theme for card in cards} == {3}


async def test_export_writes_the_conversation_as_markdown(app_factory, tmp_path) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, QUESTION)
        await ask(app, pilot, "og for kvinder?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        path = app.last_export
        assert path is not None
        assert path.parent == tmp_path / "exports"
        toasts = " ".join(text_of(t) for t in app.screen.query("Toast"))
        assert str(path) in toasts, "the path is shown to the user"
        text = path.read_text(encoding="utf-8")
    assert f"## 1. {QUESTION}" in text
    assert "## 2. og for kvinder?" in text
    assert "*Fortolket som:*" in text
    assert re.search(r"\*\*\d(\.\d)* .+, s\. [\d-]+\*\* · evidensvægt: (Høj|Medium)", text)
    assert "## Referencer" in text
    assert "Evidensvægt: **Høj**" in text
    assert not list((tmp_path / "exports").glob(".*.tmp")), "no temporary file left behind"


async def test_copy_answer_puts_markdown_on_the_clipboard(app_factory) -> None:
    app = app_factory()
    copied: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await settle(app, pilot)
        await pilot.press("ctrl+y")  # nothing yet: a warning, no copy
        assert copied == []
        await ask(app, pilot, QUESTION)
        await pilot.press("ctrl+y")
    assert copied and copied[0].startswith(f"## {QUESTION}")
    assert "**Kilder:**" in copied[0]


async def test_history_walks_with_up_and_down(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, QUESTION)
        await ask(app, pilot, "og for kvinder?")
        field = app.screen.query_one(QuestionInput)
        await pilot.press("up")
        assert field.value == "og for kvinder?"
        await pilot.press("up")
        assert field.value == QUESTION
        await pilot.press("down")
        assert field.value == "og for kvinder?"
        await pilot.press("down")
        assert field.value == ""


async def test_new_conversation_forgets_the_context(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, QUESTION)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Stil et spørgsmål" in screen_text(app)
        await ask(app, pilot, "og for kvinder?")
        assert "– om privat løntilskud" not in screen_text(app)
