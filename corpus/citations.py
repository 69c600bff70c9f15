"""In-text citations ("(Arendt et al. 2016; Heinesen et al. 2011)") and their study keys.

A citation is an author phrase (surnames joined by "&", "og", "and", or followed by
"et al.") directly before a year, the year optionally in parentheses and followed
by a footnote marker. It links to a study when the year matches and either the
first author matches the study's first author, or every cited author is among the
study's authors. Surnames match despite the report's misspellings ("Eskeline" for
Eskelinen, "Arbejdsmarkedsstyrelse"): equal, or one a prefix of the other with at
most two letters more. A citation that matches no included study (works the
report cites but did not include, wrong years such as "Koch et al, 2014") stays
unresolved rather than being forced onto a study.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from corpus.models import Citation, Paragraph, Study, StudyRow

_NAME = r"[A-ZÆØÅ][\wæøåÆØÅ\-]*"
_CITATION = re.compile(
    rf"(?P<authors>{_NAME}(?:\s+(?:et al\.?|&|og|and|{_NAME}))*)"
    r"\s*,?\s*\(?(?P<year>(?:19|20)\d\d)[⁰¹²³⁴⁵⁶⁷⁸⁹]*\)?"
)
_JOINER = re.compile(r"\s+(?:&|og|and)\s+")
_ET_AL = re.compile(r"\s+et al\.?$")
# "Surname, X." or "Surname, X. Y." inside a Bilag 2 author string.
_SURNAME_WITH_INITIALS = re.compile(
    r"([A-ZÆØÅ][\wæøåÆØÅ\-]+(?: [A-ZÆØÅ][\wæøå]+)?),\s*(?:[A-Z]\.\s?)+"
)
#: Words that can stand capitalised before a year without being an author.
_NOT_AUTHORS = frozenset({"I", "Fra", "Pr", "Siden", "Januar", "Juni", "December", "Maj"})


def cited_authors(phrase: str) -> list[str]:
    """["Olesen", "Eskeline"] from "Olesen og Eskeline"; ["Arendt"] from "Arendt et al."."""
    phrase = _ET_AL.sub("", phrase.strip())
    return [p.strip() for p in _JOINER.split(phrase) if p.strip()]


def study_authors(authors: str) -> list[str]:
    """Surnames (or organisation names) in a Bilag 2 author string, in order."""
    found = _SURNAME_WITH_INITIALS.findall(authors)
    if found:
        return found
    cleaned = re.sub(r"\s*\(\d{4}\)\s*$", "", authors)
    return [p.strip() for p in _JOINER.split(cleaned) if p.strip()]


def same_name(cited: str, listed: str) -> bool:
    a, b = cited.lower(), listed.lower()
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and long.startswith(short) and len(long) - len(short) <= 2


def resolve(authors: list[str], year: int, studies: Iterable[Study]) -> str | None:
    """The key of the included study this citation refers to, or None."""
    for study in studies:
        if study.year != year:
            continue
        listed = study_authors(study.authors)
        if not listed:
            continue
        if same_name(authors[0], listed[0]):
            return study.key
        if len(authors) > 1 and all(any(same_name(a, x) for x in listed) for a in authors):
            return study.key
    return None


def find_citations(paragraphs: Iterable[Paragraph], studies: list[Study]) -> list[Citation]:
    """Every citation in the given paragraphs, linked where an included study matches."""
    out: list[Citation] = []
    for paragraph in paragraphs:
        for match in _CITATION.finditer(paragraph.text):
            authors = cited_authors(match.group("authors"))
            if not authors or authors[0] in _NOT_AUTHORS:
                continue
            year = int(match.group("year"))
            out.append(
                Citation(
                    text=match.group(0).strip(),
                    author=authors[0],
                    year=year,
                    paragraph_id=paragraph.id,
                    section=paragraph.section,
                    page=paragraph.page,
                    key=resolve(authors, year, studies),
                )
            )
    return out


def rows_of(study: Study, rows: Iterable[StudyRow]) -> list[StudyRow]:
    """The Bilag 2 rows of a study: same year and same first author."""
    first = study_authors(study.authors)[:1]
    return [
        row for row in rows if row.year == study.year and study_authors(row.authors)[:1] == first
    ]
