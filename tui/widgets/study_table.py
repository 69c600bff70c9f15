"""The 29 studies as a table: sortable by weight, year and design, filterable by theme."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from tui.widgets.format import weight_badge

if TYPE_CHECKING:
    from corpus.models import Study

KEY_WIDTH = max(len("Beskæftigelsesministeriet 2006"), 24)
DESIGN_WIDTH = 60
SORTS = {"weight": "vægt", "year": "år", "design": "design", "key": "forfatter"}
_RANK = {"Høj": 0, "Medium": 1}


def sort_key(study: Study, by: str) -> tuple:
    if by == "weight":
        return (_RANK.get(study.evidence_weight, 2), study.key)
    if by == "year":
        return (-study.year, study.key)
    if by == "design":
        return (study.design.lower(), study.key)
    return (study.key.lower(),)


class StudyTable(DataTable):
    """Rows keyed by study key; Enter posts `StudyTable.Opened`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "sort('weight')", "Sortér: vægt"),
        Binding("a", "sort('year')", "år"),
        Binding("d", "sort('design')", "design"),
        Binding("t", "next_theme", "Tema-filter"),
    ]

    sort_by: reactive[str] = reactive("weight")
    theme: reactive[int | None] = reactive(None)

    class Opened(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    class Changed(Message):
        """Sorting or filtering changed (the screen shows it in words)."""

        def __init__(self, description: str) -> None:
            super().__init__()
            self.description = description

    def __init__(self, studies: Sequence[Study], **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.studies = list(studies)

    def on_mount(self) -> None:
        self.add_column("Vægt", key="weight", width=10)
        self.add_column("År", key="year", width=4)
        self.add_column("Studie", key="key", width=KEY_WIDTH)
        self.add_column("Temaer", key="themes", width=9)
        self.add_column("Design", key="design", width=DESIGN_WIDTH)
        self._fill()

    def _fill(self) -> None:
        self.clear()
        rows = [s for s in self.studies if self.theme is None or self.theme in s.themes]
        for study in sorted(rows, key=lambda s: sort_key(s, self.sort_by)):
            self.add_row(
                weight_badge(study.evidence_weight),
                str(study.year),
                Content(study.key),
                ",".join(str(t) for t in study.themes),
                Content(study.design),
                key=study.key,
            )
        theme = f"tema {self.theme}" if self.theme else "alle temaer"
        self.post_message(
            self.Changed(f"{len(rows)} studier · {theme} · sorteret efter {SORTS[self.sort_by]}")
        )

    def watch_sort_by(self) -> None:
        if self.is_mounted:
            self._fill()

    def watch_theme(self) -> None:
        if self.is_mounted:
            self._fill()

    def action_sort(self, by: str) -> None:
        self.sort_by = by

    def action_next_theme(self) -> None:
        self.theme = None if self.theme == 5 else (self.theme or 0) + 1

    @property
    def highlighted_key(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return str(row_key.value) if row_key.value is not None else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(str(event.row_key.value)))
