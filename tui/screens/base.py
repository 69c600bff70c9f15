"""What every Evidens screen shares: asking (a message up to the app), and opening
an excerpt or a citation (pushing the inspect screens).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen

from tui.widgets.cards import CitationItem, ExcerptCard

if TYPE_CHECKING:
    from assistant.engine import Assistant
    from assistant.models import Answer


class AskRequested(Message):
    """A screen wants `question` answered.

    `reply_to` is the screen that shows the answer (None: the ask screen, which the
    app brings forward); `fresh` starts a new conversation first; `record` keeps the
    question in the input history (only for what the user typed).
    """

    def __init__(
        self,
        question: str,
        *,
        reply_to: EvidensScreen | None = None,
        fresh: bool = False,
        record: bool = False,
    ) -> None:
        super().__init__()
        self.question = question
        self.reply_to = reply_to
        self.fresh = fresh
        self.record = record


class EvidensScreen(Screen):
    """A screen with the assistant (set by the app once loaded) and the inspect links."""

    def __init__(self, assistant: Assistant | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.assistant = assistant

    def ask(self, question: str, *, here: bool = False, fresh: bool = False) -> None:
        self.post_message(AskRequested(question, reply_to=self if here else None, fresh=fresh))

    def show_answer(self, answer: Answer | None) -> None:
        """Screens that ask with `here=True` override this."""

    def action_focus_question(self) -> None:
        """Esc on a card: back to where questions are chosen (the first focusable widget)."""
        self.focus_next()

    def on_excerpt_card_opened(self, message: ExcerptCard.Opened) -> None:
        from tui.screens.paragraph import ParagraphScreen
        from tui.screens.study import StudyScreen

        message.stop()
        if self.assistant is None:
            return
        excerpt = message.excerpt
        if excerpt.kind == "study_summary" and excerpt.study_keys:
            self.app.push_screen(StudyScreen(self.assistant, excerpt.study_keys[0]))
        else:
            self.app.push_screen(ParagraphScreen.for_excerpt(self.assistant, excerpt))

    def on_citation_item_opened(self, message: CitationItem.Opened) -> None:
        from tui.screens.study import StudyScreen

        message.stop()
        if self.assistant is not None:
            self.app.push_screen(StudyScreen(self.assistant, message.key))
