"""Study lookups: "hvad fandt Heinesen 2011?", "what did Rosholm and Svarer's trial show?".

A question refers to a study when it names one of the catalogue's authors
(optionally with a year) or any capitalised name directly followed by a year. A
named study that the catalogue does not hold ("Jensen 2019") is reported as
unknown, so the assistant can say plainly that the synthesis does not include it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.citations import same_name, study_authors
from corpus.models import Study

# "Heinesen et al. 2011", "Clausen, Heinesen m.fl. (2009)", "Rosholm & Svarer's (2010)".
_NAME_YEAR = re.compile(
    r"\b(?P<name>[A-ZÆØÅ][\wæøåÆØÅ\-]+)(?:’s|'s|s)?(?:(?:\s+(?:et al\.?|og|&|and)|,)\s+"
    r"[A-ZÆØÅ][\wæøå\-]+(?:’s|'s|s)?)*(?:\s+(?:et al\.?|m\.\s?fl\.?|mfl\.?))?"
    r"\s*,?\s*\(?(?P<year>(?:19|20)\d\d)\)?"
)
_WORD = re.compile(r"[\wæøåÆØÅ\-]+")
#: Capitalised words that may precede a year without naming an author.
_NOT_NAMES = frozenset(
    {
        "I",
        "In",
        "Fra",
        "From",
        "Since",
        "Siden",
        "Før",
        "Efter",
        "L",
        "Pr",
        "Danmark",
        "Sverige",
        "Norge",
        "Tyskland",
        "Europa",
        "EU",
        "Folketinget",
        "Regeringen",
        "KL",
        "Kommunen",
        "Jobcentret",
        "Staten",
        "Reformen",
        "Loven",
        "Integrationsloven",
        "Denmark",
        "Sweden",
        "Norway",
        "Germany",
        "Europe",
    }
)


@dataclass
class StudyRefs:
    studies: list[Study] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def _author_index(studies: list[Study]) -> list[tuple[str, Study]]:
    """(author, study) pairs, first authors before co-authors: "Svarer 2010" is the
    sanctions study Svarer wrote first, not Rosholm & Svarer (2010)."""
    pairs = [(i, name, s) for s in studies for i, name in enumerate(study_authors(s.authors))]
    return [(name, s) for _, name, s in sorted(pairs, key=lambda p: p[0])]


def find_study_refs(question: str, studies: list[Study]) -> StudyRefs:
    refs = StudyRefs()
    index = _author_index(studies)
    named_years = [
        (m.group("name"), int(m.group("year")))
        for m in _NAME_YEAR.finditer(question)
        if m.group("name") not in _NOT_NAMES and not _publisher_like(m.group("name"), index)
    ]
    for name, year in named_years:
        hits = [s for n, s in index if _names(name, n) and s.year == year]
        if hits:
            _add(refs, hits[0])
        else:
            # A name and a year the catalogue does not hold: a study the synthesis lacks.
            refs.unknown.append(f"{name} {year}")
    if named_years:
        return refs
    # No year: a catalogue author named alone ("hvad fandt Heinesen?").
    for word in _WORD.findall(question):
        if len(word) < 4 or not word[0].isupper():
            continue
        for name, study in index:
            if same_name(word, name.split()[0]):
                _add(refs, study)
    return refs


def _names(word: str, author: str) -> bool:
    """ "Insight" names "LG Insight"; "Heinesen" names "Heinesen"."""
    return any(same_name(word, part) for part in author.split())


def _publisher_like(name: str, index: list[tuple[str, Study]]) -> bool:
    """ "SFI 2009", "AKF 2010": an abbreviation in capitals is a publisher, not an author,
    unless the catalogue has it as an author ("CABI 2010")."""
    return name.isupper() and len(name) <= 4 and not any(_names(name, n) for n, _ in index)


def _add(refs: StudyRefs, study: Study) -> None:
    if study not in refs.studies:
        refs.studies.append(study)
