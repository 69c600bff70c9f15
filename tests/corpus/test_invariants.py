"""Invariants over the whole corpus: grounding, pages, sections, studies, citations."""

from __future__ import annotations

import pytest

from corpus.check import check_corpus
from corpus.chunks import FIELD_SEPARATOR
from corpus.citations import rows_of
from corpus.grounding import NormalizedSource, is_verbatim, is_verbatim_within
from corpus.layout import RUNNING_TITLE
from corpus.text import normalize


@pytest.fixture(scope="module")
def normalized(source):
    return NormalizedSource.of(source)


def test_every_finding_and_footnote_chunk_is_verbatim(corpus, normalized):
    page_starts = [p.first_line for p in corpus.pages]
    bad = [
        c.id
        for c in corpus.chunks
        if c.kind != "study_summary" and not is_verbatim(c.text, normalized, page_starts)
    ]
    assert not bad


def test_most_chunks_are_one_unbroken_span(corpus, source):
    # Only paragraphs the PDF interrupted at a page end may need more than one piece.
    norm = normalize(source.text)
    findings = [c for c in corpus.chunks if c.kind == "finding"]
    broken = [c.id for c in findings if normalize(c.text) not in norm]
    assert len(broken) <= 12, broken


def test_every_study_summary_cell_is_verbatim_in_its_row(corpus, normalized):
    studies = {s.key: s for s in corpus.studies}
    for chunk in (c for c in corpus.chunks if c.kind == "study_summary"):
        study = studies[chunk.study_keys[0]]
        row = next(r for r in rows_of(study, corpus.study_rows) if r.theme == chunk.theme)
        for cell in chunk.text.split(FIELD_SEPARATOR):
            assert is_verbatim_within(cell, normalized, row.first_line, row.last_line), cell


def test_a_changed_chunk_is_caught(corpus, normalized):
    # The grounding check must be able to fail: one changed word breaks it.
    page_starts = [p.first_line for p in corpus.pages]
    chunk = next(c for c in corpus.chunks if "privat løntilskud" in c.text)
    assert not is_verbatim(chunk.text.replace("privat", "offentligt", 1), normalized, page_starts)


def test_no_header_footer_or_footnote_text_in_finding_chunks(corpus):
    footnote_starts = [normalize(f.text)[:40] for f in corpus.footnotes]
    for chunk in (c for c in corpus.chunks if c.kind == "finding"):
        assert RUNNING_TITLE not in chunk.text
        assert " af 43" not in chunk.text
        norm = normalize(chunk.text)
        assert not any(start in norm for start in footnote_starts), chunk.id


def test_every_chunk_has_section_and_page_and_pages_never_decrease(corpus):
    sections = {s.number for s in corpus.sections}
    labels = {p.label for p in corpus.pages}
    for chunk in corpus.chunks:
        assert chunk.section in sections and chunk.page in labels, chunk.id
    order = [c.page_index for c in corpus.chunks if c.kind == "finding"]
    assert order == sorted(order)
    rows = [r.page_index for r in corpus.study_rows]
    assert rows == sorted(rows)


def test_every_linked_citation_resolves_and_chunks_carry_weights(corpus):
    studies = {s.key: s for s in corpus.studies}
    assert all(c.key in studies for c in corpus.citations if c.key)
    for chunk in corpus.chunks:
        if chunk.study_keys:
            strongest = max(chunk.study_keys, key=lambda k: studies[k].evidence_weight == "Høj")
            assert chunk.evidence_weight == studies[strongest].evidence_weight


def test_check_command_finds_no_failures(corpus, source):
    report = check_corpus(corpus, source)
    assert report.failures == []
    assert report.counts["studies"] == 29
