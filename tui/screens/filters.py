"""The filter dialog: minimum evidence weight and theme, applied to the next answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.widgets.format import THEME_SHORT, theme_label

WEIGHTS: dict[str, str | None] = {"alle": None, "medium": "Medium", "hoej": "Høj"}
WEIGHT_LABELS = {
    "alle": "Alle uddrag",
    "medium": "[MEDIUM] eller [HØJ]",
    "hoej": "Kun [HØJ]",
}


@dataclass(frozen=True)
class FilterState:
    """What the user chose; the app turns it into the assistant's `Filters`."""

    theme: int | None = None
    min_weight: str | None = None

    def label(self) -> str:
        weight = f"Vægt ≥ {self.min_weight.upper()}" if self.min_weight else "Alle vægte"
        return f"{weight} · {theme_label(self.theme)}"


class FilterScreen(ModalScreen[FilterState | None]):
    """Two lists; the highlighted entries are the choice; Enter applies, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annullér"),
        Binding("r", "clear", "Nulstil"),
        Binding("enter", "apply", "Anvend", priority=True),
    ]

    def __init__(self, current: FilterState) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        weight_key = next(k for k, v in WEIGHTS.items() if v == self.current.min_weight)
        with Vertical(id="filter-dialog") as dialog:
            dialog.border_title = "FILTRE"
            with Horizontal():
                with Vertical():
                    yield Label("Mindste evidensvægt", classes="heading")
                    weights = OptionList(
                        *[Option(Content(WEIGHT_LABELS[k]), id=k) for k in WEIGHTS], id="weight"
                    )
                    yield weights
                with Vertical():
                    yield Label("Tema", classes="heading")
                    themes = [Option("Alle temaer", id="tema-0")] + [
                        Option(Content(f"{n}. {name}"), id=f"tema-{n}")
                        for n, name in THEME_SHORT.items()
                    ]
                    yield OptionList(*themes, id="theme")
            yield Static("", id="filter-preview", markup=False)
            yield Static(
                "↑/↓ vælg · Tab skift liste · Enter anvend · r nulstil · Esc annullér",
                classes="hint",
                markup=False,
            )
        self._initial = (list(WEIGHTS).index(weight_key), self.current.theme or 0)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        weight_index, theme_index = self._initial
        self.query_one("#weight", OptionList).highlighted = weight_index
        self.query_one("#theme", OptionList).highlighted = theme_index
        self.query_one("#weight", OptionList).focus()
        self._preview()

    def _choice(self) -> FilterState:
        weight = self.query_one("#weight", OptionList).highlighted or 0
        theme = self.query_one("#theme", OptionList).highlighted or 0
        return FilterState(theme=theme or None, min_weight=list(WEIGHTS.values())[weight])

    def _preview(self) -> None:
        self.query_one("#filter-preview", Static).update(f"Bliver: {self._choice().label()}")

    def on_option_list_option_highlighted(self) -> None:
        self._preview()

    def action_apply(self) -> None:
        self.dismiss(self._choice())

    def action_clear(self) -> None:
        self.query_one("#weight", OptionList).highlighted = 0
        self.query_one("#theme", OptionList).highlighted = 0

    def action_cancel(self) -> None:
        self.dismiss(None)
