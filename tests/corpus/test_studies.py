"""Bilag 2 rows, the study catalogue and the chapter 3 source lists.

The expected numbers and facts below were read by hand from the source text
(`awk 'NF{print NR": "$0}' corpus/data/viden_til_at_komme_i_maal.txt`), not produced
by the code under test. Line numbers are 1-based raw lines.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from corpus.errors import CorpusError
from corpus.models import ReferenceEntry, Study, StudyRow
from corpus.references import (
    cross_check,
    parse_references,
    publishers,
    stated_study_counts,
)
from corpus.source import PageMap, Source, build_page_map
from corpus.studies import build_catalogue, catalogue_discrepancies, parse_study_rows
from corpus.study_cells import Lexicon, design_vocabulary, first_author
from corpus.study_table import parse_study_table
from corpus.text import normalize

FIELDS = ("authors", "title", "design", "target_group", "result")

# Rows per tema table, counted by hand in Bilag 2 (lines 3972-5453): tema 1 runs from
# Arendt 2016 to Cabi 2010, tema 2 from Arendt 2016 to Væksthuset 2012, tema 3 from
# Arendt 2016 to Cabi 2010, tema 4 from Arendt 2016 to LG Insight 2008, tema 5 from
# Arendt & Pozzoli 2013 to Koch 2015 (continued on page 2-13).
ROWS_PER_THEME = {1: 10, 2: 13, 3: 20, 4: 19, 5: 7}

# Rows that the PDF splits over a page break, so some cells are two separate spans of
# the source: Hansen (l. 4114 / 4115), Beskæftigelsesministeriet (4339 / 4340),
# Ejrnæs (4983 / 4984), Skipper (5133 / 5148), Koch (5413 / 5449).
PAGE_SPLIT_ROWS = {
    (1, "Hansen", 2009),
    (2, "Beskæftigelsesministeriet", 2006),
    (4, "Ejrnæs", 2007),
    (4, "Skipper", 2010),
    (5, "Koch", 2015),
}


@pytest.fixture(scope="module")
def page_map(source: Source) -> PageMap:
    return build_page_map(source)


@pytest.fixture(scope="module")
def rows(source: Source, page_map: PageMap) -> list[StudyRow]:
    return parse_study_rows(source, page_map)


@pytest.fixture(scope="module")
def references(source: Source, page_map: PageMap) -> list[ReferenceEntry]:
    return parse_references(source, page_map)


@pytest.fixture(scope="module")
def studies(rows: list[StudyRow], references: list[ReferenceEntry]) -> dict[str, Study]:
    return {study.key: study for study in build_catalogue(rows, references)}


def _row(rows: list[StudyRow], theme: int, surname: str, year: int) -> StudyRow:
    (row,) = [
        r
        for r in rows
        if r.theme == theme and r.year == year and first_author(r.authors) == surname
    ]
    return row


def _in_span(text: str, span: str) -> bool:
    """Text is one span of the source, or two (a cell continued over a page break)."""
    if text in span:
        return True
    return any(text[:i] in span and text[i:] in span for i in range(1, len(text)))


# --- rows ------------------------------------------------------------------------------


def test_rows_per_theme_match_the_hand_count(rows):
    assert Counter(r.theme for r in rows) == ROWS_PER_THEME


def test_every_row_has_every_cell(rows):
    for row in rows:
        for name in FIELDS:
            assert getattr(row, name).strip(), f"{row.first_line}: empty {name}"
        assert 2000 <= row.year <= 2016
        # Every row of the source has a weight, Hansen 2009 included (end of l. 4114).
        assert row.evidence_weight in ("Høj", "Medium"), row


def test_every_field_is_verbatim_text_of_its_own_rows_lines(source, rows):
    split = set()
    for row in rows:
        span = normalize("\n".join(source.lines[row.first_line - 1 : row.last_line]))
        for name in (*FIELDS, "evidence_weight"):
            text = normalize(str(getattr(row, name)))
            assert _in_span(text, span), f"{row.first_line} {name}: {getattr(row, name)!r}"
            if text not in span:
                split.add((row.theme, first_author(row.authors), row.year))
    # Only rows continued over a page break may need two spans.
    assert split <= PAGE_SPLIT_ROWS
    assert (1, "Hansen", 2009) in split


def test_no_field_holds_footer_text(rows):
    for row in rows:
        for name in FIELDS:
            text = getattr(row, name)
            assert "videntilatkommeimål" not in normalize(text), row
            assert not re.search(r"(?<![\d-])[123]-\d{1,2}(?![\d-])", text), (name, text)


def test_designs_start_with_a_tabel_2_term(source, rows):
    terms = design_vocabulary(source)
    assert "Randomiseret kontrolleret forsøg" in terms  # Tabel 2, l. 3668
    for row in rows:
        assert any(normalize(row.design).startswith(normalize(t)) for t in terms), row.design


def test_row_lines_and_pages(rows):
    koch = _row(rows, 5, "Koch", 2015)
    assert (koch.first_line, koch.last_line, koch.page) == (5413, 5453, "2-12")
    beskm = _row(rows, 2, "Beskæftigelsesministeriet", 2006)
    assert (beskm.first_line, beskm.last_line, beskm.page) == (4339, 4345, "2-3")
    assert _row(rows, 1, "Arendt", 2016).page == "2-1"


def test_cells_sharing_a_page_foot_line_are_split(rows):
    hansen = _row(rows, 1, "Hansen", 2009)  # l. 4114-4132
    assert hansen.authors == "Hansen, E. B. & Kolodziejczyk, C."
    assert hansen.title == "Nydanskeres vurdering af introduktionsprogrammet og deres integration"
    assert hansen.design.startswith("Tværsnitsundersøgelse (spørgeskemaundersøgelse")
    assert hansen.target_group.startswith("Personer på 18 år eller derover, der har fået opholds")
    assert hansen.result.startswith("Praktik og danskundervisning har haft en positiv indvirkning")
    assert hansen.evidence_weight == "Medium"

    beskm = _row(rows, 2, "Beskæftigelsesministeriet", 2006)  # l. 4339-4345
    assert beskm.title == "Kulegravning af kontanthjælpsområdet"
    assert beskm.design == "Metaevaluering"
    assert beskm.target_group == "Kontanthjælpsmodtagere."
    assert beskm.result.startswith("Der findes evidens for både en motivationseffekt ift. den")

    ejrnaes = _row(rows, 4, "Ejrnæs", 2007)  # l. 4983-4986
    assert ejrnaes.title == "Arbejdsmarkedets etniske opdeling"
    assert ejrnaes.design == "Mixed methods (survey og casestudie)"
    assert ejrnaes.result.startswith("Indvandrere er koncentreret i servicebranchen i virksomheder")

    koch = _row(rows, 5, "Koch", 2015)  # l. 5413-5425, then 5449-5453 after the footer
    assert koch.title == "Nye veje mod job – for borgere i udkanten af arbejdsmarkedet"
    assert "fleksjob, ledighedsydelse, ressourceforløb" in koch.target_group
    assert koch.result.endswith("end forløb uden jobfokus.")

    skipper = _row(rows, 4, "Skipper", 2010)  # l. 5133-5150
    assert "uddannelsesforløb, mindst for korte afklaringsforløb. Ingen" in skipper.result


def test_hyphens_are_removed_only_where_they_split_a_word(rows):
    arendt = _row(rows, 1, "Arendt", 2016)
    assert "Kolodziejczyk" in arendt.authors  # "Kolod-/ziejczyk", l. 3980-3981
    assert "ikke-vestlige indvandrere" in arendt.target_group  # "ikke-vestlige indvan-/drere"
    assert _row(rows, 2, "LG Insight", 2008).design == "Før- og eftermålinger"
    assert "flygtninge- og indvandrerkvinder" in _row(rows, 1, "Cabi", 2010).target_group
    assert "på-jobbet-træning" in _row(rows, 3, "Forslund", 2011).result  # l. 4718-4719
    assert _row(rows, 1, "Heinesen", 2011).design == "Kvasi-Eksperiment (“timing-of-event”-metode)"


def test_the_truncated_row_is_reported(source, page_map):
    table = parse_study_table(source, page_map)
    # Tema 3's Cabi row stops at "helbredsafkla-" (l. 4848) before the tema 4 heading.
    assert len(table.notes) == 1 and "Cabi (2010)" in table.notes[0]


# --- catalogue -------------------------------------------------------------------------


def test_catalogue_has_29_unique_studies(studies):
    # Hand count: 29 studies, as the report says (l. 448, Tabel 1-3).
    assert len(studies) == 29
    assert Counter(s.evidence_weight for s in studies.values()) == {"Høj": 6, "Medium": 23}


def test_every_study_agrees_with_its_rows(rows, studies):
    for study in studies.values():
        own = [
            r
            for r in rows
            if r.year == study.year
            and r.theme in study.themes
            and first_author(r.authors).casefold() == study.key.rsplit(" ", 1)[0].casefold()
        ]
        assert own, study.key
        assert study.title in {r.title for r in own}
        assert {r.evidence_weight for r in own} == {study.evidence_weight}
        assert sorted({r.theme for r in own}) == study.themes
        assert set(study.pages) == {r.page for r in own}


def test_hand_verified_facts(studies):
    heinesen = studies["Heinesen 2011"]  # tema 1 l. 4092-4112, tema 3, tema 4
    assert "timing-of-event" in heinesen.design and heinesen.design.startswith("Kvasi")
    assert (heinesen.evidence_weight, heinesen.themes) == ("Høj", [1, 3, 4])
    rosholm = studies["Rosholm 2009"]  # l. 4248-4266: 'Randomiseret kontrol-/leret forsøg'
    assert (rosholm.design, rosholm.evidence_weight, rosholm.themes) == (
        "Randomiseret kontrolleret forsøg",
        "Medium",
        [2],
    )
    assert studies["Arendt 2016"].themes == [1, 2, 3, 4]  # l. 3979, 4207, 4449, 4856
    assert studies["Arendt 2016"].publisher == "KORA"  # 3.2 item 1, l. 1143
    assert studies["Arendt 2013"].authors == "Arendt, J. N. & Pozzoli, D."
    assert studies["Henriksen 2009"].themes == [1, 2, 3, 4, 5]
    assert studies["CABI 2010"].authors == "Cabi"  # the tables write "Cabi (2010)"
    assert studies["Rotger 2011"].design == "Longditudinalt kvasi-eksperimentelt kohorte studie"
    assert studies["Rotger 2010"].themes == [3]  # Rotger & Arendt, wage subsidy, l. 4673
    assert (studies["Svarer 2010"].evidence_weight, studies["Svarer 2010"].themes) == ("Høj", [5])
    assert studies["Hansen 2009"].publisher == "AKF"  # l. 1155
    assert studies["Koch 2015"].themes == [1, 2, 3, 4, 5]
    high = {k for k, s in studies.items() if s.evidence_weight == "Høj"}
    assert high == {
        "Arendt 2016",
        "Arendt 2013",
        "Heinesen 2011",
        "Rotger 2011",
        "Bredgaard 2011",
        "Svarer 2010",
    }


def test_keys_are_unique_and_prefer_chapter_3_spelling(rows, references):
    keys = [s.key for s in build_catalogue(rows, references)]
    assert len(keys) == len(set(keys))
    assert "CABI 2010" in keys and "Cabi 2010" not in keys
    assert {"LG Insight 2008", "Væksthuset 2012", "Beskæftigelsesministeriet 2006"} <= set(keys)


def test_disagreeing_weights_are_refused(rows):
    row = _row(rows, 1, "Heinesen", 2011)
    other = row.model_copy(update={"theme": 3, "evidence_weight": "Medium"})
    with pytest.raises(CorpusError, match="Heinesen 2011"):
        build_catalogue([row, other], [])


def test_same_surname_and_year_get_a_and_b(rows):
    row = _row(rows, 2, "Rosholm", 2009)
    other = row.model_copy(update={"title": "Et helt andet studie om noget andet"})
    assert [s.key for s in build_catalogue([row, other], [])] == ["Rosholm 2009a", "Rosholm 2009b"]


def test_variants_between_tables_are_reported(rows, references):
    notes = "\n".join(catalogue_discrepancies(rows, references))
    assert "strakaktivering" in notes and "straksaktivering" in notes  # tema 2/3 vs 4/5
    assert "Ledige personer i Sverige." in notes  # Forslund: tema 3 vs "Ledige i Sverige."


# --- source lists ----------------------------------------------------------------------


def test_source_lists_as_far_as_they_survive(references):
    # 3.2: items 1-10 (l. 1139-1181); 3.3: none; 3.4: items 1-9 (l. 1924-1962);
    # 3.5: items 1-19 (l. 2548-2624); 3.6: items 1-3 (l. 3150-3160).
    counts = Counter(e.theme for e in references)
    assert counts == {1: 10, 3: 9, 4: 19, 5: 3}
    first = next(e for e in references if (e.theme, e.number) == (3, 2))
    assert first.text.startswith("Arendt, J. N.; Bolvig, I.; Kolodziejczyk, C. & Petersen")
    assert "Kommunernes integrationsindsats" in first.text  # "Kommuner-/nes", l. 1928-1930


def test_references_are_verbatim_and_linked(source, references, studies):
    normalized = normalize(source.text)
    for entry in references:
        assert normalize(entry.text) in normalized
        assert entry.study_key in studies, entry  # every surviving item is an included study


def test_publishers(references):
    found = publishers(references)
    assert found["Henriksen 2009"] == "SFI"
    assert found["Heinesen 2011"] == "IZA"
    assert found["Forslund 2011"] == "The Institute for Labour Market Policy Evaluation (IFAU)"
    assert "DAMVAD 2015" not in found  # l. 1952-1954: a title, no publisher
    assert "LG Insight 2008" not in found


def test_cross_check_names_the_known_gaps(source, rows, references):
    notes = cross_check(references, rows, stated_counts=stated_study_counts(source))
    text = "\n".join(notes)
    assert "tema 1: source list item 10, Rotger, G. P. & Arendt, J. N. (2010)" in text
    assert "the table row Rotger, G. P. (2011) is not in the source list" in text
    assert "tema 2: the source list is missing" in text
    assert "items 10-20 are missing" in text and "items 4-7 are missing" in text
    assert stated_study_counts(source) == ROWS_PER_THEME  # "identificeret N studier"


def test_lexicon_joins_lines():
    lexicon = Lexicon(["ikke-vestlige", "kontanthjælpsmodtagere", "på-jobbet-træning"])
    assert lexicon.join(["ikke-", "vestlige"]) == "ikke-vestlige"
    assert lexicon.join(["kontanthjælpsmod-", "tagere"]) == "kontanthjælpsmodtagere"
    assert (
        lexicon.join(["flygtninge- ", "og indvandrerkvinder"]) == "flygtninge- og indvandrerkvinder"
    )
    assert lexicon.join(["ift. på-jobbet-", "træning"]) == "ift. på-jobbet-træning"
    assert lexicon.join(["(“timing-of-event”-", "metode)"]) == "(“timing-of-event”-metode)"
    assert lexicon.completes("motivations-", "effekt") is False
    assert Lexicon(["motivationseffekt"]).completes("motivations-", "effekt ift.")
