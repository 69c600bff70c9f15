"""Questions outside what the synthesis can answer, recognised before retrieval.

Dense similarity cannot tell "reglerne for boligstøtte til flygtninge" from a
question about refugees the report does answer: the words overlap. The synthesis
is about the effects of employment interventions, so questions about rules,
amounts, other welfare areas, other countries' systems, current statistics or one
citizen's case are recognised by phrase (assistant/data/scope.json) and get an
honest abstention that says why.

A name the report never uses is a second sign. A capitalised word inside a
sentence ("min borger Fatima", "Jobcenter Aarhus", "Rockwool Fondens analyse",
"Norway's programme") that is neither a word of the report nor of the lexicon or
glossary names a person, place, firm or source the synthesis cannot speak about.
On the hand-written question sets this flags no in-scope question.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.errors import DataError
from assistant.models import Language
from assistant.terms import ReportTerms
from assistant.wording import not_mentioned


@dataclass(frozen=True)
class OutOfScope:
    category: str
    message: str  # Danish
    phrase: str
    message_en: str

    def message_in(self, language: Language) -> str:
        return self.message_en if language == "en" else self.message


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, tuple[str, str], str, re.Pattern[str]]]:
    try:
        text = (resources.files("assistant") / "data" / "scope.json").read_text(encoding="utf-8")
        categories = json.loads(text)["categories"]
    except (OSError, ValueError, KeyError) as e:
        raise DataError(f"assistant/data/scope.json is unreadable: {e}") from e
    out = []
    for category in categories:
        messages = (category["message"], category["message_en"])
        for phrase in category["phrases"]:
            # Inflections may follow a phrase ("skatten"), but a short phrase must be a
            # whole word: "su" (the education grant) is not "subsidy".
            tail = r"\w*" if len(phrase) >= 5 else r"(?!\w)"
            pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + tail, re.IGNORECASE)
            out.append((category["id"], messages, phrase, pattern))
        # Patterns cover what a phrase list cannot spell out, such as any later year.
        for expression in category.get("patterns", []):
            pattern = re.compile(expression, re.IGNORECASE)
            out.append((category["id"], messages, expression, pattern))
    return out


def out_of_scope(question: str) -> OutOfScope | None:
    for category, (danish, english), phrase, pattern in _patterns():
        if pattern.search(question):
            return OutOfScope(category=category, message=danish, phrase=phrase, message_en=english)
    return None


_CAPITALISED = re.compile(r"\b[A-ZÆØÅ][a-zæøåäöüé]+\b")
#: After these a capital letter starts a sentence or a quotation, not a name.
_OPENERS = frozenset(".?!:;\"'«»“”‘’(–-")
#: English capitalises months and weekdays; the report writes "januar", "oktober".
_CALENDAR = frozenset(
    (
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    )
)  # fmt: skip
UNKNOWN_NAME = "unknown_name"


def unknown_names(question: str, known: frozenset[str]) -> list[str]:
    """Capitalised words inside a sentence of `question` that `known` lacks."""
    names: list[str] = []
    for match in _CAPITALISED.finditer(question):
        i = match.start() - 1
        while i >= 0 and question[i].isspace():
            i -= 1
        if i < 0 or question[i] in _OPENERS:
            continue
        word = match.group(0).lower()
        # "Henriksens undersøgelse", "Rambølls evaluering": a genitive of a known name.
        if word not in known and word.removesuffix("s") not in known and word not in _CALENDAR:
            names.append(match.group(0))
    return list(dict.fromkeys(names))


def name_verdict(question: str, known: frozenset[str]) -> OutOfScope | None:
    return _not_mentioned(UNKNOWN_NAME, unknown_names(question, known))


UNKNOWN_TERM = "unknown_term"


def term_verdict(question: str, terms: ReportTerms) -> OutOfScope | None:
    """A rare word the report never uses (assistant/terms.py) puts it out of scope."""
    return _not_mentioned(UNKNOWN_TERM, terms.foreign(question))


def _not_mentioned(category: str, words: list[str]) -> OutOfScope | None:
    if not words:
        return None
    return OutOfScope(
        category=category,
        message=not_mentioned(words, "da"),
        phrase=words[0],
        message_en=not_mentioned(words, "en"),
    )
