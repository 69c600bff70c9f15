"""Specific terms the report never uses: a sign that a question is beyond it.

A near-miss question borrows the report's words and hinges on one concept it
lacks: "virksomhedspraktik for asylansøgere", "straffeattest og løntilskud",
"does an internship reduce radicalisation?". Retrieval then finds passages about
the words the question shares with the report and dresses them up as an answer.

The concept word is told from the everyday words around it by how common it is
in the language at large (wordfreq's Zipf scale: 4 is once per 100,000 words):

- a common word ("egentlig", "teamet", "overvejer") frames the question;
  English words must be rarer to count, because the report is Danish: only the
  lexicon and glossary know English, so every English word is "unused" and
  only a clearly rare one ("radicalisation", "headscarf") names a concept;
- a word the general lists do not know at all is a typo ("virksomhedspraktk") or
  a fresh compound. A typo is not evidence of anything. A compound is judged by
  its parts: "skilsmisse|raten" and "autisme|diagnose" hinge on a part the report
  never uses, "udkants|kommune" does not. When the word splits into listed parts
  more than one way, every way must hold such a part, so a chance split of a
  typo rarely counts;
- a real but less common word that the report, the lexicon and the glossary never
  use, in any inflection, names something the synthesis cannot speak about. That
  holds for compounds of common parts too ("straffe|attest", "telefon|samtaler"):
  the compound is the concept. Everyday words below the bar that caseworkers use
  for the report's ideas ("parkering" for lock-in) belong in the glossary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from wordfreq import zipf_frequency

#: Below this Zipf frequency a Danish word names a concept.
RARE_ZIPF = 4.0
#: Below this Zipf frequency an English word names a concept.
RARE_ZIPF_ENGLISH = 3.0
#: Shorter words are function words or abbreviations that the lists judge badly.
MIN_LETTERS = 4
#: A stem keeps at least this many letters ("mødes" → "mød", not "m").
MIN_STEM = 3
#: An unlisted word this long may be a compound, split into parts this long...
MIN_COMPOUND = 8
MIN_PART = 4
#: ...each of which one of the lists knows at least this well (rare, but a word).
PART_ZIPF = 2.0

# A word with what follows an apostrophe: "aren't" is one word, not "aren" and "t".
_WORD = re.compile(r"[a-zæøåäöüé]+(?:['’][a-z]+)?")
# Danish and English inflections, longest first, so "lederne" loses "erne" not "e".
_SUFFIXES = tuple(
    sorted(
        (
            "e", "en", "et", "er", "ere", "erne", "ene", "es", "s", "ens", "ets",
            "ernes", "enes", "r", "n", "t", "ede", "ende", "te", "ing", "ingen",
            "inger", "ingerne", "ers", "ed", "ly",
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
# The report may hold a stem with an ending the question lacks ("team" → "teams").
_ENDINGS = ("", "e", "en", "er", "et", "s")


class ReportTerms:
    """Tells the words a question shares with the report from those it does not."""

    def __init__(self, known: Iterable[str]) -> None:
        self._known = frozenset(known)
        # Prefixes of known words, for a stem the report only uses in a longer form
        # ("traumer" → "traumatiske"): five letters and most of the word must match.
        self._prefixes = frozenset(w[:n] for w in self._known for n in range(5, len(w) + 1))
        _zipf("og")  # loads both frequency lists now, not during the first question

    def foreign(self, question: str) -> list[str]:
        """The rare words of `question` that the report never uses, in order."""
        words = [_without_clitic(w) for w in _WORD.findall(question.lower())]
        found = [w for w in words if len(w) >= MIN_LETTERS and self._foreign(w)]
        return list(dict.fromkeys(found))

    def _foreign(self, word: str) -> bool:
        if self.knows(word):
            return False
        if _rare(word):
            return True
        splits = _compound_splits(word) if _unlisted(word) else []
        return bool(splits) and all(any(map(self._foreign_part, split)) for split in splits)

    def _foreign_part(self, part: str) -> bool:
        return _rare(part) and not self.knows(part)

    def knows(self, word: str) -> bool:
        """True if the report, lexicon or glossary uses `word` in some inflection,
        or a longer word that starts with most of it."""
        for stem in _stems(word):
            if any(stem + ending in self._known for ending in _ENDINGS):
                return True
        prefix = word[: max(5, -(-len(word) * 3 // 5))]
        return len(word) >= 5 and prefix in self._prefixes


def _without_clitic(word: str) -> str:
    """The word an English clitic hangs on ("employer's" → "employer"); "" for a
    negated auxiliary ("aren't", "doesn't"), which no list knows without its "n't"."""
    head, _, tail = word.replace("’", "'").partition("'")
    if tail == "t" and head.endswith("n"):
        return ""
    return head


def _stems(word: str) -> Iterable[str]:
    yield word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            yield word[: -len(suffix)]


def _compound_splits(word: str) -> list[tuple[str, str]]:
    """The ways `word` splits into two listed words, the first maybe with its
    linking "s" or "e" dropped ("hjemrejse|ydelse", "pasning(s)|plads")."""
    if len(word) < MIN_COMPOUND:
        return []
    splits = []
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        heads = {head}
        if head.endswith(("s", "e")) and len(head) > MIN_PART:
            heads.add(head[:-1])
        splits += [(h, tail) for h in sorted(heads) if _listed(h) and _listed(tail)]
    return splits


def _listed(part: str) -> bool:
    return max(_zipf(part)) >= PART_ZIPF


def _unlisted(word: str) -> bool:
    return max(_zipf(word)) == 0.0


@lru_cache(maxsize=20_000)
def _zipf(word: str) -> tuple[float, float]:
    """How common `word` is in Danish and in English."""
    return zipf_frequency(word, "da"), zipf_frequency(word, "en")


def _rare(word: str) -> bool:
    """A real word (one of the lists knows it) that its language seldom uses."""
    danish, english = _zipf(word)
    if english > danish:
        return english < RARE_ZIPF_ENGLISH
    return 0.0 < danish < RARE_ZIPF
