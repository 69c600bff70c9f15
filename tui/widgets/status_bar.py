"""The one-line status bar: active filters, questions so far, and what the app is doing.

While `busy` is set, a spinner turns (ten frames a second) so a frozen UI is
visible at a glance, and measurable by `scripts/bench_tui.py`.
"""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class StatusBar(Widget):
    """Filters on the left, state on the right; mirrors the app's status reactives."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    filters: reactive[str] = reactive("Alle vægte · Alle temaer")
    questions: reactive[int] = reactive(0)
    busy: reactive[str] = reactive("")
    state: reactive[str] = reactive("Klar")
    _frame: reactive[int] = reactive(0)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._timer: Timer | None = None

    #: App reactive -> own reactive; the app is the one source of this state.
    SOURCES: ClassVar[dict[str, str]] = {
        "filter_label": "filters",
        "question_count": "questions",
        "busy_label": "busy",
        "state_label": "state",
    }

    def on_mount(self) -> None:
        for source, own in self.SOURCES.items():
            if hasattr(self.app, source):
                self.watch(self.app, source, self._mirror(own))

    def _mirror(self, own: str):
        def update(value: object) -> None:
            setattr(self, own, value)

        return update

    def render(self) -> Content:
        if self.busy:
            right = Content.styled(f"{SPINNER[self._frame % len(SPINNER)]} {self.busy}", "bold")
        else:
            right = Content(self.state)
        left = Content.assemble(("Filtre: ", "bold"), self.filters)
        middle = f"  Spørgsmål: {self.questions}  " if self.questions else "  "
        used = left.cell_length + len(middle) + right.cell_length
        gap = " " * max(1, self.size.width - used)
        return Content.assemble(left, middle, gap, right)

    def watch_busy(self, busy: str) -> None:
        if busy and self._timer is None:
            self._timer = self.set_interval(0.1, self._spin)
        elif not busy and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _spin(self) -> None:
        self._frame += 1
