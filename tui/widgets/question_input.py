"""The question input: up/down walk the history, a multi-line paste becomes one line,
Enter hands the question over and empties the field."""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.history import History


def one_line(text: str) -> str:
    """Control and format characters become spaces; runs of whitespace collapse."""
    chars = (" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join("".join(chars).split())


class QuestionInput(Input):
    """An `Input` with a `History` (set by the screen) behind the up and down keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history_previous", "Forrige spørgsmål", show=False),
        Binding("down", "history_next", "Næste spørgsmål", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.history = History()

    async def on_key(self, event: events.Key) -> None:
        # Bindings run when a key has bubbled up to the app, after this widget may
        # already have inserted the keys typed next; Enter is handled here, in key order.
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            await self.action_submit()

    async def action_submit(self) -> None:
        # Empty the field here, in key order, rather than in the screen's handler later:
        # keys typed right after Enter then belong to the next question.
        value, self.value = self.value, ""
        self.history.reset_cursor()
        self.post_message(self.Submitted(self, value))

    def action_history_previous(self) -> None:
        entry = self.history.previous()
        if entry is not None:
            self._show(entry)

    def action_history_next(self) -> None:
        entry = self.history.next()
        if entry is not None:
            self._show(entry)

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def on_paste(self, event: events.Paste) -> None:
        # Input keeps only the first line of a paste; a pasted e-mail should arrive
        # whole (the assistant cuts very long questions and says so).
        event.prevent_default()
        event.stop()
        text = one_line(event.text)
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
