"""How much evidence stands behind an answer, said in words that follow the count.

The wording mirrors GRADE-style hedging: several high-weight studies "viser",
one high-weight study or several medium ones "peger på", a few medium-weight
studies only "tyder på". The counts come from the report's own appraisal
(Bilag 2), never from the assistant.
"""

from __future__ import annotations

from collections.abc import Iterable

from assistant.models import CitationOut


def count_weights(citations: Iterable[CitationOut]) -> dict[str, int]:
    counts = {"Høj": 0, "Medium": 0}
    for citation in citations:
        counts[citation.evidence_weight] += 1
    return counts


def _studies(n: int) -> str:
    return "1 studie" if n == 1 else f"{n} studier"


def summarize(counts: dict[str, int]) -> str:
    high, medium = counts["Høj"], counts["Medium"]
    total = high + medium
    basis = f"({high} med høj og {medium} med medium evidensvægt)"
    if total == 0:
        return (
            "Uddragene henviser ikke til bestemte inkluderede studier; de er rapportens egne "
            "sammenfatninger."
        )
    if high >= 2:
        return f"Evidensen er stærk: {_studies(total)} viser dette {basis}."
    if high == 1 or medium >= 3:
        return f"Evidensen er moderat: {_studies(total)} peger på dette {basis}."
    return f"Evidensen er begrænset: enkelte studier tyder på dette {basis}."
