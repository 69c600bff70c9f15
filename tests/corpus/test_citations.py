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
