"""Citation linking, checked against cases read by hand in the report."""

from __future__ import annotations

import pytest


def _links(corpus, text: str) -> set[str | None]:
    found = {c.key for c in corpus.citations if c.text.startswith(text)}
    assert found, f"no citation {text!r}"
    return found


@pytest.mark.parametrize(
    ("cited", "key"),
    [
        ("Olesen og Eskeline 2010", "Olesen 2010"),  # misspelt co-author
        ("Olesen og Eskelines (2010)", "Olesen 2010"),  # genitive, year in parentheses
        ("Heinesen et al. 2011¹⁴", "Heinesen 2011"),  # footnote 14 glued to the year
        ("Rosholm & Svarer (2010)", "Rosholm 2010"),
        ("Rosholm og Svarer 2009", "Rosholm 2009"),
        ("New Insight og Væksthuset 2012", "Væksthuset 2012"),  # authors in the other order
        ("Arbejdsmarkedsstyrelse 2011", "Arbejdsmarkedsstyrelsen 2011"),  # misspelt
        ("CABI 2010", "CABI 2010"),
        ("Møller og Rosdahl 2006", "Møller 2006"),
    ],
)
def test_citation_links_to_the_right_study(corpus, cited, key):
    assert _links(corpus, cited) == {key}


@pytest.mark.parametrize(
    "cited",
    ["Arendt et al 2015", "Koch et al, 2014", "Bredgaard 2016"],
)
def test_works_that_are_not_included_studies_stay_unresolved(corpus, cited):
    assert _links(corpus, cited) == {None}


def test_rosholm_2011_is_not_forced_onto_heinesen(corpus):
    # Rosholm is third author of Heinesen et al. 2011; "Rosholm & Svarer 2011" is another study.
    assert _links(corpus, "Rosholm & Svarer 2011") == {"Rosholm 2011"}


def test_most_citations_link(corpus):
    linked = sum(1 for c in corpus.citations if c.key)
    assert linked / len(corpus.citations) > 0.95


# --- which studies back a slice of a paragraph -------------------------------------

_PARAGRAPH = (
    "Sproget styrker selvtilliden. Samvær har en opkvalificerende funktion "
    "(Hansen & Kolodziejczyk 2009; CABI 2010). Mentorer hjælper også. "
    "Heinesen et al. (2011) finder en effekt."
)


def _cites(text: str, key: str):
    from corpus.models import Citation

    offset = _PARAGRAPH.index(text)
    return Citation(
        text=text, author=text.split(maxsplit=1)[0], year=int(text[-4:]), paragraph_id="p",
        offset=offset, section="3", page="1", key=key,
    )  # fmt: skip


_CITES = [
    _cites("Hansen & Kolodziejczyk 2009", "Hansen 2009"),
    _cites("CABI 2010", "CABI 2010"),
    _cites("Heinesen et al. (2011", "Heinesen 2011"),
]


def _backing(first: str, last: str) -> list[str]:
    from corpus.citations import supporting_keys

    start = _PARAGRAPH.index(first)
    end = _PARAGRAPH.index(last) + len(last)
    return supporting_keys(_PARAGRAPH, _CITES, start, end)


def test_a_sentence_before_the_closing_parenthesis_is_backed_by_it():
    assert _backing("Sproget", "selvtilliden.") == ["Hansen 2009", "CABI 2010"]


def test_a_slice_that_ends_with_its_citation_takes_no_later_one():
    assert _backing("Samvær", "2010).") == ["Hansen 2009", "CABI 2010"]


def test_a_narrative_citation_after_the_slice_belongs_to_its_own_sentence():
    assert _backing("Mentorer", "også.") == []
    assert _backing("Heinesen", "effekt.") == ["Heinesen 2011"]


def test_report_chunks_without_their_own_citation_keep_the_closing_one(corpus):
    # 3.2.2: a long paragraph ends "(Hansen & Kolodziejczyk 2009; CABI 2010)"; its
    # first chunk stops before that parenthesis and is still backed by both studies.
    chunk = next(c for c in corpus.chunks if c.text.startswith("Selvom danskuddannelsen ikke"))
    assert "CABI 2010" not in chunk.text
    assert set(chunk.study_keys) == {"Hansen 2009", "CABI 2010"}
