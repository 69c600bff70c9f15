"""`evidens corpus check`: counts, invariants, and where the report disagrees with itself.

Invariants are failures (exit 1). Disagreements between the report's own tables
and what the Bilag 2 tables hold are notes: they are facts about the report, said
plainly, not errors of the parser.
"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import BaseModel

from corpus.chunks import FIELD_SEPARATOR
from corpus.citations import rows_of
from corpus.grounding import NormalizedSource, is_verbatim, is_verbatim_within
from corpus.layout import RUNNING_TITLE
from corpus.models import Chunk, Corpus, Study, StudyRow
from corpus.references import cross_check, stated_study_counts
from corpus.source import Source, build_page_map
from corpus.text import normalize

_PAGE_LABEL_IN_TEXT = re.compile(r"\b\d{1,2} af 43\b")
#: Tabel 1 names the themes in its own words; these words pick the Bilag 2 table.
_TABEL1_THEME_WORDS = {
    "Integrationsprogram": 1,
    "Samtaler": 2,
    "Virksomhedsrettede": 3,
    "Vejledning": 4,
    "Sanktioner": 5,
}


class CheckReport(BaseModel):
    counts: dict[str, int | dict[str, int]]
    failures: list[str]
    notes: list[str]


def check_corpus(corpus: Corpus, source: Source) -> CheckReport:
    page_map = build_page_map(source)
    normalized = NormalizedSource.of(source)
    failures = [
        *_grounding(corpus, normalized),
        *_clean_paragraphs(corpus),
        *_pages_and_sections(corpus),
        *_studies_in_rows(corpus, normalized),
        *_citations_resolve(corpus),
    ]
    notes = [
        *page_map.discrepancies,
        *_report_vs_tables(corpus),
        # Source lists of chapter 3 against the Bilag 2 tables (and what the extraction lost).
        *cross_check(
            corpus.references, corpus.study_rows, stated_counts=stated_study_counts(source)
        ),
    ]
    return CheckReport(counts=_counts(corpus), failures=failures, notes=notes)


def _counts(corpus: Corpus) -> dict[str, int | dict[str, int]]:
    by_theme = Counter(t for s in corpus.studies for t in s.themes)
    linked = sum(1 for c in corpus.citations if c.key)
    return {
        "pages": len(corpus.pages),
        "sections": len(corpus.sections),
        "paragraphs": len(corpus.paragraphs),
        "footnotes": len(corpus.footnotes),
        "boxes": len(corpus.boxes),
        "study_rows": len(corpus.study_rows),
        "studies": len(corpus.studies),
        "studies_by_weight": dict(Counter(s.evidence_weight for s in corpus.studies)),
        "studies_by_theme": {str(t): by_theme[t] for t in sorted(by_theme)},
        "citations": len(corpus.citations),
        "citations_linked": linked,
        "citations_unresolved": len(corpus.citations) - linked,
        "chunks": len(corpus.chunks),
        "chunks_by_kind": dict(Counter(c.kind for c in corpus.chunks)),
    }


def _grounding(corpus: Corpus, source: NormalizedSource) -> list[str]:
    failures = []
    page_starts = [p.first_line for p in corpus.pages]
    studies = {s.key: s for s in corpus.studies}
    for chunk in corpus.chunks:
        if chunk.kind == "study_summary":
            row = _row_of_chunk(chunk, studies, corpus)
            for part in chunk.text.split(FIELD_SEPARATOR):
                if row is None or not is_verbatim_within(
                    part, source, row.first_line, row.last_line
                ):
                    failures.append(
                        f"chunk {chunk.id}: cell is not verbatim from its row: {part[:60]!r}"
                    )
        elif not is_verbatim(chunk.text, source, page_starts):
            failures.append(
                f"chunk {chunk.id}: text is not verbatim from the source: {chunk.text[:60]!r}"
            )
    return failures


def _row_of_chunk(chunk: Chunk, studies: dict[str, Study], corpus: Corpus) -> StudyRow | None:
    study = studies.get(chunk.study_keys[0]) if chunk.study_keys else None
    if study is None:
        return None
    return next((r for r in rows_of(study, corpus.study_rows) if r.theme == chunk.theme), None)


def _clean_paragraphs(corpus: Corpus) -> list[str]:
    footnote_texts = [normalize(f.text)[:40] for f in corpus.footnotes]
    failures = []
    for chunk in corpus.chunks:
        if chunk.kind != "finding":
            continue
        if RUNNING_TITLE in chunk.text or _PAGE_LABEL_IN_TEXT.search(chunk.text):
            failures.append(f"chunk {chunk.id}: running header or page label inside the text")
        norm = normalize(chunk.text)
        for number, start in enumerate(footnote_texts, start=1):
            if len(start) >= 20 and start in norm:
                failures.append(f"chunk {chunk.id}: footnote {number} text inside the paragraph")
    return failures


def _pages_and_sections(corpus: Corpus) -> list[str]:
    failures = []
    sections = {s.number for s in corpus.sections}
    labels = {p.label for p in corpus.pages}
    for chunk in corpus.chunks:
        if chunk.section not in sections:
            failures.append(f"chunk {chunk.id}: unknown section {chunk.section!r}")
        if chunk.page not in labels:
            failures.append(f"chunk {chunk.id}: unknown page {chunk.page!r}")
    last = -1
    for paragraph in corpus.paragraphs:
        if paragraph.page_index < last:
            failures.append(f"paragraph {paragraph.id}: page goes back to {paragraph.page}")
        last = paragraph.page_index
    return failures


def _studies_in_rows(corpus: Corpus, source: NormalizedSource) -> list[str]:
    failures = []
    for study in corpus.studies:
        rows = rows_of(study, corpus.study_rows)
        if not rows:
            failures.append(f"study {study.key}: no Bilag 2 row")
        if not any(
            is_verbatim_within(study.title, source, r.first_line, r.last_line) for r in rows
        ):
            failures.append(f"study {study.key}: title not found in its Bilag 2 row")
        if not any(
            r.evidence_weight == study.evidence_weight
            and is_verbatim_within(study.evidence_weight, source, r.first_line, r.last_line)
            for r in rows
        ):
            failures.append(
                f"study {study.key}: weight {study.evidence_weight} not in its Bilag 2 row"
            )
    return failures


def _citations_resolve(corpus: Corpus) -> list[str]:
    keys = {s.key for s in corpus.studies}
    return [
        f"citation {c.text!r} (paragraph {c.paragraph_id}) links to unknown study {c.key!r}"
        for c in corpus.citations
        if c.key and c.key not in keys
    ]


def _report_vs_tables(corpus: Corpus) -> list[str]:
    notes = []
    by_theme = Counter(t for s in corpus.studies for t in s.themes)
    tables = {b.title.split(":")[0]: b for b in corpus.boxes if b.kind == "table"}
    if "Tabel 1" in tables:
        for row in tables["Tabel 1"].text.splitlines():
            numbers = re.findall(r"\d+", row)
            theme = next((t for w, t in _TABEL1_THEME_WORDS.items() if row.startswith(w)), None)
            if theme and numbers and int(numbers[-1]) != by_theme[theme]:
                notes.append(
                    f"Tabel 1 says {numbers[-1]} studies for '{row.rsplit(' ', 1)[0].strip()}'; "
                    f"the Bilag 2 table for theme {theme} lists {by_theme[theme]}"
                )
    if "Tabel 3" in tables:
        match = re.search(r"Samlet evidens (\d+) (\d+) (\d+)", tables["Tabel 3"].text)
        weights = Counter(s.evidence_weight for s in corpus.studies)
        if match:
            high, medium = int(match.group(1)), int(match.group(2))
            if (high, medium) != (weights["Høj"], weights["Medium"]):
                notes.append(
                    f"Tabel 3 says {high} Høj and {medium} Medium ({high + medium} in all, "
                    f"for N = 29); the Bilag 2 tables give {weights['Høj']} Høj and "
                    f"{weights['Medium']} Medium ({len(corpus.studies)} studies)"
                )
    if len(corpus.studies) != 29:
        notes.append(f"the report says 29 included studies; Bilag 2 lists {len(corpus.studies)}")
    return notes
