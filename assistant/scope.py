"""Questions outside what the synthesis can answer, recognised before retrieval.

Dense similarity cannot tell "reglerne for boligstøtte til flygtninge" from a
question about refugees the report does answer: the words overlap. The synthesis
is about the effects of employment interventions, so questions about rules,
amounts, other welfare areas, other countries' systems, current statistics or one
citizen's case are recognised by phrase (assistant/data/scope.json) and get an
honest abstention that says why.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.errors import DataError


@dataclass(frozen=True)
class OutOfScope:
    category: str
    message: str
    phrase: str


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, str, str, re.Pattern[str]]]:
    try:
        text = (resources.files("assistant") / "data" / "scope.json").read_text(encoding="utf-8")
        categories = json.loads(text)["categories"]
    except (OSError, ValueError, KeyError) as e:
        raise DataError(f"assistant/data/scope.json is unreadable: {e}") from e
    out = []
    for category in categories:
        for phrase in category["phrases"]:
            # Inflections may follow a phrase ("skatten"), but a short phrase must be a
            # whole word: "su" (the education grant) is not "subsidy".
            tail = r"\w*" if len(phrase) >= 5 else r"(?!\w)"
            pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + tail, re.IGNORECASE)
            out.append((category["id"], category["message"], phrase, pattern))
        # Patterns cover what a phrase list cannot spell out, such as any later year.
        for expression in category.get("patterns", []):
            pattern = re.compile(expression, re.IGNORECASE)
            out.append((category["id"], category["message"], expression, pattern))
    return out


def out_of_scope(question: str) -> OutOfScope | None:
    for category, message, phrase, pattern in _patterns():
        if pattern.search(question):
            return OutOfScope(category=category, message=message, phrase=phrase)
    return None
