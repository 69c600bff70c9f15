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

Which studies back a passage follows the report's citing habit: a parenthesis that
closes a run of sentences, "(Hansen & Kolodziejczyk 2009; CABI 2010)", backs the
whole run. A slice of a paragraph that stops before that parenthesis is still backed
by it (`supporting_keys`).
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
                    offset=match.start(),
                    section=paragraph.section,
                    page=paragraph.page,
                    key=resolve(authors, year, studies),
                )
            )
    return out


def supporting_keys(
    paragraph_text: str, citations: Iterable[Citation], start: int, end: int
) -> list[str]:
    """Study keys that back the slice [start, end) of a paragraph, in citing order.

    These are the citations inside the slice and, unless the slice already ends with
    a citation, the parenthesised group that closes its run of sentences later in
    the paragraph. A narrative citation after the slice ("Heinesen et al. (2011)
    finder …") belongs to the sentence it opens, so it is not taken.
    """
    ordered = sorted((c for c in citations if c.offset >= 0), key=lambda c: c.offset)
    inside = [c for c in ordered if start <= c.offset < end]
    keys = [c.key for c in inside if c.key]
    last_end = max((c.offset + len(c.text) for c in inside), default=start)
    if inside and not _has_words(paragraph_text[last_end:end]):
        return list(dict.fromkeys(keys))
    after = [c for c in ordered if c.offset >= end]
    if after and _in_parentheses(paragraph_text, after[0].offset):
        close = paragraph_text.find(")", after[0].offset)
        close = len(paragraph_text) if close < 0 else close
        keys += [c.key for c in after if c.offset < close and c.key]
    return list(dict.fromkeys(keys))


def _has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]{2}", text) is not None


def _in_parentheses(text: str, offset: int) -> bool:
    before = text[:offset]
    return before.rfind("(") > before.rfind(")")


def rows_of(study: Study, rows: Iterable[StudyRow]) -> list[StudyRow]:
    """The Bilag 2 rows of a study: same year and same first author."""
    first = study_authors(study.authors)[:1]
    return [
        row for row in rows if row.year == study.year and study_authors(row.authors)[:1] == first
    ]
