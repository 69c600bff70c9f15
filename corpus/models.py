"""Pydantic records for everything the corpus layer produces.

These are the boundary types: they are saved in the index's chunk store, sent
as JSON by the CLI and shown by the TUI. Hot loops inside the parser use plain
tuples and dataclasses instead (see `corpus.source`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Weight = Literal["Høj", "Medium"]
ChunkKind = Literal["finding", "study_summary", "footnote"]

#: Rank of each weight, so that "the strongest study" and "minimum weight" filters
#: compare numbers rather than strings.
WEIGHT_RANK: dict[str, int] = {"Medium": 1, "Høj": 2}


def strongest_weight(weights: Iterable[str]) -> Weight | None:
    """The highest of the given weights ("Høj" over "Medium"); None if there are none."""
    ranked = sorted(weights, key=WEIGHT_RANK.__getitem__)
    return ranked[-1] if ranked else None  # type: ignore[return-value]


class Record(BaseModel):
    """Common config: records are immutable values once built."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Page(Record):
    """One printed page of the report as reconstructed from the page breaks."""

    index: int = Field(description="0-based physical order of the page in the source text")
    label: str = Field(description='Printed page label: "3" in the report, "2-12" in Bilag 2')
    first_line: int = Field(description="1-based source line where the page starts")
    last_line: int = Field(description="1-based source line where the page ends")
    label_in_source: bool = Field(
        default=False, description="True where the printed label itself survives in the text"
    )


class Section(Record):
    """A chapter, section, subsection or appendix (Bilag)."""

    number: str = Field(description='"3", "3.4", "3.4.1", "B1", "B1.3" or "B2"')
    title: str
    level: int = Field(description="1 for chapters and Bilag, 2 for sections, 3 for subsections")
    theme: int | None = Field(default=None, description="Theme 1-5 for sections 3.2-3.6")
    page_start: str
    page_end: str
    first_line: int


class Paragraph(Record):
    """A reconstructed paragraph of body text (or a bullet / list item)."""

    id: str
    kind: Literal["paragraph", "bullet", "list_item"]
    section: str
    text: str
    page: str = Field(description="Printed page label where the paragraph starts")
    page_index: int
    first_line: int


class Footnote(Record):
    number: int
    text: str
    page: str
    page_index: int
    first_line: int


class Box(Record):
    """A text box, figure, table or unnumbered subheading lifted out of the running text."""

    kind: Literal["box", "figure", "table", "subheading", "caption"]
    title: str
    text: str
    page: str
    page_index: int
    first_line: int


class ReferenceEntry(Record):
    """One item of the numbered source lists at the start of sections 3.2-3.6."""

    theme: int
    number: int
    text: str
    study_key: str | None = None


class StudyRow(Record):
    """One row of a Bilag 2 theme table, reassembled from its interleaved cells."""

    theme: int
    authors: str
    year: int
    title: str
    design: str
    target_group: str
    result: str
    evidence_weight: Weight | None = Field(
        default=None, description="None where the row's weight cell is missing from the source"
    )
    page: str
    page_index: int
    first_line: int
    last_line: int


class Study(Record):
    """One included study: the union of its Bilag 2 rows."""

    key: str = Field(description='First author surname + year, e.g. "Heinesen 2011"')
    authors: str
    year: int
    title: str
    publisher: str | None = None
    design: str
    target_group: str
    result: str
    evidence_weight: Weight
    themes: list[int]
    pages: list[str] = Field(description="Bilag 2 pages of the rows")


class Citation(Record):
    """An in-text citation such as "(Heinesen et al. 2011)" and what it links to."""

    text: str = Field(description="The citation as it stands in the text")
    author: str
    year: int
    paragraph_id: str
    offset: int = Field(default=-1, description="Where `text` starts in the paragraph text")
    section: str
    page: str
    key: str | None = Field(default=None, description="Linked study key; None if unresolved")


class Chunk(Record):
    """A unit of retrieval: a finding paragraph (or part), a study summary or a footnote."""

    id: str
    kind: ChunkKind
    text: str
    section: str
    section_title: str
    theme: int | None = None
    page: str
    page_index: int
    paragraph_id: str | None = None
    sentence_spans: list[tuple[int, int]] = Field(
        default_factory=list, description="Character offsets of each sentence in `text`"
    )
    study_keys: list[str] = Field(default_factory=list)
    evidence_weight: Weight | None = Field(
        default=None, description="Weight of the strongest linked study"
    )


class Corpus(Record):
    """Everything built from the source, with the source's checksum."""

    source_sha256: str
    pages: list[Page]
    sections: list[Section]
    paragraphs: list[Paragraph]
    footnotes: list[Footnote]
    boxes: list[Box]
    references: list[ReferenceEntry]
    study_rows: list[StudyRow]
    studies: list[Study]
    citations: list[Citation]
    chunks: list[Chunk]
    vocabulary: frozenset[str] = Field(
        default_factory=frozenset,
        description="Every lower-cased word of the source, also with line-end hyphens joined",
    )
