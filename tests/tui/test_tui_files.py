"""History and export without the app: masking, atomic writes, damaged files, Markdown."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tui_helpers import FIXED_NOW, made_answer

from assistant.models import KnowledgeGap
from tui.export import (
    answer_markdown,
    atomic_write_text,
    conversation_markdown,
    export_conversation,
)
from tui.history import History, clean_entry
from tui.screens.trainer import TOUR


def test_history_is_masked_one_line_and_persisted(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    history = History(path)
    history.add("Min borger 010190-1234\n spørger\x00 om løntilskud")
    history.add("   ")
    history.add("Hvad virker?")
    history.add("Hvad virker?")  # a repeat is kept once
    text = path.read_text(encoding="utf-8")
    assert "010190" not in text
    lines = [json.loads(line)["q"] for line in text.splitlines()]
    assert lines == ["Min borger XXXXXX-XXXX spørger om løntilskud", "Hvad virker?"]
    assert History.load(path).entries == lines


def test_history_survives_a_damaged_file_and_masks_old_entries(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    path.write_bytes(
        b'{"q": "ok"}\nnot json\n\xff\xfe\n{"q": 5}\n[]\n{"q": "cpr 0101901234 her"}\n'
    )
    assert History.load(path).entries == ["ok", "cpr XXXXXX-XXXX her"]
    assert History.load(tmp_path / "missing.jsonl").entries == []


def test_history_keeps_the_newest_entries(tmp_path: Path) -> None:
    history = History(tmp_path / "h.jsonl", limit=3)
    for n in range(5):
        history.add(f"spørgsmål {n}")
    assert history.entries == ["spørgsmål 2", "spørgsmål 3", "spørgsmål 4"]
    assert [history.previous(), history.previous(), history.previous(), history.previous()] == [
        "spørgsmål 4",
        "spørgsmål 3",
        "spørgsmål 2",
        None,
    ]
    assert [history.next(), history.next(), history.next()] == ["spørgsmål 3", "spørgsmål 4", ""]


def test_clean_entry_cuts_after_masking() -> None:
    entry = clean_entry("x" * 995 + " 010190-1234")
    assert "0101" not in entry
    assert len(entry) <= 1000


def test_atomic_write_replaces_whole_files_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "file.md"
    atomic_write_text(path, "first")
    atomic_write_text(path, "second")
    assert path.read_text(encoding="utf-8") == "second"
    assert sorted(p.name for p in path.parent.iterdir()) == ["file.md"]


def test_atomic_write_failure_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "file.md"
    atomic_write_text(path, "old")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.md"]


def test_markdown_has_questions_excerpts_with_place_and_full_references() -> None:
    gap = KnowledgeGap(
        number=7, title="Virksomhedernes incitament", text="Et videnshul.", page="41"
    )
    answers = [
        made_answer(),
        made_answer(
            "og for kvinder?",
            resolved_question="og for kvinder – om løntilskud?",
            knowledge_gap=gap,
        ),
    ]
    text = conversation_markdown(answers, created=FIXED_NOW, filters="Vægt ≥ HØJ · Alle temaer")
    assert text.startswith("# Evidens – samtale\n")
    assert "Eksporteret: 2026-01-15 09:30" in text
    assert "Filtre: Vægt ≥ HØJ · Alle temaer" in text
    assert "## 1. Virker løntilskud?" in text
    assert "*Fortolket som:* og for kvinder – om løntilskud?" in text
    assert "**3.4.1 Hvordan virker det?, s. 25** · evidensvægt: Høj" in text
    assert "> “Privat løntilskud virker.”" in text
    assert "**Videnshul 7: Virksomhedernes incitament** (kapitel 4, s. 41)" in text
    references = text.split("## Referencer", 1)[1]
    assert references.count("Heinesen 2011") == 1, "each reference once"
    assert "(2011). *The Effects of Active Labour Market Policies*. IZA." in references
    assert "Evidensvægt: **Høj**" in references


def test_markdown_masks_cpr_even_if_a_caller_forgets() -> None:
    text = answer_markdown(made_answer("Borger 010190-1234 spørger"))
    assert "010190" not in text
    assert "XXXXXX-XXXX" in text


def test_no_evidence_answer_is_labelled() -> None:
    text = answer_markdown(
        made_answer(
            abstained=True, excerpts=[], citations=[], answer="Syntesen har ingen evidens om dette."
        )
    )
    assert "**Ingen evidens:** Syntesen har ingen evidens om dette." in text


def test_an_english_answer_is_exported_under_english_labels() -> None:
    text = answer_markdown(
        made_answer("Does wage subsidy work?", resolved_question="and for women?", language="en")
    )
    assert "*Interpreted as:* and for women?" in text
    assert "**3.4.1 Hvordan virker det?, p. 25** · evidence weight: Høj" in text
    assert "**Sources:**" in text and "Target group: Ikke-vestlige indvandrere." in text
    assert not any(word in text for word in ("Kilder", "Fortolket", "evidensvægt", ", s. "))


def test_export_file_names_do_not_collide(tmp_path: Path) -> None:
    first = export_conversation([made_answer()], tmp_path, created=FIXED_NOW)
    second = export_conversation([made_answer()], tmp_path, created=FIXED_NOW)
    assert first != second
    assert first.name == "evidens-samtale-20260115-093000.md"
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_every_tour_step_has_prepared_questions() -> None:
    assert len(TOUR) == 6, "one step per theme and one for the gaps"
    for n, step in enumerate(TOUR[:5], start=1):
        assert step.heading.startswith(f"Tema {n}:")
        assert len(step.questions) >= 2
        assert all(q.endswith("?") for q in step.questions)


def test_the_core_does_not_import_textual() -> None:
    """The TUI is an edge: answering a question needs no Textual (subprocess check)."""
    import subprocess
    import sys

    code = (
        "import sys, assistant.engine, assistant.service, tui.export, tui.history;"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert out.stdout.strip() == "False"
