"""The study card: everything Bilag 2 says about one study, and every place citing it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.base import EvidensScreen
from tui.screens.prompts import study_question
from tui.widgets.format import place, theme_label, weight_badge
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from assistant.engine import Assistant
    from corpus.models import Study


def study_card(study: Study, publisher: str | None = None) -> Content:
    """The card's text: one labelled line per field, weight spelled out."""
    rows: list[tuple[str, str | Content]] = [
        ("Evidensvægt", Content.assemble(weight_badge(study.evidence_weight))),
        ("Forfattere", study.authors),
        ("År", str(study.year)),
        ("Titel", study.title),
        ("Udgiver", study.publisher or publisher or "–"),
        ("Design", study.design),
        ("Målgruppe", study.target_group),
        ("Resultat", study.result),
        ("Temaer", "; ".join(theme_label(t) for t in study.themes) or "–"),
        ("Bilag 2", "s. " + ", ".join(study.pages) if study.pages else "–"),
    ]
    lines: list[Content | str] = []
    for label, value in rows:
        lines += [Content.styled(f"{label}: ", "bold"), value, "\n"]
    return Content.assemble(*lines[:-1])


SNIPPET = 48


class StudyScreen(EvidensScreen):
    """One study; Enter on a citing place opens that paragraph."""

    AUTO_FOCUS = "#places"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Tilbage"),
        Binding("s", "ask_study", "Spørg om studiet"),
    ]

    def __init__(self, assistant: Assistant, key: str) -> None:
        super().__init__(assistant)
        self.source = assistant
        self.key = key

    def compose(self) -> ComposeResult:
        study = self.source.study(self.key)
        yield Header()
        yield StatusBar()
        with VerticalScroll(id="study"):
            if study is None:
                yield Static(f"Studiet {self.key} findes ikke i rapporten.", markup=False)
            else:
                card = Static(study_card(study), classes="panel study-card")
                card.border_title = f"STUDIE · {study.key}"
                yield card
                places = self.source.citing_places(self.key)
                yield Label(
                    f"Citeret {len(places)} steder i rapporten (Enter: åbn)", classes="heading"
                )
                yield OptionList(
                    *[Option(self._place(*entry), id=entry[3]) for entry in places],
                    id="places",
                )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = self.key
        for places in self.query("#places").results(OptionList):
            places.highlighted = 0 if places.option_count else None
        # Focusing the list scrolls it into view; the card's head matters more on a small screen.
        study = self.query_one("#study")
        self.call_after_refresh(study.scroll_home, animate=False)

    def _place(self, number: str, title: str, page: str, paragraph_id: str) -> Content:
        """ "3.2.3 Målgruppe · s. 16  “Flere af studierne …”": places on one page differ."""
        paragraph = self.source.paragraphs.get(paragraph_id)
        opening = paragraph.text[:SNIPPET].rsplit(" ", 1)[0] + " …" if paragraph else ""
        return Content.assemble(place(number, title, page), "  ", (opening, "italic"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from tui.screens.paragraph import ParagraphScreen

        if event.option.id:
            self.app.push_screen(ParagraphScreen(self.source, event.option.id))

    def action_ask_study(self) -> None:
        self.ask(study_question(self.key))
