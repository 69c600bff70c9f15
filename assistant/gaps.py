"""The report's seven knowledge gaps (chapter 4) and which questions touch them."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.errors import DataError
from assistant.models import KnowledgeGap
from corpus.models import Corpus

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Gap:
    record: KnowledgeGap
    triggers: tuple[tuple[str, ...], ...]  # each trigger: word prefixes that must all occur
    paragraph_id: str  # the gap's paragraph in chapter 4
    topics: tuple[str, ...] = ()  # word prefixes of what the gap is about

    def touched_by(self, words: list[str]) -> bool:
        return any(all(any(w.startswith(p) for w in words) for p in t) for t in self.triggers)

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
    words = _WORD.findall(question.lower())
    return next((g.record for g in gaps if g.touched_by(words)), None)


def gap_about(text: str, gaps: list[Gap]) -> KnowledgeGap | None:
    """For a question that asks what is not known: the first gap whose topic it names.

    "Hvorfor er det så svært at sige, hvad organiseringen betyder?" names no
    trigger, but it asks what is not known about organisation: gap 5.
    """
    words = _WORD.findall(text.lower())
    return next((g.record for g in gaps if g.about(words)), None)
