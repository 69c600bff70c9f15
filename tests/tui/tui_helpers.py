"""Reading what the user sees, and driving the app like a user."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import WorkerFailed

from assistant.models import Answer, CitationOut, Excerpt

FIXED_NOW = datetime(2026, 1, 15, 9, 30, 0)


def files_under(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*") if p.is_file()]


def text_of(widget: Widget) -> str:
    """The text a widget shows (border title first, if any)."""
    visual = widget.render()
    body = getattr(visual, "plain", None)
    if body is None:
        body = str(visual)
    title = widget.border_title
    return f"{title}\n{body}" if title else body


def screen_text(app: App) -> str:
    """Everything the current screen shows in text: panel titles and Static-like widgets."""
    parts = []
    for widget in app.screen.query("*"):
        if not widget.display:
            continue
        if isinstance(widget, Static):
            parts.append(text_of(widget))
        elif widget.border_title:
            parts.append(str(widget.border_title))
    return "\n".join(parts)


async def settle(app: App, pilot: Pilot) -> None:
    """Wait for the workers (loading, answering) and the repaint after them.

    A failed worker is the app's business (it shows an error screen or a
    notification), so `WorkerFailed` is not the test's.
    """
    for _ in range(2):
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()


async def ask(app: App, pilot: Pilot, question: str) -> None:
    """Type `question` into the input and press Enter, as a user would."""
    await pilot.press(*question)
    await pilot.press("enter")
    await settle(app, pilot)


def made_answer(question: str = "Virker løntilskud?", **changes: object) -> Answer:
    """A hand-made answer with one cited excerpt; `changes` replace its fields."""
    citation = CitationOut(
        key="Heinesen 2011",
        authors="Heinesen, E., Husted, L. & Rosholm, M.",
        year=2011,
        title="The Effects of Active Labour Market Policies.",
        design="Kvasi-eksperiment",
        target_group="Ikke-vestlige indvandrere",
        evidence_weight="Høj",
        publisher="IZA",
    )
    excerpt = Excerpt(
        text="Privat løntilskud virker.",
        section="3.4.1",
        section_title="Hvordan virker det?",
        page="25",
        score=0.9,
        study_keys=["Heinesen 2011"],
        evidence_weight="Høj",
        chunk_id="p136",
        kind="finding",
        matched_terms=["løntilskud"],
    )
    fields: dict[str, object] = {
        "question": question,
        "resolved_question": question,
        "abstained": False,
        "answer": "Privat løntilskud virker.",
        "excerpts": [excerpt],
        "citations": [citation],
        "evidence_summary": "Evidensen er moderat.",
        "evidence_count": {"Høj": 1, "Medium": 0},
        "question_kind": "effect",
    }
    fields.update(changes)
    return Answer(**fields)
