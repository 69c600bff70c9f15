"""Rebuild paragraphs, list items and sections from the body line stream.

Rules, in the order they are tried for each body line:
* a one-space line ends the current paragraph;
* a heading the outline accepts starts a section;
* a line that starts with a space opens a bullet, unless it is the first line of
  a page (then it continues whatever was open);
* "- " opens a list item, and so does "1. " when no sentence is open;
* a short capitalised line without punctuation directly followed by text is an
  unnumbered subheading ("Generel karakteristik");
* anything else continues the current paragraph.
Footnote numbers glued to words ("integrationsprogrammet9", "201114") become
superscripts, as the PDF prints them, so they cannot be read as part of a word
or a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.layout import Layout, Line, is_marker
from corpus.models import Box, Footnote, Paragraph, Section
from corpus.sections import Heading, Outline
from corpus.source import PageMap
from corpus.text import Hyphenation, join_lines, superscript

_NUMBERED_ITEM = re.compile(r"^\d{1,2}\. [A-ZÆØÅ]")
_SENTENCE_END = (".", ":", ";", ",", "?", "!", ")", "”")
# A footnote number glued to a word, a closing quote or punctuation; or to a year.
_MARKER_AFTER_WORD = re.compile(r"(?<=[^\W\d_]|[”’.,)])(\d{1,2})(?=[\s.,;:)]|$)")
_MARKER_AFTER_YEAR = re.compile(r"\b((?:19|20)\d\d)(\d{1,2})\b")


@dataclass
class _Block:
    kind: str
    lines: list[Line]
    section: str


@dataclass
class Structure:
    paragraphs: list[Paragraph] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    #: paragraph id -> (first, last) page index it spans
    page_spans: dict[str, tuple[int, int]] = field(default_factory=dict)


class _Builder:
    def __init__(self, page_map: PageMap, hyphenation: Hyphenation, footnotes: list[Footnote]):
        self.page_map = page_map
        self.hyphenation = hyphenation
        self.footnote_pages = {f.number: f.page_index for f in footnotes}
        self.outline = Outline()
        self.out = Structure()
        self.headings: list[tuple[Heading, Line]] = []
        self.block: _Block | None = None
        self.section = ""

    def run(self, body: list[Line]) -> Structure:
        for i, line in enumerate(body):
            following = body[i + 1] if i + 1 < len(body) else None
            self._line(line, following)
        self._flush()
        return self.out

    def _line(self, line: Line, following: Line | None) -> None:
        text = line.text
        if is_marker(text):
            self._flush()
            return
        heading = self.outline.match(text)
        if heading:
            self._flush()
            self.headings.append((heading, line))
            self.section = heading.number
            return
        stripped = text.strip()
        if text.startswith(" ") and not line.page_start:
            self._open("bullet", line)
        elif self._opens_list_item(stripped):
            self._open("list_item", line)
        elif self.block is None and _is_subheading(stripped, following):
            self._add_box("subheading", stripped, line)
        elif self.block is None or self._short_item_ended(stripped):
            self._open("paragraph", line)
        else:
            self.block.lines.append(line)

    def _opens_list_item(self, stripped: str) -> bool:
        """ "- " always; "1. " when no sentence is open or a list is already running."""
        if stripped.startswith("- "):
            return True
        numbered = bool(_NUMBERED_ITEM.match(stripped))
        return numbered and (self._in_list() or not self._sentence_open())

    def _short_item_ended(self, stripped: str) -> bool:
        """A one-line list item ("5. Sanktioner, ...") is over when a capitalised line follows."""
        if not self._in_list() or len(self.block.lines) != 1:  # type: ignore[union-attr]
            return False
        last = self.block.lines[-1].text.strip()  # type: ignore[union-attr]
        return len(last) < 70 and not last.endswith(("-", "‐")) and stripped[:1].isupper()

    def _in_list(self) -> bool:
        return self.block is not None and self.block.kind == "list_item"

    def _sentence_open(self) -> bool:
        if self.block is None:
            return False
        return not self.block.lines[-1].text.rstrip().endswith(_SENTENCE_END)

    def _open(self, kind: str, line: Line) -> None:
        self._flush()
        self.block = _Block(kind=kind, lines=[line], section=self.section)

    def _flush(self) -> None:
        block, self.block = self.block, None
        if block is None:
            return
        raw = [ln.text for ln in block.lines]
        if block.kind == "list_item" and raw[0].strip().startswith("- "):
            raw[0] = raw[0].strip()[2:]
        text = join_lines(raw, self.hyphenation)
        first, last = block.lines[0], block.lines[-1]
        if block.kind == "paragraph" and len(raw) == 1 and not text.endswith(_SENTENCE_END):
            self._add_box("caption", text, first)  # figure titles, "Kilde: ..."
            return
        text = self._mark_footnotes(text, first.page_index, last.page_index)
        page = self.page_map.pages[first.page_index]
        pid = f"p{len(self.out.paragraphs) + 1:03d}"
        self.out.paragraphs.append(
            Paragraph(
                id=pid,
                kind=block.kind,  # type: ignore[arg-type]
                section=block.section,
                text=text,
                page=page.label,
                page_index=page.index,
                first_line=first.number,
            )
        )
        self.out.page_spans[pid] = (first.page_index, last.page_index)

    def _mark_footnotes(self, text: str, first_page: int, last_page: int) -> str:
        def on_page(number: str) -> bool:
            page = self.footnote_pages.get(int(number))
            return page is not None and first_page <= page <= last_page

        text = _MARKER_AFTER_YEAR.sub(
            lambda m: (
                m.group(1) + superscript(int(m.group(2))) if on_page(m.group(2)) else m.group(0)
            ),
            text,
        )
        return _MARKER_AFTER_WORD.sub(
            lambda m: superscript(int(m.group(1))) if on_page(m.group(1)) else m.group(0), text
        )

    def _add_box(self, kind: str, title: str, line: Line) -> None:
        page = self.page_map.pages[line.page_index]
        self.out.boxes.append(
            Box(
                kind=kind,  # type: ignore[arg-type]
                title=title,
                text="",
                page=page.label,
                page_index=page.index,
                first_line=line.number,
            )
        )


def _is_subheading(text: str, following: Line | None) -> bool:
    if following is None or is_marker(following.text) or len(text) > 70:
        return False
    if text.endswith((*_SENTENCE_END, "-")) or not text[:1].isupper():
        return False
    return following.text.strip()[:1].isupper()


def build_structure(
    layout: Layout, page_map: PageMap, hyphenation: Hyphenation, *, extra_headings: list[Line]
) -> Structure:
    """Paragraphs and sections of chapters 1-4 and Bilag 1, plus the Bilag 2/3 headings."""
    builder = _Builder(page_map, hyphenation, layout.footnotes)
    structure = builder.run(layout.body)
    for line in extra_headings:
        heading = builder.outline.match(line.text)
        if heading:
            builder.headings.append((heading, line))
    structure.sections = _sections(builder.headings, page_map)
    return structure


def _sections(headings: list[tuple[Heading, Line]], page_map: PageMap) -> list[Section]:
    """Section records with page ranges running to the next heading of the same or higher level."""
    sections = []
    last_line = page_map.pages[-1].last_line
    for i, (heading, line) in enumerate(headings):
        end = last_line
        for later, later_line in headings[i + 1 :]:
            if later.level <= heading.level:
                end = later_line.number - 1
                break
        sections.append(
            Section(
                number=heading.number,
                title=heading.title,
                level=heading.level,
                theme=heading.theme,
                page_start=page_map.page_of(line.number).label,
                page_end=page_map.page_of(end).label,
                first_line=line.number,
            )
        )
    return sections
