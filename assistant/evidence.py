"""How much evidence stands behind an answer, said in words that follow the count.

The wording mirrors GRADE-style hedging: several high-weight studies "viser",
one high-weight study or several medium ones "peger på", a few medium-weight
studies only "tyder på" (in English: "show", "point to", "suggest"). The counts
come from the report's own appraisal (Bilag 2), never from the assistant.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from assistant.models import CitationOut, Language


def count_weights(citations: Iterable[CitationOut]) -> dict[str, int]:
    counts = {"Høj": 0, "Medium": 0}
    for citation in citations:
        counts[citation.evidence_weight] += 1
    return counts


Grade = Literal["none", "strong", "moderate", "limited"]

#: Per language: how many studies, the basis in weights, and one sentence per grade.
_WORDING: dict[Language, dict[str, str]] = {
    "da": {
        "one": "1 studie",
        "many": "{n} studier",
        "singular_verb": "",
        "basis": "({high} med høj og {medium} med medium evidensvægt)",
        "none": "Uddragene henviser ikke til bestemte inkluderede studier; de er rapportens "
        "egne sammenfatninger.",
        "strong": "Evidensen er stærk: {studies} viser dette {basis}.",
        "moderate": "Evidensen er moderat: {studies} peger på dette {basis}.",
        "limited": "Evidensen er begrænset: enkelte studier tyder på dette {basis}.",
    },
    "en": {
        "one": "1 study",
        "many": "{n} studies",
        "singular_verb": "s",  # "1 study points to this"
        "basis": "({high} with high and {medium} with medium evidence weight)",
        "none": "The excerpts cite no particular included study; they are the report's own "
        "summaries.",
        "strong": "The evidence is strong: {studies} show this {basis}.",
        "moderate": "The evidence is moderate: {studies} point{s} to this {basis}.",
        "limited": "The evidence is limited: a few studies suggest this {basis}.",
    },
}


def grade(counts: dict[str, int]) -> Grade:
    """How strong the evidence is, from the number of Høj and Medium studies."""
    high, medium = counts["Høj"], counts["Medium"]
    if high + medium == 0:
        return "none"
    if high >= 2:
        return "strong"
    if high == 1 or medium >= 3:
        return "moderate"
    return "limited"


def summarize(counts: dict[str, int], language: Language = "da") -> str:
    words = _WORDING[language]
    high, medium = counts["Høj"], counts["Medium"]
    total = high + medium
    studies = words["one"] if total == 1 else words["many"].format(n=total)
    return words[grade(counts)].format(
        studies=studies,
        s=words["singular_verb"] if total == 1 else "",
        basis=words["basis"].format(high=high, medium=medium),
    )
