"""Separate running text from what the PDF printed around it.

The extractor emits each page as: body text, then (after a separator line of
spaces) the footnotes, then boxes and source lists that were placed on the page,
then the running footer ("Viden til at komme i mål med integration", "3 af 43").
A paragraph interrupted by that material continues on the next page. This module
walks the pages of chapters 1-4 and Bilag 1 and returns the body lines as one
stream plus the footnotes, boxes and reference-list lines it lifted out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from corpus.models import Box, Footnote
from corpus.source import PageMap, Source
from corpus.text import Hyphenation, join_lines

RUNNING_TITLE = "Viden til at komme i mål med integration"
_FOOTNOTE_SEPARATOR = re.compile(r"^ {20,}$")
_PAGE_LABEL = re.compile(r"^\s*(\d{1,2} af 43|[123]-\d{1,2})\s*$")
_FOOTNOTE_START = re.compile(r"^(\d{1,2}) (\S.*)$")
_REFERENCE_START = re.compile(r"^1\. \S.*\(\d{4}\)")
_NUMBERED = re.compile(r"^\d\. \S")
_TABLE_CAPTION = re.compile(r"^ ?(Tabel \d+: .*)$")
_TABLE_NOTE = re.compile(r"^N ?= ?\d+")
_FIGURE_CAPTION = re.compile(r"^ ?(Figur \d+: .*)$")
_BOX_TITLE = re.compile(r"^ ?(Boks \d+ - .*)$")


@dataclass(frozen=True)
class Line:
    """A source line with its page: the unit the paragraph builder consumes."""

    number: int
    text: str
    page_index: int
    page_start: bool


@dataclass
class Layout:
    body: list[Line] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    reference_blocks: list[list[Line]] = field(default_factory=list)


def is_marker(text: str) -> bool:
    """A one-space line: the extractor's paragraph end."""
    return text != "" and text.strip() == "" and not _FOOTNOTE_SEPARATOR.match(text)


def _is_blank_or_footer(text: str) -> bool:
    return text.strip() == "" or is_footer(text)


def is_footer(text: str) -> bool:
    return text.strip() == RUNNING_TITLE or bool(_PAGE_LABEL.match(text))


class _PageReader:
    """State machine over one page's lines (see module docstring)."""

    def __init__(self, layout: Layout, page_map: PageMap, hyphenation: Hyphenation) -> None:
        self.layout = layout
        self.page_map = page_map
        self.hyphenation = hyphenation
        self.next_footnote = 1
        self.pending_box_titles: list[Line] = []

    def read(self, lines: list[Line]) -> None:
        state = "body"
        footnote: list[Line] = []
        tail: list[Line] = []
        table: list[Line] = []
        lines = self._lift_box_remnant(lines)
        for line in lines:
            text = line.text
            if text == "" or is_footer(text):
                continue
            if state == "table":
                table.append(line)
                if _TABLE_NOTE.match(text.strip()):
                    self._add_table(table)
                    table, state = [], "body"
                continue
            if _FOOTNOTE_SEPARATOR.match(text):
                state = "footnotes"
                continue
            if state in ("body", "footnotes") and _REFERENCE_START.match(text):
                self._flush_footnote(footnote)
                footnote, state = [], "references"
                self.layout.reference_blocks.append([])
            elif state in ("body", "footnotes") and self._starts_box_list(text, state):
                self._flush_footnote(footnote)
                footnote, state = [], "box"
            if state in ("references", "box"):
                self._tail_line(line, state, tail)
            elif state == "footnotes":
                footnote = self._footnote_line(line, footnote)
            else:
                state = self._body_line(line, state, table)
                if state == "table":
                    table = [line]
        self._flush_footnote(footnote)
        self._add_box_content(tail)

    def _tail_line(self, line: Line, state: str, tail: list[Line]) -> None:
        """Lines of a source list or box at the end of a page (not the running text)."""
        if is_marker(line.text):
            return
        if state == "references":
            self.layout.reference_blocks[-1].append(line)
        else:
            tail.append(line)

    def _starts_box_list(self, text: str, state: str) -> bool:
        """A numbered list after the footnotes or after an interrupted sentence is a box."""
        if not text.startswith("1. "):
            return False  # a box's list starts at 1; later items follow in the box state
        if state == "footnotes":
            return True
        previous = next((ln.text for ln in reversed(self.layout.body) if ln.text.strip()), "")
        return previous.rstrip().endswith(("-", "‐")) or previous.rstrip()[-1:].isalpha()

    def _body_line(self, line: Line, state: str, table: list[Line]) -> str:
        text = line.text
        if _TABLE_CAPTION.match(text):
            return "table"
        figure = _FIGURE_CAPTION.match(text)
        if figure:
            self._add_box("figure", figure.group(1), "", line)
            return state
        box = _BOX_TITLE.match(text)
        if box:
            self.pending_box_titles.append(line)
            return state
        self.layout.body.append(line)
        return state

    def _footnote_line(self, line: Line, footnote: list[Line]) -> list[Line]:
        match = _FOOTNOTE_START.match(line.text)
        if match and int(match.group(1)) == self.next_footnote:
            self._flush_footnote(footnote)
            self.next_footnote += 1
            return [line]
        if footnote and not is_marker(line.text):
            footnote.append(line)
        return footnote

    def _flush_footnote(self, footnote: list[Line]) -> None:
        if not footnote:
            return
        first = footnote[0]
        match = _FOOTNOTE_START.match(first.text)
        assert match is not None  # a footnote block always starts with its number
        text = join_lines([match.group(2)] + [ln.text for ln in footnote[1:]], self.hyphenation)
        page = self.page_map.pages[first.page_index]
        self.layout.footnotes.append(
            Footnote(
                number=int(match.group(1)),
                text=text,
                page=page.label,
                page_index=page.index,
                first_line=first.number,
            )
        )

    def _add_table(self, table: list[Line]) -> None:
        caption = _TABLE_CAPTION.match(table[0].text)
        title = caption.group(1).strip() if caption else table[0].text.strip()
        rows = [ln.text.strip() for ln in table[1:] if ln.text.strip()]
        self._add_box("table", title, "\n".join(rows), table[0])

    def _add_box_content(self, tail: list[Line]) -> None:
        if not tail:
            return
        title_line = self.pending_box_titles.pop(0) if self.pending_box_titles else tail[0]
        items: list[list[str]] = []
        for line in tail:
            if _NUMBERED.match(line.text) or not items:
                items.append([line.text])
            else:
                items[-1].append(line.text)
        text = "\n".join(join_lines(item, self.hyphenation) for item in items)
        self._add_box("box", title_line.text.strip(), text, title_line)

    def _add_box(self, kind: str, title: str, text: str, line: Line) -> None:
        page = self.page_map.pages[line.page_index]
        self.layout.boxes.append(
            Box(
                kind=kind,  # type: ignore[arg-type]
                title=title,
                text=text,
                page=page.label,
                page_index=page.index,
                first_line=line.number,
            )
        )

    def _lift_box_remnant(self, lines: list[Line]) -> list[Line]:
        """Two text break lines open this page: the first is the rest of a box.

        A source list that runs over a page break is emitted before the next
        page's body; its remnant belongs to the previous page's list.
        """
        texts = [ln for ln in lines if ln.text != ""]
        if len(texts) < 2 or len(lines) < 2 or not self.layout.reference_blocks:
            return lines
        first, second = texts[0], lines[1]
        opens_twice = first.page_start and first.text.strip() and second.text.startswith(" ")
        if not opens_twice or not second.text.strip() or _FIGURE_CAPTION.match(first.text):
            return lines
        self.layout.reference_blocks[-1].append(first)
        rest = [ln for ln in lines if ln is not first]
        return [replace(rest[0], page_start=True), *rest[1:]]


def read_layout(source: Source, page_map: PageMap, *, last_line: int) -> Layout:
    """Walk pages up to `last_line` (the line before Bilag 2) and split their content."""
    layout = Layout()
    reader = _PageReader(layout, page_map, Hyphenation(source.lines))
    for page in page_map.pages:
        if page.first_line > last_line:
            break
        end = min(page.last_line, last_line)
        numbers = list(range(page.first_line, end + 1))
        # The footer block that opens some pages (one-space lines, "3 af 43") is no
        # paragraph end: the paragraph open on the previous page goes on after it.
        while numbers and (
            is_marker(source.lines[numbers[0] - 1])
            or _is_blank_or_footer(source.lines[numbers[0] - 1])
        ):
            numbers.pop(0)
        lines = [
            Line(
                number=n,
                text=source.lines[n - 1],
                page_index=page.index,
                page_start=(i == 0),
            )
            for i, n in enumerate(numbers)
        ]
        reader.read(lines)
    return layout
