"""Paragraph reconstruction: hand-checked cases from the report's worst places."""

from __future__ import annotations

import pytest

from corpus.layout import RUNNING_TITLE


def _paragraph_containing(corpus, phrase: str):
    found = [p for p in corpus.paragraphs if phrase in p.text]
    assert found, f"no paragraph contains {phrase!r}"
    return found[0]


@pytest.mark.parametrize(
    "phrase",
    [
        "to- og trepartsaftalerne",  # real hyphen inside a line
        "ikke-vestlige indvandrere",  # "ikke-" at a line end keeps its hyphen
        "AMU-forløb med tolkebistand",
        "LAB-loven",
        "ændring af integrationsloven og forskellige andre love",  # "integrationslo-/ven"
        "implementeringen af effektive indsatser kan tilrettelægges",  # "til-/rettelægges"
    ],
)
def test_hyphenation(corpus, phrase):
    _paragraph_containing(corpus, phrase)


def test_paragraph_continues_over_page_break_and_footer(corpus):
    # Page 2 ends inside the "Programeffekter" bullet; footnote 2, Boks 1 and the
    # footer with "3 af 43" stand between its two halves.
    paragraph = _paragraph_containing(corpus, "Denne effekt opstår typisk, fordi deltagerne")
    assert paragraph.kind == "bullet"


def test_paragraph_continues_over_box(corpus):
    # Boks 2's questions were emitted in the middle of the word "mekanismer".
    _paragraph_containing(
        corpus, "Det er muligt at finde mekanismer og resultater på sagsbehandler"
    )


def test_paragraph_continues_over_source_list(corpus):
    # Theme 4's source list interrupts "(Arbejdsmarkedsstyrelsen 2011)" at a page break.
    _paragraph_containing(
        corpus, "ikke har meget uddannelse i forvejen (Arbejdsmarkedsstyrelsen 2011)"
    )


def test_footnote_markers_become_superscripts(corpus):
    _paragraph_containing(corpus, "integrationsprogrammet⁹ og i forlængelse heraf")
    _paragraph_containing(corpus, "(Heinesen et al. 2011¹⁴, Rosholm & Svarer 2011)")


def test_no_footer_footnote_or_list_text_in_paragraphs(corpus):
    footnote_starts = [f.text[:40] for f in corpus.footnotes]
    for paragraph in corpus.paragraphs:
        assert RUNNING_TITLE not in paragraph.text
        assert " af 43" not in paragraph.text
        assert not any(start in paragraph.text for start in footnote_starts), paragraph.id
        assert "(2016): Kommunernes integrationsindsats" not in paragraph.text  # source lists


def test_footnotes_are_numbered_1_to_24_with_pages(corpus):
    assert [f.number for f in corpus.footnotes] == list(range(1, 25))
    footnote15 = corpus.footnotes[14]
    assert footnote15.text.startswith("DI (2013):Virksomhedernes syn")
    assert footnote15.page == "28"


def test_boxes_and_tables_are_lifted_out(corpus):
    titles = {b.title for b in corpus.boxes}
    assert "Boks 1 - Undersøgelsesspørgsmål" in titles
    assert "Tabel 3: Studiernes evidensvægt" in titles
    box1 = next(b for b in corpus.boxes if b.title.startswith("Boks 1"))
    assert box1.text.count("\n") == 3  # four research questions
    assert box1.page == "2"


def test_lists_become_items(corpus):
    items = [p for p in corpus.paragraphs if p.section == "B1.2" and p.kind == "list_item"]
    assert [p.text[:2] for p in items] == ["1.", "2.", "3.", "4.", "5."]
