"""The answer as the user reads it, top to bottom.

Question (and how a follow-up was understood), notices, the short answer, a
knowledge-gap panel, excerpt cards, the evidence summary and the citations. An
abstention ("no evidence") and an unusable input each get their own panel with a
text label, so they read the same without colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label, Static

from tui.labels import Labels, labels
from tui.widgets.cards import CitationItem, ExcerptCard

if TYPE_CHECKING:
    from assistant.models import Answer

WELCOME = """\
Stil et spørgsmål om rapporten “Viden til at komme i mål med integration” \
(Rambøll/CABI 2016) – på dansk eller engelsk.

Eksempler:
  • Virker privat løntilskud for flygtninge?
  • Hvorfor virker virksomhedspraktik?
  • Hvad ved vi om kvinder med flygtningebaggrund?

Svaret er rapportens egne sætninger med afsnit, side og evidensvægt \
([HØJ] / [MEDIUM]). Opfølgende spørgsmål (“og for kvinder?”) bygger på det forrige.

Tab: gå til uddrag og kilder · Enter: åbn · F1: alle taster · Ctrl+P: kommandoer"""

INPUT_HINT = "Skriv et spørgsmål med ord, fx “Hvad virker for kvinder?”."


class AnswerView(VerticalScroll, can_focus=False):
    """Shows one `Answer`; set `answer` to replace what is shown."""

    answer: reactive[Answer | None] = reactive(None, recompose=True)

    def __init__(self, *, empty_text: str = WELCOME, **kwargs) -> None:
        super().__init__(**kwargs)
        self.empty_text = empty_text

    def compose(self) -> ComposeResult:
        answer = self.answer
        if answer is None:
            yield Static(self.empty_text, classes="welcome", markup=False)
            return
        say = labels(answer.language)
        yield from self._head(answer, say)
        if answer.error:
            panel = Static(
                f"{answer.error}\n{INPUT_HINT}", classes="panel input-error", markup=False
            )
            panel.border_title = say.unusable.upper()
            yield panel
            return
        yield from self._body(answer, say)

    def watch_answer(self) -> None:
        self.scroll_home(animate=False)

    @staticmethod
    def _head(answer: Answer, say: Labels) -> ComposeResult:
        question = Content.assemble((f"{say.question}: ", "bold"), answer.question or "–")
        yield Static(question, classes="question")
        if answer.resolved_question and answer.resolved_question != answer.question:
            resolved = Content.assemble(
                (f"{say.interpreted_as}: ", "italic"), answer.resolved_question
            )
            yield Static(resolved, classes="resolved")
        for notice in answer.notices:
            yield Static(f"! {notice}", classes="notice", markup=False)

    @staticmethod
    def _body(answer: Answer, say: Labels) -> ComposeResult:
        if answer.abstained:
            panel = Static(answer.answer, classes="panel no-evidence", markup=False)
            panel.border_title = say.no_evidence_title.upper()
            yield panel
        else:
            yield Static(answer.answer, classes="short-answer", markup=False)
        if answer.knowledge_gap is not None:
            gap = answer.knowledge_gap
            panel = Static(
                Content.assemble((gap.title, "bold"), "\n", gap.text), classes="panel gap"
            )
            where = f"{say.chapter} 4 · {say.page} {gap.page}"
            panel.border_title = f"{say.gap.upper()} {gap.number} · {where}"
            yield panel
        if answer.excerpts:
            yield Label(f"{say.excerpts} ({len(answer.excerpts)})", classes="heading")
            for n, excerpt in enumerate(answer.excerpts, start=1):
                yield ExcerptCard(n, excerpt, say, classes="card")
        if answer.evidence_summary:
            yield Static(answer.evidence_summary, classes="summary", markup=False)
        if answer.citations:
            yield Label(f"{say.sources} ({len(answer.citations)})", classes="heading")
            for citation in answer.citations:
                yield CitationItem(citation, classes="citation")
