"""Plain-text rendering of an answer for `evidens ask` and interactive chat."""

from __future__ import annotations

import textwrap

from assistant.models import Answer
from tui.labels import labels

WIDTH = 88


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=indent, subsequent_indent=indent)


def render_answer(answer: Answer) -> str:
    if answer.error:
        return f"! {answer.error}"
    say = labels(answer.language)
    lines: list[str] = []
    for notice in answer.notices:
        lines.append(f"! {notice}")
    if answer.resolved_question != answer.question:
        lines.append(f"{say.interpreted_as}: {answer.resolved_question}")
    lines += ["", _wrap(answer.answer), ""]
    if answer.knowledge_gap:
        gap = answer.knowledge_gap
        where = f"{say.chapter} 4, {say.page} {gap.page}"
        lines.append(f"{say.gap.upper()} {gap.number} ({where}): {gap.title}")
        lines += [_wrap(gap.text, "  "), ""]
    if answer.abstained:
        return "\n".join(lines).strip()
    for n, excerpt in enumerate(answer.excerpts, start=1):
        weight = f"[{excerpt.evidence_weight or say.no_study}]"
        place = f"{excerpt.section} {excerpt.section_title}, {say.page} {excerpt.page}"
        lines.append(f"{n}. {place} {weight}")
        lines.append(_wrap(f"“{excerpt.text}”", "   "))
        if excerpt.study_keys:
            lines.append(f"   {say.studies}: {', '.join(excerpt.study_keys)}")
        lines.append("")
    lines.append(_wrap(answer.evidence_summary))
    if answer.citations:
        lines += ["", f"{say.sources}:"]
        for c in answer.citations:
            # Titles end in "." or "?" or nothing; print exactly one mark.
            title = c.title if c.title.endswith((".", "?", "!")) else f"{c.title}."
            lines.append(
                _wrap(f"[{c.evidence_weight}] {c.authors} ({c.year}): {title} {c.design}.", "  ")
            )
    return "\n".join(lines).strip()
