"""Page mapping: every surviving printed label agrees with the derived pages."""

from __future__ import annotations

import re
from itertools import pairwise

from corpus.source import build_page_map


def _line_of(source, pattern: str) -> int:
    return next(n for n, text in enumerate(source.lines, start=1) if re.match(pattern, text))


def test_every_surviving_label_names_its_page(source):
    page_map = build_page_map(source)
    for pattern, label in [
        (r"^3 af 43", "3"),
        (r"^30 af 43", "30"),
        (r"^40 af 43", "40"),
        (r"^2-12\s*$", "2-12"),
        (r"^2-13\s*$", "2-13"),
    ]:
        assert page_map.page_of(_line_of(source, pattern)).label == label


def test_five_labels_survive_and_one_bilag2_break_is_invisible(source):
    page_map = build_page_map(source)
    assert sum(p.label_in_source for p in page_map.pages) == 5
    # Counting breaks reaches 2-11 where the label says 2-12: reported, not hidden.
    assert len(page_map.discrepancies) == 1
    assert "2-12" in page_map.discrepancies[0]


def test_pages_cover_every_line_in_order(source):
    page_map = build_page_map(source)
    assert page_map.pages[0].first_line == 1
    assert page_map.pages[-1].last_line == len(source.lines)
    for before, after in pairwise(page_map.pages):
        assert after.first_line == before.last_line + 1


def test_chapters_and_appendices_start_where_the_report_prints_them(source):
    page_map = build_page_map(source)
    # Chapter 4 opens right after the "40 af 43" label; appendices restart numbering.
    assert page_map.page_of(_line_of(source, r"^4 IDENTIFIKATION AF VIDENSHULLER")).label == "40"
    assert page_map.page_of(_line_of(source, r"^ 1\. METODEBILAG")).label == "1-1"
    assert page_map.page_of(_line_of(source, r"^ BILAG 2:")).label == "2-1"
    assert page_map.page_of(_line_of(source, r"^ BILAG 3:")).label == "3-1"
    # Figure 2 fills a page of its own between chapter 3's opening and section 3.1.
    figure = page_map.page_of(_line_of(source, r"^ Figur 2:"))
    assert figure.first_line == figure.last_line
