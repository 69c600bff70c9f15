"""Shown while the search index is built (first start, or after the report changed)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, ProgressBar, Static

STAGES = {
    "keywords": "Søgeord (BM25)",
    "embedding": "Betydning (embeddings)",
    "vectors": "Vektorindeks",
}


#: What the index layer says (English, one line) -> what the user reads.
REASONS = (
    ("no index in", "Der er intet søgeindeks endnu; det bygges nu."),
    ("index is stale", "Rapporten eller modellen er ændret; søgeindekset bygges igen."),
    ("index is corrupt", "Søgeindekset er beskadiget; det bygges igen."),
    ("another process is building", "Et andet Evidens-vindue bygger indekset; venter på det."),
)


def explain(message: str) -> str:
    """The Danish sentence for a build message, with the original as the detail."""
    for prefix, danish in REASONS:
        if message.startswith(prefix):
            return f"{danish}\n({message})"
    return message


class LoadingScreen(Screen):
    """A progress bar per build stage; Esc or Ctrl+Q cancels and quits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.cancel_loading", "Afbryd og afslut"),
    ]

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self.reason = reason

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="loading-box") as box:
            box.border_title = "BYGGER SØGEINDEKS"
            yield Static(
                "Første gang Evidens starter (eller når rapporten er ændret), bygges et "
                "søgeindeks over rapporten. Med den indbyggede model tager det få sekunder, "
                "fordi rapportens vektorer følger med; en anden model kan tage et par minutter.",
                markup=False,
            )
            yield Static(explain(self.reason), id="loading-reason", markup=False)
            yield Label("Forbereder …", id="loading-stage")
            yield ProgressBar(total=1, show_eta=False, id="loading-bar")
            yield Static("Esc eller Ctrl+Q: afbryd og afslut", classes="hint", markup=False)
        yield Footer(compact=True, show_command_palette=False)

    def say(self, message: str) -> None:
        self.query_one("#loading-reason", Static).update(explain(message))

    def progress(self, stage: str, done: int, total: int) -> None:
        label = STAGES.get(stage, stage)
        self.query_one("#loading-stage", Label).update(f"{label}: {done} af {total}")
        self.query_one("#loading-bar", ProgressBar).update(total=max(total, 1), progress=done)
