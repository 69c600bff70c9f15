"""Browse the report: themes, mechanisms, knowledge gaps, method and the study table.

Whatever is highlighted can be asked about with one key (s).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Footer,
    Header,
    Label,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from tui.screens.base import EvidensScreen
from tui.screens.prompts import (
    METHOD_QUESTION,
    gap_question,
    mechanism_question,
    section_question,
    study_question,
)
from tui.widgets.format import place
from tui.widgets.status_bar import StatusBar
from tui.widgets.study_table import StudyTable

if TYPE_CHECKING:
    from assistant.engine import Assistant

TABS = ("temaer", "mekanismer", "videnshuller", "metode", "studier")
TAB_TITLES = ("1 Temaer", "2 Mekanismer", "3 Videnshuller", "4 Metode", "5 Studier")
MECHANISM_SECTION = "3.1.2"
METHOD_SECTION = "B1.3"
#: The B1.3 paragraph where the account of how weights were assigned begins.
WEIGHT_METHOD_OPENING = "Vurderingen af studiernes metodiske kvalitet"


@dataclass(frozen=True)
class Item:
    label: Content
    detail: Content
    question: str


def _detail(heading: str, *texts: str) -> Content:
    body = "\n\n".join(t for t in texts if t)
    return Content.assemble((heading, "bold"), "\n\n", body)


def theme_items(assistant: Assistant) -> list[Item]:
    items = []
    for section in assistant.corpus.sections:
        if section.theme is None:
            continue
        texts = [p.text for p in assistant.corpus.paragraphs if p.section == section.number]
        if section.level == 2:
            label = Content.styled(section.title, "bold")
            subsections = [
                f"  {s.number} {s.title}"
                for s in assistant.corpus.sections
                if s.number.startswith(section.number + ".")
            ]
            texts = [*texts, "Underafsnit:\n" + "\n".join(subsections)]
        else:
            label = Content(f"  {section.number} {section.title}")
        heading = place(section.number, section.title, section.page_start)
        question = section_question(section.number, section.title, section.theme)
        items.append(Item(label, _detail(heading, *texts), question))
    return items


def mechanism_items(assistant: Assistant) -> list[Item]:
    section = assistant.sections[MECHANISM_SECTION]
    items = []
    for paragraph in assistant.corpus.paragraphs:
        if paragraph.section == section.number and paragraph.text.startswith("Aktivering af"):
            name = paragraph.text.split(":", 1)[0].strip()
            heading = place(section.number, section.title, paragraph.page)
            items.append(
                Item(Content(name), _detail(heading, paragraph.text), mechanism_question(name))
            )
    return items


def gap_items(assistant: Assistant) -> list[Item]:
    items = []
    for gap in assistant.gaps:
        record = gap.record
        heading = f"Videnshul {record.number}: {record.title} · kapitel 4 · s. {record.page}"
        items.append(
            Item(
                Content(f"{record.number}. {record.title}"),
                _detail(heading, record.text),
                gap_question(record.title),
            )
        )
    return items


def method_items(assistant: Assistant) -> list[Item]:
    section = assistant.sections[METHOD_SECTION]
    paragraphs = [p for p in assistant.corpus.paragraphs if p.section == section.number]
    start = next(
        (i for i, p in enumerate(paragraphs) if p.text.startswith(WEIGHT_METHOD_OPENING)), 0
    )
    heading = place(section.number, section.title, paragraphs[start].page if paragraphs else "")
    items = [
        Item(
            Content("Sådan er evidensvægten tildelt"),
            _detail(heading, *(p.text for p in paragraphs[start:])),
            METHOD_QUESTION,
        ),
        Item(
            Content("Studiernes fordeling og design"),
            _detail(heading, *(p.text for p in paragraphs[:start])),
            "Hvilke undersøgelsesdesign har studierne?",
        ),
    ]
    for box in assistant.corpus.boxes:
        if box.kind == "table" and box.text:
            items.append(
                Item(
                    Content(box.title.strip()),
                    _detail(f"{box.title.strip()} · s. {box.page}", box.text),
                    METHOD_QUESTION,
                )
            )
    return items


class BrowseScreen(EvidensScreen):
    """Five tabs; 1-5 switch, s asks about the highlighted item, Esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Tilbage"),
        Binding("s", "ask_selected", "Spørg om valgte"),
        Binding("1", "tab(0)", "Faneblad", key_display="1-5"),
        *[Binding(str(n + 1), f"tab({n})", TAB_TITLES[n], show=False) for n in range(1, 5)],
    ]

    def __init__(self, assistant: Assistant) -> None:
        super().__init__(assistant)
        self.source = assistant
        self.items: dict[str, list[Item]] = {
            "temaer": theme_items(assistant),
            "mekanismer": mechanism_items(assistant),
            "videnshuller": gap_items(assistant),
            "metode": method_items(assistant),
        }

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        with TabbedContent(*TAB_TITLES, id="tabs"):
            for tab in TABS[:4]:
                with TabPane(TAB_TITLES[TABS.index(tab)], id=tab), Horizontal(classes="browse"):
                    yield OptionList(
                        *[
                            Option(item.label, id=f"{tab}-{n}")
                            for n, item in enumerate(self.items[tab])
                        ],
                        id=f"list-{tab}",
                        classes="browse-list",
                    )
                    with VerticalScroll(id=f"detail-{tab}", classes="browse-detail"):
                        yield Static(
                            self.items[tab][0].detail if self.items[tab] else "", id=f"text-{tab}"
                        )
            with TabPane(TAB_TITLES[4], id="studier"):
                yield Label("", id="study-state", classes="hint")
                yield StudyTable(self.source.corpus.studies, id="study-table")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Gennemse rapporten"
        self.query_one("#list-temaer", OptionList).focus()

    # --- navigation ----------------------------------------------------------------------

    def action_tab(self, index: int) -> None:
        tab = TABS[index]
        self.query_one(TabbedContent).active = tab
        target = "#study-table" if tab == "studier" else f"#list-{tab}"
        self.query_one(target).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id or ""
        target = "#study-table" if tab == "studier" else f"#list-{tab}"
        self.query_one(target).focus()

    def action_back(self) -> None:
        focused = self.focused
        if focused is not None and "browse-detail" in focused.classes:
            tab = (focused.id or "").removeprefix("detail-")
            self.query_one(f"#list-{tab}").focus()
        else:
            self.app.switch_mode("ask")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        tab, _, n = (event.option.id or "").rpartition("-")
        if tab in self.items:
            self.query_one(f"#text-{tab}", Static).update(self.items[tab][int(n)].detail)
            self.query_one(f"#detail-{tab}").scroll_home(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        tab, _, _ = (event.option.id or "").rpartition("-")
        if tab in self.items:
            self.query_one(f"#detail-{tab}").focus()

    def on_study_table_opened(self, message: StudyTable.Opened) -> None:
        from tui.screens.study import StudyScreen

        self.app.push_screen(StudyScreen(self.source, message.key))

    def on_study_table_changed(self, message: StudyTable.Changed) -> None:
        self.query_one("#study-state", Label).update(
            Content(f"{message.description}  (v/a/d sortér · t tema · Enter åbn · s spørg)")
        )

    # --- asking --------------------------------------------------------------------------

    def selected_question(self) -> str | None:
        tab = self.query_one(TabbedContent).active
        if tab == "studier":
            key = self.query_one(StudyTable).highlighted_key
            return study_question(key) if key else None
        option_list = self.query_one(f"#list-{tab}", OptionList)
        index = option_list.highlighted
        return self.items[tab][index].question if index is not None else None

    def action_ask_selected(self) -> None:
        question = self.selected_question()
        if question:
            self.ask(question)
