"""The catalogue of included studies: one `Study` per study, merged from its Bilag 2 rows.

A study appears as a row in every theme table it is relevant to (Arendt 2016 in all of
tema 1-4). Rows are the same study when they share first author and year and their
titles share most words (tema 1 writes "Effekterne af …", tema 4 "Effekter af …").

Keys are "first author's surname + year" as the text spells it, in chapter 3's spelling
where a source list names the study ("CABI 2010"; the tables write "Cabi"). Two studies
sharing a key would get "a"/"b" after the year; none do in this report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from corpus.errors import CorpusError
from corpus.models import ReferenceEntry, Study, StudyRow
from corpus.references import author_year, publishers
from corpus.study_cells import first_author
from corpus.study_table import parse_study_rows
from corpus.text import normalize

__all__ = ["build_catalogue", "catalogue_discrepancies", "parse_study_rows", "study_groups"]

_TEXT_FIELDS = ("authors", "title", "design", "target_group", "result")


def build_catalogue(rows: list[StudyRow], references: list[ReferenceEntry]) -> list[Study]:
    """One `Study` per included study, in order of first appearance in Bilag 2.

    Raises `CorpusError` if a study's rows disagree on its evidence weight or none
    gives one: the catalogue never picks a weight silently.
    """
    published = publishers(references)
    cited: dict[str, list[str]] = {}
    for entry in references:
        if entry.study_key:
            cited.setdefault(entry.study_key, []).append(normalize(entry.text))
    return [
        _study(key, group, published.get(key), cited.get(key, []))
        for key, group in study_groups(rows, references).items()
    ]


def study_groups(
    rows: Iterable[StudyRow], references: Iterable[ReferenceEntry] = ()
) -> dict[str, list[StudyRow]]:
    """The rows of each study, by study key."""
    spelling = {
        first_author(author_year(e.text)[0]).casefold(): first_author(author_year(e.text)[0])
        for e in references
    }
    groups: list[list[StudyRow]] = []
    for row in rows:
        group = next((g for g in groups if _same_study(g[0], row)), None)
        if group is None:
            groups.append([row])
        else:
            group.append(row)
    bases = [_base_key(group[0], spelling) for group in groups]
    counts, seen = Counter(bases), Counter[str]()
    keyed = {}
    for base, group in zip(bases, groups, strict=True):
        seen[base] += 1
        suffix = "ab"[seen[base] - 1] if counts[base] > 1 else ""
        keyed[base + suffix] = group
    return keyed


def catalogue_discrepancies(
    rows: Iterable[StudyRow], references: Iterable[ReferenceEntry] = ()
) -> list[str]:
    """Where one study's rows in different theme tables do not say the same thing."""
    notes = []
    for key, group in study_groups(rows, references).items():
        for name in (*_TEXT_FIELDS, "evidence_weight"):
            variants: dict[str, list[int]] = {}
            for row in group:
                variants.setdefault(str(getattr(row, name)), []).append(row.theme)
            if len({normalize(v) for v in variants}) > 1:
                listed = "; ".join(f"tema {themes}: {text!r}" for text, themes in variants.items())
                notes.append(f"{key} {name} differs between tables: {listed}")
    return notes


def _study(key: str, group: list[StudyRow], publisher: str | None, cited: list[str]) -> Study:
    weights = {row.evidence_weight for row in group if row.evidence_weight}
    if len(weights) != 1:
        themes = [row.theme for row in group]
        raise CorpusError(f"{key}: the Bilag 2 rows (tema {themes}) give weights {weights}")
    return Study(
        key=key,
        authors=_fullest(row.authors for row in group),
        year=group[0].year,
        title=_title(group, cited),
        publisher=publisher,
        design=_fullest(row.design for row in group),
        target_group=_fullest(row.target_group for row in group),
        result=_fullest(row.result for row in group),
        evidence_weight=weights.pop(),
        themes=sorted({row.theme for row in group}),
        pages=list(dict.fromkeys(row.page for row in group)),
    )


def _fullest(texts: Iterable[str]) -> str:
    """The most complete wording: the longest, so a cell cut off by the extraction
    ("… helbredsafkla-") loses to a whole one; the first of equals."""
    return max(texts, key=lambda text: len(normalize(text)))


def _title(group: list[StudyRow], cited: list[str]) -> str:
    """The fullest title that a chapter 3 source list confirms, else the fullest.

    Henriksen 2009's title repeats "Veje til beskæftigelse." in three tables; the
    source lists and the other two tables do not.
    """
    titles = [row.title for row in group]
    confirmed = [t for t in titles if any(normalize(t) in text for text in cited)]
    return _fullest(confirmed or titles)


def _same_study(a: StudyRow, b: StudyRow) -> bool:
    if a.year != b.year or first_author(a.authors).casefold() != first_author(b.authors).casefold():
        return False
    words_a, words_b = _words(a.title), _words(b.title)
    return len(words_a & words_b) >= min(len(words_a), len(words_b)) / 2


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2}


def _base_key(row: StudyRow, spelling: dict[str, str]) -> str:
    surname = first_author(row.authors)
    return f"{spelling.get(surname.casefold(), surname)} {row.year}"
