"""The Evidens Textual app: loads the assistant in the background and routes questions.

The ask screen is painted first; the report, the index and spaCy load in a thread
worker afterwards (a build, when needed, shows a progress screen). Questions are
answered in a thread worker too, one at a time, and each answer goes to the screen
that asked. `make_app()` builds the app for both `evidens` and the tests, which
inject an already-built assistant.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from tui.history import History
from tui.screens.ask import AskScreen
from tui.screens.base import AskRequested, EvidensScreen
from tui.screens.filters import FilterScreen, FilterState
from tui.screens.loading import LoadingScreen
from tui.widgets.palette import StudyCommands, binding_commands

if TYPE_CHECKING:
    from assistant.engine import Assistant
    from assistant.models import Answer

#: Called in a worker thread as `factory(on_message=..., progress=...)`; may build the index.
AssistantFactory = Callable[..., "Assistant"]
WARM_UP_QUESTION = "Virker privat løntilskud for flygtninge?"
LOADING = "Indlæser rapporten …"


class Request(NamedTuple):
    """Who asked (None: the ask screen) and, if it was typed, the question for the history."""

    target: EvidensScreen | None
    record: str | None


class BuildCancelled(Exception):
    """The user quit while the index was being built."""


def default_factory(*, on_message: Callable[[str], None], progress: Any) -> Assistant:
    from assistant.service import open_assistant
    from assistant.settings import load_settings

    return open_assistant(load_settings(), on_message=on_message, progress=progress)


def default_data_dir() -> Path:
    from assistant.settings import load_settings

    return load_settings().data_dir


class EvidensApp(App[int], inherit_bindings=False):
    """Ask, inspect, browse, filter, export, train."""

    TITLE = "Evidens"
    SUB_TITLE = "Viden til at komme i mål med integration (2016)"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {StudyCommands}
    MODES: ClassVar[dict[str, Any]] = {"ask": AskScreen}
    DEFAULT_MODE = "ask"
    # Not inherited (see the class line): our order, help first and quit last, reads
    # better in a footer cut at 80 columns.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "toggle_help", "Hjælp", priority=True),
        Binding("ctrl+p", "command_palette", "Kommandoer", priority=True),
        Binding("ctrl+g", "browse", "Gennemse", priority=True),
        Binding("ctrl+t", "trainer", "Undervis", priority=True),
        Binding("ctrl+f", "filters", "Filtre", priority=True),
        Binding("ctrl+s", "export", "Eksport", priority=True),
        Binding("ctrl+y", "copy_answer", "Kopiér svar", priority=True),
        Binding("ctrl+n", "new_conversation", "Ny samtale", priority=True),
        Binding("ctrl+l", "toggle_dark", "Lys/mørk", priority=True),
        Binding("ctrl+q", "quit", "Afslut", priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    #: Actions that need the loaded assistant; hidden from the footer until then.
    NEEDS_ASSISTANT = frozenset(
        {"browse", "trainer", "filters", "export", "copy_answer", "new_conversation"}
    )

    filters: reactive[FilterState] = reactive(FilterState)
    filter_label: reactive[str] = reactive(FilterState().label())
    question_count: reactive[int] = reactive(0)
    busy_label: reactive[str] = reactive(LOADING)
    state_label: reactive[str] = reactive("")

    def __init__(
        self,
        assistant_factory: AssistantFactory = default_factory,
        *,
        data_dir: Path | None = None,
        clock: Callable[[], datetime] = datetime.now,
        warm_up: bool = True,
    ) -> None:
        super().__init__()
        self.assistant_factory = assistant_factory
        self.data_dir = data_dir
        self.clock = clock
        self.warm_up = warm_up
        self.assistant: Assistant | None = None
        self.history = History()
        self.transcript: list[Answer] = []
        self.last_export: Path | None = None
        self._ask_lock = threading.Lock()
        self._reset_pending = False
        self._targets: dict[Worker, Request] = {}
        self._history_lock = threading.Lock()
        self._pending: AskRequested | None = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.NEEDS_ASSISTANT and self.assistant is None)

    @property
    def ask_screen(self) -> AskScreen:
        return next(s for s in self.get_screen_stack("ask") if isinstance(s, AskScreen))

    def on_mount(self) -> None:
        self.load_assistant()

    # --- loading -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_assistant(self) -> tuple[Assistant, History]:
        worker = get_current_worker()

        def on_message(message: str) -> None:
            if not worker.is_cancelled:
                self.call_from_thread(self._show_loading, message)

        def progress(stage: str, done: int, total: int) -> None:
            if worker.is_cancelled:
                raise BuildCancelled
            self.call_from_thread(self._loading_progress, stage, done, total)

        data_dir = self.data_dir or default_data_dir()
        self.data_dir = data_dir
        assistant = self.assistant_factory(on_message=on_message, progress=progress)
        if self.warm_up:
            # The first question pays for lazy model loading; pay it here, not on Enter.
            assistant.ask(WARM_UP_QUESTION)
            assistant.reset()
        return assistant, History.load(data_dir / "history.jsonl")

    def _show_loading(self, message: str) -> None:
        if isinstance(self.screen, LoadingScreen):
            self.screen.say(message)
        else:
            self.push_screen(LoadingScreen(message))

    def _loading_progress(self, stage: str, done: int, total: int) -> None:
        if isinstance(self.screen, LoadingScreen):
            self.screen.progress(stage, done, total)

    def _loaded(self, assistant: Assistant, history: History) -> None:
        self.assistant = assistant
        self.history = history
        while isinstance(self.screen, LoadingScreen):
            self.pop_screen()
        self.ask_screen.assistant = assistant
        self.ask_screen.set_history(history)
        self.refresh_bindings()
        self.busy_label = ""
        self.state_label = "Klar"
        from tui.screens.browse import BrowseScreen
        from tui.screens.trainer import TrainerScreen

        self.add_mode("browse", partial(BrowseScreen, assistant))
        self.add_mode("trainer", partial(TrainerScreen, assistant))
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.on_ask_requested(pending)

    def _load_failed(self, error: BaseException) -> None:
        from tui.screens.error import ErrorScreen, describe_failure

        while isinstance(self.screen, LoadingScreen):
            self.pop_screen()
        self.busy_label = ""
        self.state_label = "Fejl"
        message, fix = describe_failure(error, str(self.data_dir or "datamappen"))
        self.push_screen(ErrorScreen(message, fix))

    def action_cancel_loading(self) -> None:
        self.workers.cancel_group(self, "load")
        self.exit(
            return_code=1,
            message="evidens: indeksbygningen blev afbrudt; den starter forfra næste gang.",
        )

    def action_retry_loading(self) -> None:
        from tui.screens.error import ErrorScreen

        if isinstance(self.screen, ErrorScreen):
            self.pop_screen()
        self.busy_label = LOADING
        self.load_assistant()

    # --- asking --------------------------------------------------------------------------

    def on_ask_requested(self, message: AskRequested) -> None:
        message.stop()
        target = message.reply_to
        if target is None:
            self._bring_ask_screen_forward()
        if self.assistant is None:
            self._pending = message
            self.notify("Spørgsmålet besvares, så snart rapporten er indlæst.")
            return
        worker = self.answer_question(message.question, self.filters, message.fresh)
        self._targets[worker] = Request(target, message.question if message.record else None)
        self.busy_label = "Søger …"

    def _bring_ask_screen_forward(self) -> None:
        if self.current_mode != "ask":
            self.switch_mode("ask")
        while not isinstance(self.screen, AskScreen) and len(self.screen_stack) > 1:
            self.pop_screen()

    @work(thread=True, exclusive=True, exit_on_error=False, group="ask")
    def answer_question(self, question: str, filters: FilterState, fresh: bool) -> Answer | None:
        from assistant.engine import Filters

        worker = get_current_worker()
        assistant = self.assistant
        if assistant is None:
            return None
        with self._ask_lock:  # exclusive cancels the worker, not its thread
            if worker.is_cancelled:
                return None
            if fresh or self._reset_pending:
                assistant.reset()
                self._reset_pending = False
            answer = assistant.ask(
                question,
                filters=Filters(theme=filters.theme, min_weight=filters.min_weight),  # type: ignore[arg-type]
            )
        return answer

    @work(thread=True, exit_on_error=False, group="history")
    def save_history(self, question: str) -> None:
        """Masked, atomic, off the answer's path (an fsync can take a while)."""
        with self._history_lock:
            self.history.add(question)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker results and errors reach the user."""
        worker, state = event.worker, event.state
        if state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        if worker.group == "load":
            if state == WorkerState.SUCCESS and worker.result is not None:
                self._loaded(*worker.result)
            elif state == WorkerState.ERROR and worker.error is not None:
                self._load_failed(worker.error)
            return
        request = self._targets.pop(worker, None)
        # A worker cancelled before it ran never reports; forget those too.
        self._targets = {w: r for w, r in self._targets.items() if not w.is_cancelled}
        if worker.group == "ask" and not self._targets and self.assistant is not None:
            self.busy_label = ""
        if state == WorkerState.SUCCESS and worker.group == "ask" and worker.result is not None:
            self._deliver(worker.result, request or Request(None, None))
        elif state == WorkerState.ERROR and worker.group == "history":
            error = worker.error
            reason = getattr(error, "strerror", None) or error
            self.notify(
                f"Historikken kunne ikke gemmes i {self.data_dir} ({reason}). "
                "Sæt EVIDENS_DATA_DIR til en skrivbar mappe.",
                severity="warning",
            )
        elif state == WorkerState.ERROR:
            self.notify(
                f"Det gik galt: {worker.error or 'ukendt fejl'}. Prøv igen, "
                "eller start Evidens igen.",
                title="Fejl",
                severity="error",
            )

    def _deliver(self, answer: Answer, request: Request) -> None:
        self.transcript.append(answer)
        self.question_count = len(self.transcript)
        (request.target or self.ask_screen).show_answer(answer)
        if request.record is not None:
            self.save_history(request.record)

    # --- filters -------------------------------------------------------------------------

    def watch_filters(self, filters: FilterState) -> None:
        self.filter_label = filters.label()

    def action_filters(self) -> None:
        if isinstance(self.screen, FilterScreen):
            return

        def chosen(state: FilterState | None) -> None:
            if state is not None and state != self.filters:
                self.filters = state
                self.notify(f"Filtre: {state.label()}. Gælder fra næste spørgsmål.")

        self.push_screen(FilterScreen(self.filters), chosen)

    # --- export and clipboard ------------------------------------------------------------

    def action_export(self) -> None:
        from tui.export import export_conversation

        if not self.transcript:
            self.notify("Der er ingen spørgsmål at eksportere endnu.", severity="warning")
            return
        directory = (self.data_dir or default_data_dir()) / "exports"
        try:
            path = export_conversation(
                self.transcript, directory, created=self.clock(), filters=self.filters.label()
            )
        except OSError as e:
            self.notify(
                f"Eksporten kunne ikke gemmes i {directory}: {e.strerror or e}. "
                "Sæt EVIDENS_DATA_DIR til en skrivbar mappe.",
                title="Eksport",
                severity="error",
            )
            return
        self.last_export = path
        self.notify(f"Samtalen er gemt som Markdown:\n{path}", title="Eksport", timeout=12)

    def action_copy_answer(self) -> None:
        from tui.export import answer_markdown

        if not self.transcript:
            self.notify("Der er intet svar at kopiere endnu.", severity="warning")
            return
        self.copy_to_clipboard(answer_markdown(self.transcript[-1]))
        self.notify("Det seneste svar er kopieret (hvis terminalen tillader udklipsholder).")

    # --- navigation ----------------------------------------------------------------------

    def _assistant_ready(self) -> bool:
        if self.assistant is None:
            self.notify("Rapporten indlæses stadig …", severity="warning")
        return self.assistant is not None

    def action_browse(self) -> None:
        if self._assistant_ready():
            self.switch_mode("browse")

    def action_trainer(self) -> None:
        if self._assistant_ready():
            self.switch_mode("trainer")

    def action_new_conversation(self) -> None:
        self._reset_pending = True
        self._bring_ask_screen_forward()
        self.ask_screen.show_answer(None)
        self.notify("Ny samtale: opfølgende spørgsmål bygger ikke længere på de forrige.")

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def open_study(self, key: str) -> None:
        from tui.screens.study import StudyScreen

        if self._assistant_ready() and self.assistant is not None:
            self.push_screen(StudyScreen(self.assistant, key))

    # --- command palette -----------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every binding shown in the footer, in Danish, then Textual's own (theme etc.)."""
        yield from binding_commands(self, screen)
        for command in super().get_system_commands(screen):
            if command.title not in {"Quit", "Keys"}:
                yield command


def make_app(
    assistant_factory: AssistantFactory | None = None,
    *,
    data_dir: Path | None = None,
    clock: Callable[[], datetime] = datetime.now,
    warm_up: bool = True,
) -> EvidensApp:
    """The app for `evidens` (default factory: build or load the real index) and for tests."""
    return EvidensApp(
        assistant_factory or default_factory, data_dir=data_dir, clock=clock, warm_up=warm_up
    )
