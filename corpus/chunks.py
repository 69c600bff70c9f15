"""Units of retrieval: finding chunks, study summaries and footnotes.

A finding chunk is a paragraph, or for a long paragraph a run of whole sentences,
so that an excerpt stays focused. Its text is always a slice of the paragraph
text, so it is verbatim. A study-summary chunk puts the cells of one Bilag 2 row
side by side, separated by `FIELD_SEPARATOR`; each cell is verbatim, the row as a
whole is not (the PDF interleaves the cells).
"""

from __future__ import annotations

from corpus.citations import rows_of, supporting_keys
from corpus.models import (
    Chunk,
    Citation,
    Footnote,
    Paragraph,
    Section,
    Study,
    StudyRow,
    Weight,
    strongest_weight,
)
from corpus.sentences import sentence_spans

#: Paragraphs longer than this are split at sentence boundaries.
MAX_CHUNK_CHARS = 650
FIELD_SEPARATOR = " · "
BILAG2_SECTION = "B2"


def _sentence_groups(text: str) -> list[list[tuple[int, int]]]:
    """Consecutive sentences packed into groups of at most MAX_CHUNK_CHARS."""
    spans = sentence_spans(text)
    if len(text) <= MAX_CHUNK_CHARS or len(spans) < 2:
        return [spans or [(0, len(text))]]
    groups: list[list[tuple[int, int]]] = [[]]
    for span in spans:
        current = groups[-1]
        if current and span[1] - current[0][0] > MAX_CHUNK_CHARS:
            groups.append([span])
        else:
            current.append(span)
    return groups


def finding_chunks(
    paragraphs: list[Paragraph],
    sections: dict[str, Section],
    citations: list[Citation],
    weights: dict[str, Weight],
) -> list[Chunk]:
    by_paragraph: dict[str, list[Citation]] = {}
    for citation in citations:
        by_paragraph.setdefault(citation.paragraph_id, []).append(citation)
    chunks: list[Chunk] = []
    for paragraph in paragraphs:
        section = sections[paragraph.section]
        groups = _sentence_groups(paragraph.text)
        for part, group in enumerate(groups, start=1):
            start, end = group[0][0], group[-1][1]
            text = paragraph.text[start:end]
            keys = sorted(
                supporting_keys(paragraph.text, by_paragraph.get(paragraph.id, []), start, end)
            )
            chunks.append(
                Chunk(
                    id=paragraph.id if len(groups) == 1 else f"{paragraph.id}.{part}",
                    kind="finding",
                    text=text,
                    section=section.number,
                    section_title=section.title,
                    theme=section.theme,
                    page=paragraph.page,
                    page_index=paragraph.page_index,
                    paragraph_id=paragraph.id,
                    sentence_spans=[(s - start, e - start) for s, e in group],
                    study_keys=keys,
                    evidence_weight=strongest_weight(weights[k] for k in keys if k in weights),
                )
            )
    return chunks


def section_at(line: int, sections: list[Section]) -> Section:
    """The innermost section whose heading comes before `line`."""
    started = [s for s in sections if s.first_line <= line]
    return max(started, key=lambda s: s.first_line)


def footnote_chunks(footnotes: list[Footnote], sections: list[Section]) -> list[Chunk]:
    chunks = []
    for footnote in footnotes:
        section = section_at(footnote.first_line, sections)
        chunks.append(
            Chunk(
                id=f"fn{footnote.number:02d}",
                kind="footnote",
                text=footnote.text,
                section=section.number,
                section_title=section.title,
                theme=section.theme,
                page=footnote.page,
                page_index=footnote.page_index,
                sentence_spans=sentence_spans(footnote.text),
            )
        )
    return chunks


def summary_text(row: StudyRow) -> str:
    """The row's cells in column order; each cell verbatim."""
    author_cell = f"{row.authors} ({row.year})"
    cells = [author_cell, row.title, row.design, row.target_group, row.result]
    if row.evidence_weight:
        cells.append(row.evidence_weight)
    return FIELD_SEPARATOR.join(cell for cell in cells if cell)


def study_chunks(rows: list[StudyRow], studies: list[Study], bilag2: Section) -> list[Chunk]:
    """One summary chunk per study and theme table row."""
    chunks = []
    for study in studies:
        for row in rows_of(study, rows):
            text = summary_text(row)
            chunks.append(
                Chunk(
                    id=f"study:{study.key}:t{row.theme}",
                    kind="study_summary",
                    text=text,
                    section=bilag2.number,
                    section_title=bilag2.title,
                    theme=row.theme,
                    page=row.page,
                    page_index=row.page_index,
                    sentence_spans=[(0, len(text))],
                    study_keys=[study.key],
                    evidence_weight=study.evidence_weight,
                )
            )
    return chunks
