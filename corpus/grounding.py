"""What "verbatim" means, checkably.

Text counts as verbatim when, normalised (NFKC, lowercase, letters and digits
only), it is a substring of the normalised source; or, for a paragraph the PDF
interrupted with its page furniture, when it is a few such substrings in source
order whose gaps each span a page end (where the footer, footnotes, boxes and
source lists that were lifted out of the reading order stand). Table cells the
extractor interleaved may likewise be pieces in order, within their row's lines.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import pairwise

from corpus.source import Source
from corpus.text import normalize

#: A piece shorter than this is too weak to count as a match of its own.
MIN_PIECE = 12
MAX_PIECES = 3


@dataclass(frozen=True)
class NormalizedSource:
    """The normalised source with, for every character, the 1-based line it came from."""

    text: str
    line_of: tuple[int, ...]

    @classmethod
    def of(cls, source: Source) -> NormalizedSource:
        chars: list[str] = []
        lines: list[int] = []
        for number, line in enumerate(source.lines, start=1):
            norm = normalize(line)
            chars.append(norm)
            lines.extend([number] * len(norm))
        return cls(text="".join(chars), line_of=tuple(lines))

    def pieces(
        self,
        text: str,
        *,
        first: int = 0,
        limit: int | None = None,
        min_piece: int = MIN_PIECE,
        max_pieces: int = MAX_PIECES,
    ) -> list[tuple[int, int]] | None:
        """Source spans (normalised offsets in [first, limit)) that spell `text` in order."""
        target = normalize(text)
        limit = len(self.text) if limit is None else limit
        spans: list[tuple[int, int]] = []
        pos, search_from = 0, first
        while pos < len(target):
            length = self._longest_prefix(target, pos, search_from, limit)
            if length == 0 or (length < min_piece and pos + length < len(target)):
                return None
            start = self.text.find(target[pos : pos + length], search_from, limit)
            spans.append((start, start + length))
            pos += length
            search_from = start + length
            if len(spans) > max_pieces:
                return None
        return spans

    def _longest_prefix(self, target: str, pos: int, search_from: int, limit: int) -> int:
        lo, hi = 0, len(target) - pos
        while lo < hi:  # the longest length L whose prefix occurs at or after search_from
            mid = (lo + hi + 1) // 2
            if self.text.find(target[pos : pos + mid], search_from, limit) >= 0:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def lines_of(self, span: tuple[int, int]) -> tuple[int, int]:
        return self.line_of[span[0]], self.line_of[span[1] - 1]


def is_verbatim(text: str, source: NormalizedSource, page_starts: list[int]) -> bool:
    """Verbatim, or verbatim pieces whose gaps each cross the start of a page."""
    spans = source.pieces(text)
    if spans is None:
        return False
    for before, after in pairwise(spans):
        gap_from, gap_to = source.lines_of(before)[1], source.lines_of(after)[0]
        crossing = bisect.bisect_right(page_starts, gap_to) - bisect.bisect_right(
            page_starts, gap_from
        )
        if crossing < 1:
            return False
    return True


def is_verbatim_within(
    text: str, source: NormalizedSource, first_line: int, last_line: int
) -> bool:
    """Verbatim pieces, all inside the given source lines (for interleaved table cells)."""
    # Cells of one row sit within a few lines, so short pieces cannot stray far.
    spans = source.pieces(
        text,
        first=_offset_of_line(source, first_line),
        limit=_offset_of_line(source, last_line + 1),
        min_piece=3,
        max_pieces=2 * MAX_PIECES,
    )
    return spans is not None


def _offset_of_line(source: NormalizedSource, line: int) -> int:
    return bisect.bisect_left(source.line_of, line)
