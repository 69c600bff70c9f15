"""Cutting hits into focused, verbatim excerpts and choosing the short answer.

An excerpt is the best one or two consecutive sentences of a chunk, judged by how
many of the query's analysed terms they contain. It is always a slice of the
chunk's text at its sentence offsets, so it stays verbatim. Study summaries are
shown whole (their cells are the point).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from corpus.models import Chunk

#: An excerpt grows to at most this many characters (whole sentences, at most four),
#: so five excerpts stay readable in a meeting (median under 2,500 characters).
MAX_EXCERPT_CHARS = 650
MAX_SENTENCES = 4
#: What all of a sentence's query terms are worth in cosine when choosing the lead:
#: e5's cosines between sentences of one passage differ by a few hundredths.
LEAD_TERM_WEIGHT = 0.02


@dataclass(frozen=True)
class Cut:
    text: str
    start: int
    end: int
    overlap: int  # distinct query terms in the cut
    terms: tuple[str, ...]  # surface words of the cut that match query terms
    #: The single best sentence of the cut (verbatim), for the short answer.
    lead: str = ""


def best_cut(
    chunk: Chunk,
    query_terms: set[str],
    analyze: Callable[[str], list[str]],
    idf: dict[str, float] | None = None,
    *,
    closeness: Sequence[float | None] | None = None,
    wants_number: bool = False,
) -> Cut:
    """The window of whole sentences of `chunk` that best covers the query terms.

    Terms count by their rarity (idf), so "løntilskud" outweighs "indsats".
    `closeness` (the query's cosine with each sentence, None where a sentence has
    no vector) chooses the window's lead sentence; see `_lead`. With `wants_number`
    (the question asks how many, how much or how long) a sentence that holds a
    number leads if the window has one.
    """
    spans = chunk.sentence_spans or [(0, len(chunk.text))]
    if chunk.kind == "study_summary" or len(spans) == 1:
        return _cut(chunk.text, 0, len(chunk.text), query_terms, analyze)
    weight = idf or {}
    sentence_terms = [set(analyze(chunk.text[a:b])) & query_terms for a, b in spans]
    best: tuple[float, int, int, int] | None = None
    for i in range(len(spans)):
        for j in range(i, min(i + MAX_SENTENCES, len(spans))):
            length = spans[j][1] - spans[i][0]
            if j > i and length > MAX_EXCERPT_CHARS:
                break
            terms = set().union(*sentence_terms[i : j + 1])
            # Summed in a fixed order: float sums over a set depend on the hash seed.
            score = math.fsum(weight.get(t, 1.0) for t in sorted(terms))
            candidate = (score, length, -i, j)
            if best is None or candidate > best:
                best = candidate
    assert best is not None  # spans is never empty
    _, _, neg_i, j = best
    i = -neg_i
    term_scores = [math.fsum(weight.get(t, 1.0) for t in sorted(terms)) for terms in sentence_terms]
    window: Sequence[int] = range(i, j + 1)
    if wants_number:
        # "Hvor mange …?" is answered by a sentence that holds a number.
        numbered = [k for k in window if holds_number(chunk.text[spans[k][0] : spans[k][1]])]
        window = numbered or window
    lead = _lead(window, term_scores, closeness)
    cut = _cut(chunk.text, spans[i][0], spans[j][1], query_terms, analyze)
    return replace(cut, lead=chunk.text[spans[lead][0] : spans[lead][1]].strip())


#: What a sentence's numbers are not: a citation "(Arendt et al. 2016)", a year, a
#: footnote mark "²²", a place in the report ("afsnit 1.2", "bilag 2"), a bill or a
#: place in a law ("lovforslag L 189", "§ 16, stk. 7, 2. pkt."), a date ("3. juni").
_NOT_A_COUNT = re.compile(
    r"\([^()]*\d{4}[^()]*\)|\b(?:19|20)\d\d\b|[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
    r"|\b(?:afsnit|kapitel|kapitlerne|bilag|tabel|figur|tema|side|s\.)\s*\d[\d.\-–]*"
    r"|\bL\s?\d+|§\s*\d+|\bstk\.\s*\d+|\b\d+\.\s*pkt\."
    r"|\b\d{1,2}\.\s*(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober"
    r"|november|december)\b",
    re.IGNORECASE,
)
#: A number standing alone ("29 procent", "3-15 måneder", not "L189") or in words.
_NUMBER = re.compile(
    r"\b\d|\b(?:to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv|tyve|halvdelen|"
    r"hver\s+anden|tredjedel|fjerdedel)\b",
    re.IGNORECASE,
)


def holds_number(sentence: str) -> bool:
    """Whether a sentence of the report states a count, share or duration."""
    return _NUMBER.search(_NOT_A_COUNT.sub(" ", sentence)) is not None


def _lead(
    window: Sequence[int], term_scores: list[float], closeness: Sequence[float | None] | None
) -> int:
    """The window's sentence that answers best: the closest to the question in
    meaning, the query terms it holds breaking near ties; by terms alone when no
    sentence of the window has a vector (keyword-only search).

    Terms alone pick the sentence that repeats the question's words, which is
    often the one that introduces the topic rather than the one that answers.
    On the readable question sets the short answer then held a gold anchor for
    289 of 516 answered questions; led by closeness, for 318 (docs/evaluation.md).
    """
    if closeness is None or all(closeness[k] is None for k in window):
        return max(window, key=lambda k: (term_scores[k], -k))
    top = max(term_scores[k] for k in window) or 1.0

    def score(k: int) -> tuple[float, int]:
        cosine = closeness[k]
        if cosine is None:  # a fragment too short to embed never leads
            return (-math.inf, -k)
        return (cosine + LEAD_TERM_WEIGHT * term_scores[k] / top, -k)

    return max(window, key=score)


def _cut(
    text: str, start: int, end: int, query_terms: set[str], analyze: Callable[[str], list[str]]
) -> Cut:
    piece = text[start:end].strip()
    offset = text.index(piece, start) if piece else start
    words = {w.strip(".,;:()”“’'?!") for w in piece.split()}
    matched = tuple(sorted(w for w in words if w and set(analyze(w)) & query_terms))
    overlap = len(set(analyze(piece)) & query_terms)
    return Cut(text=piece, start=offset, end=offset + len(piece), overlap=overlap, terms=matched)


def short_answer(cuts: list[Cut], *, max_sentences: int = 3) -> str:
    """The best sentence of each of the best excerpts, verbatim: one to three sentences."""
    chosen: list[str] = []
    for cut in cuts[:max_sentences]:
        sentence = cut.lead or cut.text
        if sentence and sentence not in chosen:
            chosen.append(sentence)
        if sum(len(c) for c in chosen) > 300:  # two long sentences say enough
            break
    return " ".join(chosen[:max_sentences])
