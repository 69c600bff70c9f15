"""The conversation as Markdown, and writing files so that a crash never leaves half of one.

Questions reach this module already CPR-masked by the assistant; everything is
masked once more before it is written, so a future caller cannot leak one by
mistake. Files are written to a temporary sibling, flushed to disk and renamed
into place (`os.replace` is atomic on one file system).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.privacy import mask_cpr
from tui.labels import LABELS, Labels, labels

if TYPE_CHECKING:
    from assistant.models import Answer, CitationOut, Excerpt

REPORT = "Viden til at komme i mål med integration (Rambøll/CABI 2016)"


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same folder and `os.replace`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines())


def _excerpt_lines(n: int, excerpt: Excerpt, say: Labels) -> list[str]:
    studies = f" · {say.studies}: {', '.join(excerpt.study_keys)}" if excerpt.study_keys else ""
    return [
        f"{n}. **{excerpt.section} {excerpt.section_title}, {say.page} {excerpt.page}** · "
        f"{say.weight}: {excerpt.evidence_weight or say.no_study}{studies}",
        "",
        _quote(f"“{excerpt.text}”"),
        "",
    ]


def reference(citation: CitationOut, say: Labels = LABELS["da"]) -> str:
    """A full reference: authors (year). Title. Publisher. Design. Target group. Weight."""
    parts = [f"{citation.authors} ({citation.year}). *{citation.title.rstrip('.')}*."]
    if citation.publisher:
        parts.append(f"{citation.publisher.rstrip('.')}.")
    parts.append(f"Design: {citation.design.rstrip('.')}.")
    parts.append(f"{say.target_group}: {citation.target_group.rstrip('.')}.")
    parts.append(f"{say.weight.capitalize()}: **{citation.evidence_weight}**.")
    return " ".join(parts)


def answer_markdown(answer: Answer, *, heading: str = "##") -> str:
    """One question and its answer: the unit of both the export and the clipboard copy."""
    say = labels(answer.language)
    lines = [f"{heading} {answer.question or '(tomt spørgsmål)'}", ""]
    if answer.resolved_question and answer.resolved_question != answer.question:
        lines += [f"*{say.interpreted_as}:* {answer.resolved_question}", ""]
    lines += [f"> **{say.note}:** {notice}" for notice in answer.notices]
    if answer.notices:
        lines.append("")
    label = say.no_evidence if answer.abstained and not answer.error else say.answer
    lines += [f"**{label}:** {answer.answer}", ""]
    if answer.knowledge_gap:
        gap = answer.knowledge_gap
        lines += [
            f"**{say.gap} {gap.number}: {gap.title}** ({say.chapter} 4, {say.page} {gap.page})",
            "",
            _quote(gap.text),
            "",
        ]
    if answer.excerpts:
        lines += [f"**{say.excerpts_from_report}:**", ""]
        for n, excerpt in enumerate(answer.excerpts, start=1):
            lines += _excerpt_lines(n, excerpt, say)
    if answer.evidence_summary and not answer.error:
        lines += [f"**{say.evidence}:** {answer.evidence_summary}", ""]
    if answer.citations:
        lines += [f"**{say.sources}:**", ""]
        lines += [f"- [{c.evidence_weight}] {c.key}: {reference(c, say)}" for c in answer.citations]
        lines.append("")
    return mask_cpr("\n".join(lines).rstrip() + "\n")[0]


def _all_citations(answers: Iterable[Answer]) -> list[CitationOut]:
    seen: dict[str, CitationOut] = {}
    for answer in answers:
        for citation in answer.citations:
            seen.setdefault(citation.key, citation)
    return sorted(seen.values(), key=lambda c: c.key)


def conversation_markdown(
    answers: Sequence[Answer], *, created: datetime, filters: str = "ingen"
) -> str:
    """The whole conversation, then every reference once, with its weight."""
    lines = [
        "# Evidens – samtale",
        "",
        f"Kilde: *{REPORT}*  ",
        f"Eksporteret: {created:%Y-%m-%d %H:%M}  ",
        f"Filtre: {filters}  ",
        f"Spørgsmål: {len(answers)}",
        "",
    ]
    for n, answer in enumerate(answers, start=1):
        lines.append(answer_markdown(answer, heading=f"## {n}.").rstrip())
        lines.append("")
    citations = _all_citations(answers)
    if citations:
        lines += ["## Referencer", ""]
        lines += [f"- **{c.key}** – {reference(c)}" for c in citations]
        lines.append("")
    return mask_cpr("\n".join(lines).rstrip() + "\n")[0]


def export_conversation(
    answers: Sequence[Answer], directory: Path, *, created: datetime, filters: str = "ingen"
) -> Path:
    """Write the conversation to `directory/evidens-samtale-<time>.md`; return the path."""
    path = directory / f"evidens-samtale-{created:%Y%m%d-%H%M%S}.md"
    counter = 1
    while path.exists():
        counter += 1
        path = directory / f"evidens-samtale-{created:%Y%m%d-%H%M%S}-{counter}.md"
    atomic_write_text(path, conversation_markdown(answers, created=created, filters=filters))
    return path
