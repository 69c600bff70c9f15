"""The ask screen: the question input, the status bar and the answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Header, Input

from tui.screens.base import AskRequested, EvidensScreen
from tui.widgets.answer_view import AnswerView
from tui.widgets.question_input import QuestionInput
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from assistant.models import Answer
    from tui.history import History


class AskScreen(EvidensScreen):
    """Type a question, read the answer; Tab walks the excerpts and citations."""

    AUTO_FOCUS = "#question"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "scroll_answer(-1)", "Rul op", show=False),
        Binding("pagedown", "scroll_answer(1)", "Rul ned", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield QuestionInput(
            placeholder="Skriv et spørgsmål og tryk Enter (↑/↓: tidligere spørgsmål)",
            id="question",
        )
        yield AnswerView(id="answer")
        yield Footer(compact=True, show_command_palette=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.post_message(AskRequested(event.value, record=True))

    def show_answer(self, answer: Answer | None) -> None:
        self.query_one(AnswerView).answer = answer

    def set_history(self, history: History) -> None:
        self.query_one(QuestionInput).history = history

    def action_focus_question(self) -> None:
        self.query_one(QuestionInput).focus()

    def action_scroll_answer(self, direction: int) -> None:
        view = self.query_one(AnswerView)
        if direction < 0:
            view.scroll_page_up()
        else:
            view.scroll_page_down()
