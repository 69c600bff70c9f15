"""The sentences Evidens writes itself, in the language of the question.

Labels, abstention reasons and evidence summaries are Evidens's own words, so an
English question gets them in English. Excerpts and the short answer are never
translated: they are the report's words, verbatim. Section and theme titles stay
as the report prints them, so they can be found in it.
"""

from __future__ import annotations

from assistant.models import Language
from assistant.understanding import is_english

NO_EVIDENCE: dict[Language, str] = {
    "da": "Syntesen har ingen evidens om dette.",
    "en": "The synthesis has no evidence on this.",
}
NO_EXCERPTS: dict[Language, str] = {
    "da": "Ingen uddrag: rapporten besvarer ikke spørgsmålet.",
    "en": "No excerpts: the report does not answer the question.",
}


def language_of(question: str) -> Language:
    return "en" if is_english(question) else "da"


def covers(themes: list[str], language: Language) -> str:
    """The themes the report does cover, after an abstention."""
    lead = "It covers these themes: " if language == "en" else "Den dækker disse temaer: "
    return lead + "; ".join(themes) + "."


def not_mentioned(words: list[str], language: Language) -> str:
    listed = ", ".join(f"«{word}»" for word in words)
    if language == "en":
        return f"The report does not mention {listed}, so it has no knowledge of it."
    return f"Rapporten nævner ikke {listed}, så den har ingen viden om det."


def unknown_study(names: list[str], language: Language) -> str:
    listed = ", ".join(names)
    if language == "en":
        return (
            f"The study {listed} is not among the synthesis's 29 included studies "
            "(see 'evidens corpus studies')."
        )
    return (
        f"Studiet {listed} er ikke blandt syntesens 29 inkluderede studier "
        "(se 'evidens corpus studies')."
    )


def with_carried(question: str, labels: list[str], language: Language) -> str:
    """A follow-up with what it takes over from the turn before ("– om kvinder?")."""
    about = "about" if language == "en" else "om"
    return f"{question.rstrip('?').rstrip()} – {about} {', '.join(labels)}?"
