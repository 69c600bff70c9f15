"""Sections: the full outline, written by hand from the report."""

from __future__ import annotations

SUBSECTIONS = ["1", "2", "3", "4", "5"]
EXPECTED = (
    ["1", "1.1", "1.2", "1.3", "1.4", "2", "2.1", "3", "3.1"]
    + [f"3.1.{n}" for n in SUBSECTIONS]
    + [n for t in range(2, 7) for n in [f"3.{t}", *(f"3.{t}.{s}" for s in SUBSECTIONS)]]
    + ["4", "B1", "B1.1", "B1.2", "B1.3", "B1.4", "B2", "B3"]
)


def test_outline_is_complete_and_has_no_false_headings(corpus):
    assert [s.number for s in corpus.sections] == EXPECTED


def test_themes_and_titles(corpus):
    sections = {s.number: s for s in corpus.sections}
    assert sections["3.4"].title == "Tema 3: Virksomhedsrettede indsatser"
    assert sections["3.4.2"].title == "Hvorfor virker det?"
    assert sections["3.4.2"].theme == 3
    assert sections["3.6.5"].theme == 5
    assert sections["3.1.2"].theme is None
    assert sections["4"].title == "Identifikation af videnshuller"
    assert sections["3.5"].page_start == "30"
    assert sections["4"].page_start == "40"


def test_every_paragraph_has_a_known_section(corpus):
    numbers = {s.number for s in corpus.sections}
    assert all(p.section in numbers for p in corpus.paragraphs)
