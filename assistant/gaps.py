"""The report's seven knowledge gaps (chapter 4) and which questions touch them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.conversation import Resolution
from assistant.errors import DataError
from assistant.models import KnowledgeGap
from assistant.understanding import Analysis
from corpus.models import Chunk, Corpus
from index.search import Hit

_WORD = re.compile(r"\w+")
#: Phrases that use a trigger word for something else: "in order to" asks for no order
#: (gap 1), and "does the report contain …?" asks what the report holds, not what the
#: interventions contain (gap 2).
_IDIOMS = re.compile(
    r"\bin order (?:to|for|that)\b"
    r"|\b(?:indeholder|contains?) (?:rapporten|syntesen|videnssyntesen)\b"
    r"|\b(?:rapporten|syntesen|videnssyntesen|report|synthesis|review) (?:indeholder|contains?)\b"
)
#: Words that name knowledge gaps as such (not "ved man …?", which asks about a topic).
_GAP_WORDS = re.compile(
    r"\b(videnshul\w*|huller|hul i viden|gaps?|mangler\w*( der)? viden"
    r"|lack of (evidence|knowledge))\b",
    re.IGNORECASE,
)


#: A trigger word this short is a function word ("for", "of", "do"): it is a whole
#: word, and the trigger that holds it a phrase, its words together and in order.
#: "for hvem" is not "forskellen … hvem", nor "what do they do" "what do job centres
#: say … when they try".
FUNCTION_WORD_LETTERS = 3


@dataclass(frozen=True)
class Gap:
    record: KnowledgeGap
    triggers: tuple[tuple[str, ...], ...]  # each trigger: word prefixes that must all occur
    paragraph_id: str  # the gap's paragraph in chapter 4
    topics: tuple[str, ...] = ()  # word prefixes of what the gap is about

    def touched_by(self, words: list[str]) -> bool:
        return any(_contains(trigger, words) for trigger in self.triggers)

    def about(self, words: list[str]) -> bool:
        return any(w.startswith(p) for p in self.topics for w in words)


@lru_cache(maxsize=1)
def _gap_data() -> dict:
    try:
        text = (resources.files("assistant") / "data" / "gaps.json").read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, ValueError) as e:
        raise DataError(f"assistant/data/gaps.json is unreadable: {e}") from e


def load_gaps(corpus: Corpus) -> list[Gap]:
    """The gaps with their verbatim passages, located in chapter 4 by their opening words."""
    chapter4 = [p for p in corpus.paragraphs if p.section == "4"]
    gaps = []
    for entry in _gap_data()["gaps"]:
        paragraph = next((p for p in chapter4 if p.text.startswith(entry["opening"])), None)
        if paragraph is None:
            raise DataError(f"knowledge gap {entry['number']}: opening not found in chapter 4")
        record = KnowledgeGap(
            number=entry["number"], title=entry["title"], text=paragraph.text, page=paragraph.page
        )
        triggers = tuple(tuple(t.lower().split()) for t in entry["triggers"])
        topics = tuple(t.lower() for t in entry.get("topics", []))
        gaps.append(Gap(record, triggers, paragraph.id, topics))
    return gaps


def gap_for(question: str, gaps: list[Gap]) -> KnowledgeGap | None:
    """The first gap whose triggers the question contains, if any."""
    words = _words(question)
    return next((g.record for g in gaps if g.touched_by(words)), None)


def gap_about(text: str, gaps: list[Gap]) -> KnowledgeGap | None:
    """For a question that asks what is not known: the first gap whose topic it names.

    "Hvorfor er det så svært at sige, hvad organiseringen betyder?" names no
    trigger, but it asks what is not known about organisation: gap 5.
    """
    words = _words(text)
    return next((g.record for g in gaps if g.about(words)), None)


def _contains(trigger: tuple[str, ...], words: list[str]) -> bool:
    """Whether `words` hold every word of `trigger`: anywhere, or as a phrase if the
    trigger holds a function word."""
    if any(len(part) <= FUNCTION_WORD_LETTERS for part in trigger):
        n = len(trigger)
        return any(_phrase_at(trigger, words[i : i + n]) for i in range(len(words) - n + 1))
    return all(any(w.startswith(part) for w in words) for part in trigger)


def _phrase_at(trigger: tuple[str, ...], words: list[str]) -> bool:
    return all(
        word == part if len(part) <= FUNCTION_WORD_LETTERS else word.startswith(part)
        for part, word in zip(trigger, words, strict=True)
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(_IDIOMS.sub(" ", text.lower()))


def numbered(gaps: list[Gap], number: int) -> Gap:
    return next(g for g in gaps if g.record.number == number)


def gaps_overview(gaps: list[Gap], chunks: list[Chunk]) -> Chunk | None:
    """Chapter 4's opening, which says there are seven gaps: the answer to "which
    knowledge gaps are there?" as a whole."""
    gap_paragraphs = {g.paragraph_id for g in gaps}
    return next(
        (c for c in chunks if c.section == "4" and c.paragraph_id not in gap_paragraphs), None
    )


def touched_gap(
    text: str, res: Resolution, hits: list[Hit], gaps: list[Gap]
) -> KnowledgeGap | None:
    """The gap a question touches, in its conversation, or None."""
    gap = gap_for(text, gaps)
    analysis = res.analysis
    if gap is None and analysis.kind == "knowledge_gap":
        # What is not known about what: the question's own words first, then
        # the conversation's ("hvorfor er det så svært at sige?" after a turn
        # about organisation).
        gap = gap_about(text, gaps) or gap_about(res.context, gaps)
    if gap is None and res.follow_up and res.previous_gap and not res.focus:
        # "Why don't the studies pick that up?" after a gap: still that gap.
        gap = numbered(gaps, res.previous_gap).record
    if gap is None and analysis.kind == "knowledge_gap" and analysis.topical:
        in_hits = [h.chunk.paragraph_id for h in hits if h.chunk.section == "4"]
        gap = next((g.record for pid in in_hits for g in gaps if g.paragraph_id == pid), None)
    return gap


def asks_for_all_gaps(text: str, analysis: Analysis, gap: KnowledgeGap | None) -> bool:
    """'Hvilke videnshuller er der?': gaps named outright, with no topic and no single gap.

    "Ved man noget om X?" is a gap-kind question too, but about X; it is not answered
    with the list of gaps.
    """
    return (
        analysis.kind == "knowledge_gap"
        and gap is None
        and not analysis.topical
        and _GAP_WORDS.search(text) is not None
    )
