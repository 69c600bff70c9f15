"""Focusable cards for one excerpt and one citation; Enter opens them.

They post their own messages up (`ExcerptCard.Opened`, `CitationItem.Opened`) and
never open screens themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui.labels import LABELS, Labels
from tui.widgets.format import highlight, place, weight_badge

if TYPE_CHECKING:
    from assistant.models import CitationOut, Excerpt

_MOVE_BINDINGS = [
    Binding("enter", "open", "Åbn"),
    Binding("down", "app.focus_next", "Næste", show=False),
    Binding("up", "app.focus_previous", "Forrige", show=False),
    Binding("escape", "screen.focus_question", "Til spørgsmål", show=False),
]


class ExcerptCard(Static, can_focus=True):
    """One verbatim excerpt: meta line with weight badge, text with query terms marked."""

    BINDINGS: ClassVar[list[BindingType]] = _MOVE_BINDINGS

    class Opened(Message):
        def __init__(self, excerpt: Excerpt) -> None:
            super().__init__()
            self.excerpt = excerpt

    def __init__(self, number: int, excerpt: Excerpt, say: Labels = LABELS["da"], **kwargs) -> None:
        super().__init__(self.content_for(number, excerpt, say), **kwargs)
        self.excerpt = excerpt

    @staticmethod
    def content_for(number: int, excerpt: Excerpt, say: Labels) -> Content:
        where = place(excerpt.section, excerpt.section_title, excerpt.page, say.page)
        meta = Content.assemble(
            (f"{number} ", "bold"),
            weight_badge(excerpt.evidence_weight, say.no_study),
            " ",
            (where, "bold"),
        )
        text = highlight(f"“{excerpt.text}”", excerpt.matched_terms)
        parts: list[Content | str] = [meta, "\n", text]
        if excerpt.study_keys:
            parts += [
                "\n",
                Content.styled(f"{say.studies}: " + ", ".join(excerpt.study_keys), "italic"),
            ]
        return Content.assemble(*parts)

    def action_open(self) -> None:
        self.post_message(self.Opened(self.excerpt))

    def on_click(self) -> None:
        self.action_open()


class CitationItem(Static, can_focus=True):
    """One cited study: weight badge, authors (year), title and design."""

    BINDINGS: ClassVar[list[BindingType]] = _MOVE_BINDINGS

    class Opened(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, citation: CitationOut, **kwargs) -> None:
        content = Content.assemble(
            weight_badge(citation.evidence_weight),
            " ",
            (f"{citation.authors} ({citation.year})", "bold"),
            f": {citation.title.rstrip('.')}. ",
            (citation.design.rstrip(".") + ".", "italic"),
        )
        super().__init__(content, **kwargs)
        self.key = citation.key

    def action_open(self) -> None:
        self.post_message(self.Opened(self.key))

    def on_click(self) -> None:
        self.action_open()
