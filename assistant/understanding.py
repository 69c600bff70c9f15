"""Query understanding: which interventions, target groups, outcomes and question kind.

A spaCy PhraseMatcher (blank Danish tokenizer, matching on lowercase) runs over a
Danish + English domain lexicon kept as data (`assistant/data/lexicon.json`).
English terms map to the same concepts as the Danish ones, and each concept's
Danish label and keywords are added to the keyword query, so an English question
also reaches the Danish keyword index.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from assistant.errors import DataError

#: When several kinds match, the most specific wins (a "hvorfor" question about
#: target groups is a mechanism question).
KIND_PRIORITY = (
    "knowledge_gap",
    "study_list",
    "method",
    "definition",
    "mechanism",
    "numbers",
    "organisation",
    "labour_market",
    "target_group",
    "effect",
)
CONCEPT_TYPES = ("intervention", "target_group", "outcome")


@dataclass(frozen=True)
class Concept:
    id: str
    type: str
    label_da: str
    keywords_da: tuple[str, ...]
    theme: int | None


@dataclass
class Analysis:
    """What a question is about. Mutable only while a follow-up is being resolved."""

    concepts: dict[str, list[Concept]] = field(default_factory=dict)  # type -> concepts
    kinds: list[str] = field(default_factory=list)
    danish_terms: list[str] = field(default_factory=list)  # the report's words (glossary)

    @property
    def kind(self) -> str:
        return next((k for k in KIND_PRIORITY if k in self.kinds), "effect")

    def of_type(self, concept_type: str) -> list[Concept]:
        return self.concepts.get(concept_type, [])

    @property
    def topical(self) -> bool:
        """Names something the report is about (an intervention, group or outcome)."""
        return any(self.concepts.get(t) for t in CONCEPT_TYPES)

    def labels(self) -> list[str]:
        return [c.label_da for t in CONCEPT_TYPES for c in self.of_type(t)]

    def keyword_terms(self) -> list[str]:
        terms: list[str] = list(self.danish_terms)
        for concept_type in CONCEPT_TYPES:
            for concept in self.of_type(concept_type):
                terms += [concept.label_da, *concept.keywords_da]
        return list(dict.fromkeys(terms))

    @property
    def themes(self) -> list[int]:
        found = {c.theme for t in CONCEPT_TYPES for c in self.of_type(t) if c.theme}
        return sorted(found)


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    try:
        text = (resources.files("assistant") / "data" / "lexicon.json").read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, ValueError) as e:
        raise DataError(f"assistant/data/lexicon.json is unreadable: {e}") from e


class Understanding:
    """Matches lexicon phrases in questions. Build once; `analyze` is cheap."""

    def __init__(self) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self._nlp = spacy.blank("da")
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        self._concepts: dict[str, Concept] = {}
        for entry in _lexicon()["concepts"]:
            concept = Concept(
                id=entry["id"],
                type=entry["type"],
                label_da=entry["label_da"],
                keywords_da=tuple(entry.get("keywords_da", [])),
                theme=entry.get("theme"),
            )
            self._concepts[concept.id] = concept
            # An English single word that is a Danish function word ("men" = but,
            # "man" = one) would fire on every Danish sentence. Danish forms stay,
            # even those spaCy lists as stop words ("hvem").
            stop_words = self._nlp.Defaults.stop_words
            english = {p.lower() for p in entry.get("en", [])}
            english = {p for p in english if " " in p or p not in stop_words}
            phrases = {p.lower() for p in entry.get("da", [])} | english
            self._matcher.add(concept.id, [self._nlp.make_doc(p) for p in sorted(phrases)])
        self.glossary = Glossary(self._nlp)

    def phrases(self) -> list[str]:
        """Every form of the lexicon and every glossary phrase: words the tool knows."""
        forms = [
            f
            for entry in _lexicon()["concepts"]
            for f in (*entry.get("da", []), *entry.get("en", []))
        ]
        return [*forms, *_glossary()]

    def analyze(self, question: str) -> Analysis:
        doc = self._nlp.make_doc(question.lower())
        analysis = Analysis()
        spans = sorted(self._matcher(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        # Longest match wins within kinds and within concepts: "privat løntilskud"
        # hides the "løntilskud" inside it, but "for kvinder" as a kind phrase does
        # not hide the target group "kvinder".
        covered: dict[bool, set[int]] = {True: set(), False: set()}
        for match_id, start, end in spans:
            concept = self._concepts[self._nlp.vocab.strings[match_id]]
            seen = covered[concept.type == "question_kind"]
            if seen & set(range(start, end)):
                continue
            seen |= set(range(start, end))
            self._add(analysis, concept)
        analysis.danish_terms = self.glossary.danish_terms(question)
        return analysis

    @staticmethod
    def _add(analysis: Analysis, concept: Concept) -> None:
        if concept.type == "question_kind":
            kind = concept.id.removeprefix("kind_")
            if kind not in analysis.kinds:
                analysis.kinds.append(kind)
            return
        bucket = analysis.concepts.setdefault(concept.type, [])
        if concept not in bucket:
            bucket.append(concept)


class Glossary:
    """Everyday words (English or Danish) with the report's own words (data/glossary.json).

    "wage subsidy" -> "løntilskud", but also "holder dem tilbage" -> "fastholdende":
    the report's terms then reach the keyword index even when the question avoids them.
    """

    def __init__(self, nlp: Any) -> None:
        from spacy.matcher import PhraseMatcher

        self._nlp = nlp
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._danish: dict[str, str] = {}
        for english, danish in _glossary().items():
            self._danish[english.lower()] = danish
            self._matcher.add(english.lower(), [nlp.make_doc(english.lower())])

    def danish_terms(self, question: str) -> list[str]:
        doc = self._nlp.make_doc(question.lower())
        found = [self._danish[self._nlp.vocab.strings[m]] for m, _, _ in self._matcher(doc)]
        return list(dict.fromkeys(w for terms in found for w in terms.split()))


#: Function words that tell an English question from a Danish one. On the 318
#: hand-written questions of tests/gold (development, A, D) the vote is always right.
_ENGLISH_WORDS = frozenset(
    str.split(
        "the does do is are was were what how of to in for and with why which who can "
        "should there their they it that this be have has get work works help"
    )
)
_DANISH_WORDS = frozenset(
    str.split(
        "og er det at en et til på med hvad hvordan hvorfor hvilke der som de den har kan "
        "skal virker for af i om ikke"
    )
)
_LETTERS = re.compile(r"[a-zæøå]+")


def is_english(question: str) -> bool:
    """True when more of the question's function words are English than Danish."""
    words = _LETTERS.findall(question.lower())
    return sum(w in _ENGLISH_WORDS for w in words) > sum(w in _DANISH_WORDS for w in words)


@lru_cache(maxsize=1)
def _glossary() -> dict[str, str]:
    try:
        text = (resources.files("assistant") / "data" / "glossary.json").read_text(encoding="utf-8")
        return json.loads(text)["terms"]
    except (OSError, ValueError, KeyError) as e:
        raise DataError(f"assistant/data/glossary.json is unreadable: {e}") from e


@lru_cache(maxsize=1)
def understanding() -> Understanding:
    return Understanding()
