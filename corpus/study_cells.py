"""Cues that tell apart Bilag 2 cells sharing one extracted line, and the report's words.

Everything here is learnt from the report itself: the research designs come from its
Tabel 2, and whether a line-end hyphen splits a word is decided by the words the report
writes elsewhere. `study_table` uses these cues to reassemble rows; `references` uses
the `Lexicon` to join the lines of the chapter 3 source lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from corpus.errors import CorpusError
from corpus.source import Source
from corpus.text import Hyphenation, join_lines

WEIGHTS = ("Høj", "Medium")
YEAR = re.compile(r"\(((?:19|20)\d\d)\)")
_INITIAL = r"[A-ZÆØÅ](?:\.|(?=\s|$))"
#: "Hansen, E. B. & " or "Arendt, J. N.; Bolvig, I.; ": persons with initials.
AUTHOR_LIST = re.compile(rf"(?:[A-ZÆØÅ][\w-]+, (?:{_INITIAL} ?)+[;,]? ?(?:& ?)?)+")
_AUTHOR_WITH_YEAR = re.compile(r".*?\((?:19|20)\d\d\)")
_SENTENCE_BREAK = re.compile(r"(?<=[.?!]) (?=[\"“”'’A-ZÆØÅ0-9])")
_CASE_BREAK = re.compile(r"(?<=[a-zæøå,]) (?=[A-ZÆØÅ])")
_TABEL2 = re.compile(r"^\s?Tabel 2:")
_TABEL2_ROW = re.compile(r"^(.+?) (\d+)\s*$")
#: Design spellings used in the table cells but not in Tabel 2 ("Longditudinalt" is a
#: misspelling in the tema 1 cell of Rotger 2011).
_EXTRA_DESIGNS = ("Longditudinalt kvasi-eksperimentelt kohorte studie",)
_WORD = re.compile(r"\w+(?:-\w+)*")
_SPLIT_TAIL = re.compile(r"(\w+(?:-\w+)*)-$")


class Lexicon:
    """The report's own words, to tell a line-end split ("kontanthjælpsmod-/tagere")
    from a real hyphen ("ikke-/vestlige") and to rejoin split words.

    `words` are the words as they stand inside lines; `rejoined` are words split at a
    line end (lower-case continuation) whose hyphenated form never occurs inside a line.
    """

    def __init__(self, lines: Iterable[str]) -> None:
        texts = [line for line in lines if line.strip()]
        self._hyphenation = Hyphenation(texts)
        self.words = {w.lower() for line in texts for w in _WORD.findall(line)}
        self.rejoined: set[str] = set()
        for left, right in pairwise(texts):
            tail, head = _SPLIT_TAIL.search(left), _WORD.match(right.strip())
            if tail and head and head.group()[0].islower():
                stem, rest = tail.group(1).lower(), head.group().lower()
                if f"{stem}-{rest}" not in self.words:
                    self.rejoined.add(stem + rest)

    def is_word(self, text: str) -> bool:
        head = _WORD.search(text)
        return head is not None and head.group().lower() in self.words

    def completes(self, left: str, right: str) -> bool:
        """True if `right` finishes, into an attested word, the word `left` splits."""
        tail, head = _SPLIT_TAIL.search(left), _WORD.match(right)
        if not (tail and head):
            return False
        joined = (tail.group(1) + head.group()).lower()
        return joined in self.words or joined in self.rejoined

    def join(self, pieces: Iterable[str]) -> str:
        """Join a cell's lines, undoing line-end hyphenation (see `corpus.text.join_lines`)."""
        return join_lines(pieces, self._hyphenation)


def design_vocabulary(source: Source) -> tuple[str, ...]:
    """The research designs of Tabel 2 ("Studiernes undersøgelsesdesign"), longest first."""
    lines = iter(source.lines)
    if not any(_TABEL2.match(line) for line in lines):
        raise CorpusError("Tabel 2 (research designs) not found; cannot read the design column")
    terms = []
    for line in lines:
        if line.strip().startswith("N ="):
            break
        match = _TABEL2_ROW.match(line.strip())
        if match:
            terms.append(match.group(1))
    return tuple(sorted({*terms, *_EXTRA_DESIGNS}, key=len, reverse=True))


def split_author(text: str, known: tuple[str, ...], *, spans_row: bool) -> tuple[str, str]:
    """(author cell text, rest of the line) for the first line of a row.

    The cell ends after its year. Without a year on the line the whole line is the
    author cell, unless the line holds the row's other cells too (`spans_row`); then it
    ends after a name the tables give elsewhere with a year, or after a "Surname, X."
    list.
    """
    if match := _AUTHOR_WITH_YEAR.match(text):
        return match.group(0), text[match.end() :].strip()
    if spans_row:
        for name in known:
            if text.startswith(name + " "):
                return name, text[len(name) :].strip()
        if match := AUTHOR_LIST.match(text):
            return match.group(0).strip(), text[match.end() :].strip()
    return text, ""


def looks_like_authors(line: str, known: tuple[str, ...]) -> bool:
    """True if a line opens an author cell, i.e. a new row."""
    text = line.strip()
    return bool(AUTHOR_LIST.match(text)) or any(text.startswith(name) for name in known)


def find_design(text: str, designs: tuple[str, ...]) -> tuple[int, int] | None:
    """Character span of a design cell's first line inside `text`, if there is one."""
    for token in re.finditer(r"\S+", text):
        if token.group()[0].isupper():
            end = _design_end(text, token.start(), designs)
            if end is not None:
                return token.start(), end
    return None


def _design_end(text: str, start: int, designs: tuple[str, ...]) -> int | None:
    tokens = list(re.finditer(r"\S+", text[start:]))
    for term in designs:
        target, seen = _letters(term), ""
        for token in tokens:
            seen += _letters(token.group())
            if seen == target:
                return _extend_parenthesis(text, start + token.end())
            if not target.startswith(seen):
                break
        else:
            # The line ends inside the term ("Randomiseret kontrol-"): two words at least,
            # so a title that merely ends in "Mixed" is not taken for a design.
            if len(tokens) >= 2:
                return len(text)
    return None


def _extend_parenthesis(text: str, position: int) -> int:
    """A design may go on with "(survey og interviews)": up to ")" or the column's edge."""
    if not text[position:].lstrip().startswith("("):
        return position
    tokens = list(re.finditer(r"\S+", text[position:]))
    for index, token in enumerate(tokens):
        following = tokens[index + 1].group() if index + 1 < len(tokens) else ""
        # Design parentheses are lower case; a capital after them starts the next cell.
        if token.group().endswith(")") or following[:1].isupper():
            return position + token.end()
    return len(text)


def split_target(text: str, *, page_foot: bool) -> tuple[str, str]:
    """(target group, result): the target group is the first sentence on the line.

    On a page-foot line every cell is present, so a target group cut off mid-sentence
    ends where a capitalised word follows a lower-case one ("har fået Praktik og …").
    """
    match = _SENTENCE_BREAK.search(text) or (_CASE_BREAK.search(text) if page_foot else None)
    if not match:
        return text, ""
    return text[: match.start()], text[match.end() :]


def first_author(authors: str) -> str:
    """The first author's surname, or the organisation: "Arendt", "LG Insight", "Væksthuset"."""
    return re.split(r",|;|&| og ", authors, maxsplit=1)[0].strip()


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha())
