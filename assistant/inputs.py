"""Turning whatever the user typed or pasted into a question we can work with.

Control characters go, very long input is cut (and the user told), CPR numbers are
masked before anything is stored, and input without a single letter is refused
with a message instead of an answer.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from assistant.models import Language
from assistant.privacy import NOTICE as CPR_NOTICE
from assistant.privacy import mask_cpr
from assistant.wording import language_of

MAX_CHARS = 1000
TRUNCATED_NOTICE = f"Spørgsmålet var meget langt; kun de første {MAX_CHARS} tegn er brugt."
EMPTY_ERROR = "Tomt spørgsmål: skriv et spørgsmål om rapportens emner."
NO_WORDS_ERROR = "Spørgsmålet indeholder ingen ord, Evidens kan søge på."


@dataclass
class CleanQuestion:
    text: str  # what the pipeline works on
    shown: str  # what is echoed back and stored (masked, cut)
    notices: list[str] = field(default_factory=list)
    error: str | None = None
    #: The language Evidens answers in (its own words; excerpts stay verbatim).
    language: Language = "da"


def _printable(text: str) -> str:
    """Control and format characters become spaces; runs of space collapse."""
    chars = (" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return " ".join("".join(chars).split())


def clean_question(raw: str) -> CleanQuestion:
    text = _printable(raw)
    notices: list[str] = []
    text, masked = mask_cpr(text)
    if masked:
        notices.append(CPR_NOTICE)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS].rsplit(" ", 1)[0]
        notices.append(TRUNCATED_NOTICE)
    if not text:
        return CleanQuestion(text="", shown="", notices=notices, error=EMPTY_ERROR)
    if not any(ch.isalpha() for ch in text):
        return CleanQuestion(text=text, shown=text, notices=notices, error=NO_WORDS_ERROR)
    return CleanQuestion(text=text, shown=text, notices=notices, language=language_of(text))
