"""The question each browsable thing is asked with (the "ask about this" key).

Written as a caseworker would ask, so the answer goes through the same pipeline
as a typed question.
"""

from __future__ import annotations

#: Theme names as they read inside a question.
THEME_PHRASE = {
    1: "integrationsprogrammet og danskuddannelse",
    2: "samtaler",
    3: "virksomhedsrettede indsatser som løntilskud og praktik",
    4: "vejledning, afklaring, opkvalificering og uddannelsesaktivering",
    5: "sanktioner, ydelsesniveau og refusion",
}
#: Subsection x.N of a theme -> question template.
SUBSECTION_QUESTION = {
    1: "Hvordan virker {theme}?",
    2: "Hvorfor virker {theme}?",
    3: "Hvilke målgrupper virker {theme} for?",
    4: "Hvordan skal kommunen organisere {theme}?",
    5: "Hvilken rolle spiller arbejdsmarkedet for {theme}?",
}


def section_question(number: str, title: str, theme: int | None) -> str:
    """ "3.4.2" -> "Hvorfor virker virksomhedsrettede indsatser …?"; else by title."""
    parts = number.split(".")
    if theme in THEME_PHRASE:
        phrase = THEME_PHRASE[theme]
        if len(parts) == 3 and parts[2].isdigit() and int(parts[2]) in SUBSECTION_QUESTION:
            return SUBSECTION_QUESTION[int(parts[2])].format(theme=phrase)
        return f"Hvad virker inden for {phrase}?"
    return f"Hvad siger rapporten om {title.rstrip('?').lower()}?"


def mechanism_question(name: str) -> str:
    """ "Aktivering af selvtillid" -> "Hvorfor virker aktivering af selvtillid?" """
    return f"Hvorfor virker {name[:1].lower()}{name[1:]}?"


def gap_question(title: str) -> str:
    return f"Hvad ved vi om {title[:1].lower()}{title[1:]}?"


def study_question(key: str) -> str:
    return f"Hvad viser {key}?"


METHOD_QUESTION = "Hvordan har rapporten vurderet studiernes evidensvægt?"
