"""Inspect an excerpt: its whole paragraph, with the paragraphs around it, in its section."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.base import EvidensScreen
from tui.screens.prompts import section_question
from tui.widgets.format import highlight, place, theme_label, weight_badge
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from assistant.engine import Assistant
    from assistant.models import Excerpt


class ParagraphScreen(EvidensScreen):
    """One paragraph (excerpt marked, query terms highlighted) between its neighbours."""

    AUTO_FOCUS = "#cited, #context"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Tilbage"),
        Binding("s", "ask_section", "Spørg om afsnittet"),
    ]

    def __init__(
        self,
        assistant: Assistant,
        paragraph_id: str | None,
        *,
        excerpt: Excerpt | None = None,
    ) -> None:
        super().__init__(assistant)
        self.source = assistant  # never None here, unlike `assistant` on the ask screen
        self.paragraph_id = paragraph_id
        self.excerpt = excerpt

    @classmethod
    def for_excerpt(cls, assistant: Assistant, excerpt: Excerpt) -> ParagraphScreen:
        chunk = next((c for c in assistant.index.chunks if c.id == excerpt.chunk_id), None)
        return cls(assistant, chunk.paragraph_id if chunk else None, excerpt=excerpt)

    # --- what is shown -------------------------------------------------------------------

    def _section(self) -> tuple[str, str, int | None, str]:
        """(number, title, theme, page) of the paragraph, or of the excerpt if no paragraph."""
        paragraph = self.source.paragraphs.get(self.paragraph_id or "")
        if paragraph is not None:
            section = self.source.sections[paragraph.section]
            return section.number, section.title, section.theme, paragraph.page
        excerpt = self.excerpt
        if excerpt is None:
            return "", "", None, ""
        return excerpt.section, excerpt.section_title, excerpt.theme, excerpt.page

    def _neighbours(self) -> tuple[list[str], str, list[str]]:
        assistant = self.source
        paragraph = assistant.paragraphs.get(self.paragraph_id or "")
        if paragraph is None:
            text = (self.excerpt.paragraph or self.excerpt.text) if self.excerpt else ""
            return [], text, []
        siblings = [p for p in assistant.corpus.paragraphs if p.section == paragraph.section]
        at = next(i for i, p in enumerate(siblings) if p.id == paragraph.id)
        before = [p.text for p in siblings[max(0, at - 1) : at]]
        after = [p.text for p in siblings[at + 1 : at + 2]]
        return before, paragraph.text, after

    def compose(self) -> ComposeResult:
        number, title, theme, page = self._section()
        before, text, after = self._neighbours()
        yield Header()
        yield StatusBar()
        with VerticalScroll(id="context"):
            heading = Content.assemble((place(number, title, page), "bold"))
            if theme:
                heading = Content.assemble(heading, "  ·  ", theme_label(theme))
            yield Static(heading, classes="context-heading")
            for other in before:
                yield Static(other, classes="context-other", markup=False)
            yield Static(self._marked(text), classes="context-paragraph")
            for other in after:
                yield Static(other, classes="context-other", markup=False)
            studies = self._studies()
            if studies:
                yield Label("Studier citeret i afsnittet (Enter: åbn)", classes="heading")
                yield OptionList(*studies, id="cited")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Afsnit i sammenhæng"
        for cited in self.query("#cited").results(OptionList):
            cited.highlighted = 0 if cited.option_count else None
        marked = self.query_one(".context-paragraph")
        self.call_after_refresh(marked.scroll_visible, animate=False)

    def _marked(self, text: str) -> Content:
        excerpt = self.excerpt
        if excerpt is None:
            return Content(text)
        content = highlight(text, excerpt.matched_terms)
        start = text.find(excerpt.text)
        if start >= 0 and excerpt.text != text:
            content = content.stylize("reverse", start, start + len(excerpt.text))
        return content

    def _studies(self) -> list[Option]:
        assistant = self.source
        keys = [c.key for c in assistant.corpus.citations if c.paragraph_id == self.paragraph_id]
        if not keys and self.excerpt:
            keys = list(self.excerpt.study_keys)
        options = []
        for key in dict.fromkeys(k for k in keys if k):
            study = assistant.study(key)
            if study is not None:
                label = Content.assemble(
                    weight_badge(study.evidence_weight), f" {study.key}: {study.title}"
                )
                options.append(Option(label, id=key))
        return options

    # --- actions -------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from tui.screens.study import StudyScreen

        if event.option.id:
            self.app.push_screen(StudyScreen(self.source, event.option.id))

    def action_ask_section(self) -> None:
        number, title, theme, _page = self._section()
        if number:
            self.ask(section_question(number, title, theme))
