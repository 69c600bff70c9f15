"""Build the whole corpus from the source: the one entry point of this layer."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from corpus.chunks import BILAG2_SECTION, finding_chunks, footnote_chunks, study_chunks
from corpus.citations import find_citations
from corpus.layout import Line, read_layout
from corpus.models import Corpus
from corpus.paragraphs import build_structure
from corpus.references import parse_references
from corpus.source import Source, build_page_map, load_source
from corpus.studies import build_catalogue, parse_study_rows
from corpus.text import Hyphenation, words_of


def build_corpus(source: Source) -> Corpus:
    """Parse pages, paragraphs, sections, studies and citations, and cut the chunks."""
    page_map = build_page_map(source)
    bilag2 = _line_starting(source, " BILAG 2:")
    bilag3 = _line_starting(source, " BILAG 3:")
    layout = read_layout(source, page_map, last_line=bilag2 - 1)
    headings = [
        Line(n, source.lines[n - 1], page_map.line_page[n], page_start=True)
        for n in (bilag2, bilag3)
    ]
    hyphenation = Hyphenation(source.lines)
    structure = build_structure(layout, page_map, hyphenation, extra_headings=headings)

    references = parse_references(source, page_map)
    rows = parse_study_rows(source, page_map)
    studies = build_catalogue(rows, references)
    citations = find_citations(structure.paragraphs, studies)

    sections = {s.number: s for s in structure.sections}
    weights = {s.key: s.evidence_weight for s in studies}
    chunks = [
        *finding_chunks(structure.paragraphs, sections, citations, weights),
        *footnote_chunks(layout.footnotes, structure.sections),
        *study_chunks(rows, studies, sections[BILAG2_SECTION]),
    ]
    return Corpus(
        source_sha256=source.sha256,
        pages=page_map.pages,
        sections=structure.sections,
        paragraphs=structure.paragraphs,
        footnotes=layout.footnotes,
        boxes=[*layout.boxes, *structure.boxes],
        references=references,
        study_rows=rows,
        studies=studies,
        citations=citations,
        chunks=chunks,
        vocabulary=vocabulary(source.text),
    )


# "varia-" + empty line + "tion": a word the PDF split at a line end.
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\n(?:[ \t]*\n)?[ \t]*(?=\w)")


def vocabulary(text: str) -> frozenset[str]:
    """Every word of the text, lower-cased, both as split at line ends and joined.

    Joining also glues real compounds at a line end ("flygtninge- og" → one
    word); the extra forms are harmless in a set of words the report uses.
    """
    return words_of((text, _LINE_END_HYPHEN.sub("", text)))


@lru_cache(maxsize=4)
def load_corpus(path: Path | None = None) -> Corpus:
    """The corpus of the shipped (or given) source, built once per process."""
    return build_corpus(load_source(path))


def _line_starting(source: Source, prefix: str) -> int:
    return next(n for n, text in enumerate(source.lines, start=1) if text.startswith(prefix))
