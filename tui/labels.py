"""The words around an answer, in the language of its question.

An answer's own sentences from Evidens (abstention reason, evidence summary)
already follow the question's language (assistant/wording.py); these are the
labels that frame it in the plain-text output, the Markdown export and the
answer view, so an English question is not answered under Danish headings.
The rest of the TUI (keys, screens, help) stays Danish: it is the caseworkers'
tool, not one answer's.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.models import Language


@dataclass(frozen=True)
class Labels:
    question: str
    interpreted_as: str
    answer: str
    no_evidence: str
    no_evidence_title: str
    unusable: str
    note: str
    gap: str
    chapter: str
    page: str  # abbreviation before a page number
    excerpts: str
    excerpts_from_report: str
    studies: str
    no_study: str
    weight: str
    evidence: str
    sources: str
    target_group: str


LABELS: dict[Language, Labels] = {
    "da": Labels(
        question="Spørgsmål",
        interpreted_as="Fortolket som",
        answer="Svar",
        no_evidence="Ingen evidens",
        no_evidence_title="Ingen evidens i rapporten",
        unusable="Kan ikke bruges",
        note="Bemærk",
        gap="Videnshul",
        chapter="kapitel",
        page="s.",
        excerpts="Uddrag",
        excerpts_from_report="Uddrag fra rapporten",
        studies="Studier",
        no_study="uden studie",
        weight="evidensvægt",
        evidence="Evidens",
        sources="Kilder",
        target_group="Målgruppe",
    ),
    "en": Labels(
        question="Question",
        interpreted_as="Interpreted as",
        answer="Answer",
        no_evidence="No evidence",
        no_evidence_title="No evidence in the report",
        unusable="Cannot be used",
        note="Note",
        gap="Knowledge gap",
        chapter="chapter",
        page="p.",
        excerpts="Excerpts",
        excerpts_from_report="Excerpts from the report",
        studies="Studies",
        no_study="no study",
        weight="evidence weight",
        evidence="Evidence",
        sources="Sources",
        target_group="Target group",
    ),
}


def labels(language: Language) -> Labels:
    return LABELS[language]
