"""Section headings: which numbered lines are real headings, and the section records.

A line that looks like a heading ("3.4.1 Hvordan virker det?") is accepted only if
its number is the next one the outline allows (a sibling or first child of the
current heading). That rejects the false headings of the extraction: footnote
lines that start with a number, table cells, "10 pct. har ...". Bilag 1 numbers
its own sections 1.1-1.4; they become B1.1-B1.4.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(\d(?:\.\d{1,2}){0,2})\s+([A-ZÆØÅ].*?)\s*$")
_BILAG = re.compile(r"^(?:1\. (METODEBILAG)|BILAG ([23]): (.*?))\s*$")
#: Sections 3.2-3.6 are the five themes of the synthesis.
THEME_OF_SECTION = {"3.2": 1, "3.3": 2, "3.4": 3, "3.5": 4, "3.6": 5}


@dataclass(frozen=True)
class Heading:
    number: str
    title: str
    level: int

    @property
    def theme(self) -> int | None:
        return THEME_OF_SECTION.get(".".join(self.number.split(".")[:2]))


class Outline:
    """Accepts heading lines in document order, rejecting out-of-sequence numbers."""

    def __init__(self) -> None:
        self._path: list[int] = []
        self._prefix = ""  # "B1" once inside Bilag 1

    def match(self, text: str) -> Heading | None:
        text = text.strip()
        bilag = _BILAG.match(text)
        if bilag:
            number = "1" if bilag.group(1) else bilag.group(2)
            title = "Metodebilag" if bilag.group(1) else bilag.group(3).strip().capitalize()
            self._prefix, self._path = f"B{number}", []
            return Heading(number=f"B{number}", title=title, level=1)
        found = _HEADING.match(text)
        if not found:
            return None
        parts = [int(p) for p in found.group(1).split(".")]
        title = found.group(2).strip()
        if self._prefix:
            return self._bilag_heading(parts, title)
        if len(parts) == 1 and not title.isupper():
            return None  # chapter titles are set in capitals
        if not self._follows(parts):
            return None
        self._path = parts
        return Heading(number=found.group(1), title=_title_case(title), level=len(parts))

    def _bilag_heading(self, parts: list[int], title: str) -> Heading | None:
        # Inside Bilag 1 the printed numbers are 1.1-1.4 (the Bilag's own outline).
        if len(parts) != 2 or parts[0] != 1:
            return None
        inner = parts[1:]
        if not self._follows(inner):
            return None
        self._path = inner
        return Heading(number=f"{self._prefix}.{inner[0]}", title=title, level=2)

    def _follows(self, parts: list[int]) -> bool:
        path = self._path
        if parts == [*path, 1]:
            return True
        return any(parts == [*path[:j], path[j] + 1] for j in range(len(path)))


def _title_case(title: str) -> str:
    """Chapter titles are printed in capitals; store them as a sentence."""
    return title.capitalize() if title.isupper() else title
