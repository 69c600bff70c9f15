"""Trainer mode: a guided tour of the report for a room, one step per theme and one for gaps.

Each step has a short heading, a note for the trainer and prepared questions. The
first question is asked when the step opens; Enter asks the highlighted one.
Every question starts a fresh conversation, so steps do not lean on each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.screens.base import EvidensScreen
from tui.widgets.answer_view import AnswerView
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from assistant.engine import Assistant
    from assistant.models import Answer


@dataclass(frozen=True)
class Step:
    heading: str
    note: str
    questions: tuple[str, ...]


TOUR: tuple[Step, ...] = (
    Step(
        "Tema 1: Integrationsprogram herunder danskuddannelse",
        "Programmet og danskuddannelsen er rammen om de første år. Læg mærke til, hvilke "
        "fund der bygger på studier med høj evidensvægt, og hvilke kun på medium.",
        (
            "Hvilken effekt har danskuddannelse på beskæftigelsen?",
            "Virker det at kombinere danskundervisning med virksomhedspraktik?",
            "Hvorfor virker sprogundervisning tæt på arbejdspladsen?",
        ),
    ),
    Step(
        "Tema 2: Samtaler",
        "Samtaler er jobcentrets mest brugte redskab. Spørg salen: hvad skal der til, "
        "før en samtale flytter borgeren tættere på job?",
        (
            "Virker hyppige samtaler for flygtninge og indvandrere?",
            "Hvorfor virker samtaler med fokus på job?",
            "Hvordan skal kommunen organisere samtalerne?",
        ),
    ),
    Step(
        "Tema 3: Virksomhedsrettede indsatser",
        "Her er evidensen stærkest. Sammenlign privat og offentligt løntilskud, og se "
        "hvilke studier der bærer konklusionen.",
        (
            "Virker privat løntilskud for flygtninge?",
            "Hvad er forskellen på privat og offentligt løntilskud?",
            "Hvorfor virker virksomhedspraktik?",
        ),
    ),
    Step(
        "Tema 4: Vejledning, afklaring, opkvalificering og uddannelsesaktivering",
        "Resultaterne er blandede. Brug trinnet til at tale om, hvorfor en indsats kan "
        "virke for nogle grupper og ikke for andre.",
        (
            "Virker vejledning og opkvalificering for flygtninge?",
            "Hvad ved vi om mentorordninger?",
            "Hvilke målgrupper har gavn af uddannelsesaktivering?",
        ),
    ),
    Step(
        "Tema 5: Sanktioner, ydelsesniveau og refusionssystem",
        "Økonomiske incitamenter er politisk omdiskuterede. Hold fast i, hvad studierne "
        "faktisk viser, og hvor sikre de er.",
        (
            "Hvilken effekt har sanktioner på beskæftigelsen?",
            "Virker et lavere ydelsesniveau som starthjælp?",
            "Hvordan påvirker refusionssystemet kommunernes indsats?",
        ),
    ),
    Step(
        "Videnshuller: hvad rapporten ikke ved",
        "Rapporten peger selv på syv videnshuller. Slut af med dem: hvad skal vi være "
        "varsomme med at konkludere?",
        (
            "Hvordan virker kombinationer og rækkefølge af forløb?",
            "Hvilken kommunal organisering virker bedst?",
            "Hvorfor ansætter virksomheder flygtninge?",
        ),
    ),
)

TRAINER_EMPTY = "Vælg et spørgsmål og tryk Enter."


class TrainerScreen(EvidensScreen):
    """The tour; n/→ next step, p/← previous, Enter asks the highlighted question."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,right", "step(1)", "Næste trin", key_display="n/→"),
        Binding("p,left", "step(-1)", "Forrige trin", key_display="p/←"),
        Binding("escape", "back", "Tilbage"),
    ]

    step: reactive[int] = reactive(0, init=False)

    def __init__(self, assistant: Assistant, tour: tuple[Step, ...] = TOUR) -> None:
        super().__init__(assistant)
        self.tour = tour

    def compose(self) -> ComposeResult:
        yield Header()
        yield StatusBar()
        yield Static("", id="step-heading")
        yield Static("", id="step-note", markup=False)
        yield OptionList(id="step-questions")
        yield AnswerView(id="trainer-answer", empty_text=TRAINER_EMPTY)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = "Undervisning"
        self._show_step()

    def watch_step(self) -> None:
        self._show_step()

    def _show_step(self) -> None:
        step = self.tour[self.step]
        heading = Content.assemble(
            (f"Trin {self.step + 1} af {len(self.tour)} · ", "bold"), (step.heading, "bold")
        )
        self.query_one("#step-heading", Static).update(heading)
        self.query_one("#step-note", Static).update(step.note)
        questions = self.query_one("#step-questions", OptionList)
        questions.clear_options()
        questions.add_options([Option(Content(q)) for q in step.questions])
        questions.highlighted = 0
        questions.focus()
        self.query_one(AnswerView).answer = None
        self.ask(step.questions[0], here=True, fresh=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.ask(self.tour[self.step].questions[event.option_index], here=True, fresh=True)

    def show_answer(self, answer: Answer) -> None:
        self.query_one(AnswerView).answer = answer

    def action_step(self, delta: int) -> None:
        self.step = max(0, min(len(self.tour) - 1, self.step + delta))

    def action_focus_question(self) -> None:
        self.query_one("#step-questions").focus()

    def action_back(self) -> None:
        self.app.switch_mode("ask")
