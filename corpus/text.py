"""Text helpers shared by the parsers: joining lines, hyphenation, normalisation.

`normalize` defines what "verbatim" means for the grounding invariants: NFKC,
lowercase, letters and digits only. Everything shown as evidence must normalise
to a substring of the normalised source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Hyphen-like characters the extractor leaves at line ends (U+2010 appears once).
_HYPHENS = ("-", "‐")
_WORD_TAIL = re.compile(r"(\w+)[-‐]$")
_WORD_HEAD = re.compile(r"^(\w+)")
# Prefixes that keep their hyphen in Danish compounds ("ikke-vestlige").
_CONJUNCTIONS = frozenset({"og", "eller", "and", "or"})
_KEEP_HYPHEN_PREFIXES = frozenset({"ikke", "non", "anti", "co", "ex"})


def normalize(text: str) -> str:
    """Lowercase letters and digits only, after NFKC (so ¹ compares as 1)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in folded if ch.isalnum())


_LETTER_RUN = re.compile(r"[^\W\d_]+")


def words_of(texts: Iterable[str]) -> frozenset[str]:
    """The lower-cased words (runs of letters) of `texts`."""
    return frozenset(word.lower() for text in texts for word in _LETTER_RUN.findall(text))


def superscript(number: int) -> str:
    """A footnote marker as the PDF prints it: ¹⁴."""
    return str(number).translate(_SUPERSCRIPT)


class Hyphenation:
    """Decides whether a line-end hyphen splits a word or belongs to it.

    The evidence comes from the document itself: if the joined word occurs
    elsewhere without a hyphen, the hyphen was a line-end split; otherwise, if the
    hyphenated form occurs inside a line, the hyphen is real. Failing both, a few
    rules decide: "ikke-" and other prefixes, abbreviations ("AMU-"), numbers
    ("18-64-") and a continuation in capitals keep it.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        self._joined_words: set[str] = set()
        self._hyphenated: set[str] = set()
        texts = [line for line in lines if line.strip()]
        for line in texts:
            for word in re.findall(r"\w+(?:[-‐]\w+)*", line):
                if "-" in word or "‐" in word:
                    parts = word.lower().replace("‐", "-").split("-")
                    # "på-jobbet-træning" also attests "jobbet-træning" at a line end.
                    self._hyphenated.update(f"{a}-{b}" for a, b in pairwise(parts))
                else:
                    self._joined_words.add(word.lower())
        # A word split at a line end with a lower-case continuation ("Beskæfti-" /
        # "gelsesIndikatorProjektet") attests its closed form for other line ends.
        for left, right in pairwise(texts):
            tail, head = _WORD_TAIL.search(left.rstrip()), _WORD_HEAD.match(right.strip())
            if tail and head and head.group(1)[0].islower():
                stem, rest = tail.group(1).lower(), head.group(1).lower()
                if f"{stem}-{rest}" not in self._hyphenated:
                    self._joined_words.add(stem + rest)

    def keeps_hyphen(self, left_word: str, right_word: str) -> bool:
        """True if "left-" at a line end followed by "right" is a real hyphen."""
        if not right_word:
            return True
        if right_word in _CONJUNCTIONS:
            return True  # suspended compound: "beskæftigelses- eller uddannelseseffekter"
        left, right = left_word.lower(), right_word.lower()
        if left + right in self._joined_words:
            return False  # the closed word is attested ("interviews" beside one "inter-views")
        if f"{left}-{right}" in self._hyphenated:
            return True
        if right_word[0].isupper() or right_word[0].isdigit() or left_word[-1].isdigit():
            return True
        return left in _KEEP_HYPHEN_PREFIXES or left_word.isupper()


def join_lines(lines: Iterable[str], hyphenation: Hyphenation) -> str:
    """Join extracted lines into running text, undoing line-end hyphenation.

    A line that ends in "- " (hyphen, then a space) ends in a dash or a suspended
    compound, so the next line follows after a space; a hyphen right after a
    non-letter ("”-metode") is always real.
    """
    out = ""
    spaced = False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out, spaced = line, raw.rstrip("\n").endswith(("- ", "‐ "))
            continue
        tail = _WORD_TAIL.search(out)
        head = _WORD_HEAD.match(line)
        after_mark = len(out) > 1 and not out[-2].isspace() and not tail
        if out[-1] in _HYPHENS and after_mark and not spaced:
            out = out[:-1] + "-" + line  # after a quote or bracket: "(“timing-of-event”-metode)"
        elif tail and out[-1] in _HYPHENS and not spaced:
            right = head.group(1) if head else ""
            if right in _CONJUNCTIONS:
                out = f"{out} {line}"  # suspended compound: keep "beskæftigelses- eller"
            elif hyphenation.keeps_hyphen(tail.group(1), right):
                out = out[:-1] + "-" + line
            else:
                out = out[:-1] + line
        else:
            out = f"{out} {line}"
        spaced = raw.rstrip("\n").endswith(("- ", "‐ "))
    return re.sub(r"\s{2,}", " ", out).strip()
