"""Plain-text rendering of an answer for `evidens ask` and interactive chat."""

from __future__ import annotations

import textwrap

from assistant.models import Answer

WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent)


def render_answer(answer: Answer) -> str:
    lines: list[str] = []
    if answer.error:
        return f"! {answer.error}"
    for notice in answer.notices:
        lines.append(f"! {notice}")
    if answer.resolved_question != answer.question:
        lines.append(f"Fortolket som: {answer.resolved_question}")
    lines += ["", _wrap(answer.answer), ""]
    if answer.knowledge_gap:
        gap = answer.knowledge_gap
        lines.append(f"VIDENSHUL {gap.number} (kapitel 4, s. {gap.page}): {gap.title}")
        lines += [_wrap(gap.text, "  "), ""]
    if answer.abstained:
        return "\n".join(lines).strip()
    for n, excerpt in enumerate(answer.excerpts, start=1):
        weight = f"[{excerpt.evidence_weight}]" if excerpt.evidence_weight else "[uden studie]"
        lines.append(f"{n}. {excerpt.section} {excerpt.section_title}, s. {excerpt.page} {weight}")
        lines.append(_wrap(f"“{excerpt.text}”", "   "))
        if excerpt.study_keys:
            lines.append(f"   Studier: {', '.join(excerpt.study_keys)}")
        lines.append("")
    lines.append(_wrap(answer.evidence_summary))
    if answer.citations:
        lines += ["", "Kilder:"]
        for c in answer.citations:
            # Titles end in "." or "?" or nothing; print exactly one mark.
            title = c.title if c.title.endswith((".", "?", "!")) else f"{c.title}."
            lines.append(
                _wrap(f"[{c.evidence_weight}] {c.authors} ({c.year}): {title} {c.design}.", "  ")
            )
    return "\n".join(lines).strip()
