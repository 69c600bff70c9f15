"""The plain-text answer of `evidens ask` and interactive chat: labels in the
question's language around the report's own (Danish) words."""

from __future__ import annotations

from tui_helpers import made_answer

from assistant.models import Answer, KnowledgeGap
from tui.render_text import render_answer

GAP = KnowledgeGap(number=7, title="Virksomhedernes incitament", text="Et videnshul.", page="41")


def _answer(language: str) -> Answer:
    """One cited and one uncited excerpt, a knowledge gap and a carried follow-up."""
    cited = made_answer().excerpts[0]
    uncited = cited.model_copy(update={"study_keys": [], "evidence_weight": None})
    return made_answer(
        "q",
        resolved_question="q – carried",
        excerpts=[cited, uncited],
        knowledge_gap=GAP,
        language=language,
    )


def test_a_danish_answer_reads_in_danish() -> None:
    text = render_answer(_answer("da"))
    assert "Fortolket som: q – carried" in text
    assert "VIDENSHUL 7 (kapitel 4, s. 41): Virksomhedernes incitament" in text
    assert "1. 3.4.1 Hvordan virker det?, s. 25 [Høj]" in text
    assert "2. 3.4.1 Hvordan virker det?, s. 25 [uden studie]" in text
    assert "   Studier: Heinesen 2011" in text and "\nKilder:\n" in text


def test_an_english_answer_reads_in_english_around_the_verbatim_excerpts() -> None:
    text = render_answer(_answer("en"))
    assert "Interpreted as: q – carried" in text
    assert "KNOWLEDGE GAP 7 (chapter 4, p. 41): Virksomhedernes incitament" in text
    assert "1. 3.4.1 Hvordan virker det?, p. 25 [Høj]" in text
    assert "2. 3.4.1 Hvordan virker det?, p. 25 [no study]" in text
    assert "   Studies: Heinesen 2011" in text and "\nSources:\n" in text
    assert "“Privat løntilskud virker.”" in text  # the report's words stay as printed
