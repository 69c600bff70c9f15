"""Cutting hits into focused, verbatim excerpts and choosing the short answer.

An excerpt is the best one or two consecutive sentences of a chunk, judged by how
many of the query's analysed terms they contain. It is always a slice of the
chunk's text at its sentence offsets, so it stays verbatim. Study summaries are
shown whole (their cells are the point).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from corpus.models import Chunk

#: An excerpt grows to at most this many characters (whole sentences, at most four),
#: so five excerpts stay readable in a meeting (median under 2,500 characters).
MAX_EXCERPT_CHARS = 650
MAX_SENTENCES = 4


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
) -> Cut:
    """The window of whole sentences of `chunk` that best covers the query terms.

    Terms count by their rarity (idf), so "løntilskud" outweighs "indsats".
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
    lead = max(
        range(i, j + 1),
        key=lambda k: (math.fsum(weight.get(t, 1.0) for t in sorted(sentence_terms[k])), -k),
    )
    cut = _cut(chunk.text, spans[i][0], spans[j][1], query_terms, analyze)
    return replace(cut, lead=chunk.text[spans[lead][0] : spans[lead][1]].strip())


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
