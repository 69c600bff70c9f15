"""Snapshot tests: each main screen in each of its states, at 100x32.

Answers are replayed from `snapshot_answers.json` (recorded from the real
assistant by `record_answers.py`), so the pictures do not change from run to run;
everything else (corpus, studies, gaps, index chunks) is the real assistant. After
a deliberate change, run `pytest tests/tui --snapshot-update`, look at the new
SVGs in `__snapshots__/`, and keep them only if they show what the docstring says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import FIXED_NOW, settle

from tui.app import make_app

pytestmark = pytest.mark.slow
SIZE = (100, 32)
QUESTION = "Virker privat løntilskud for flygtninge?"


async def _loaded(pilot) -> None:
    await settle(pilot.app, pilot)


def _asking(*questions: str):
    async def run_before(pilot) -> None:
        await _loaded(pilot)
        for question in questions:
            await pilot.press(*question, "enter")
            await _loaded(pilot)

    return run_before


def test_ask_empty(snap_compare, snapshot_app) -> None:
    """Ask screen before any question: header, status bar "Filtre: Alle vægte · Alle
    temaer … Klar", an empty input with its placeholder, the welcome text with three
    example questions and the key hints; the footer starts with "f1 Hjælp"."""
    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=_loaded)


def test_ask_answered(snap_compare, snapshot_app) -> None:
    """An answer: "Spørgsmål: Virker privat løntilskud …", the short answer beside a
    thick bar, "Uddrag (5)", and the first card "1 [HØJ] 3.4.1 Hvordan virker det? · s.
    25" with "privat" and "løntilskud" bold, underlined and coloured; "Spørgsmål: 1" in
    the status bar."""
    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=_asking(QUESTION))


def test_ask_follow_up(snap_compare, snapshot_app) -> None:
    """A follow-up: "Spørgsmål: og for kvinder?" and below it, in italics, "Fortolket
    som: og for kvinder – om privat løntilskud?"; cards highlight "kvindelige"."""
    run_before = _asking(QUESTION, "og for kvinder?")
    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_ask_no_evidence(snap_compare, snapshot_app) -> None:
    """No evidence: a heavy-bordered panel titled "INGEN EVIDENS I RAPPORTEN" with
    "Syntesen har ingen evidens om dette. Den dækker disse temaer: …"; no cards."""
    run_before = _asking("Hvad er hovedstaden i Frankrig?")
    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_ask_knowledge_gap(snap_compare, snapshot_app) -> None:
    """A knowledge gap: after the short answer, a double-bordered panel titled
    "VIDENSHUL 7 · kapitel 4 · s. 41" with the gap's title in bold and its text."""
    run_before = _asking("Hvad ved vi om virksomhedernes incitament til at ansætte flygtninge?")
    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_ask_excerpt_focused(snap_compare, snapshot_app) -> None:
    """Tab from the input: the first excerpt card is focused (accent bar, tinted
    background) and the footer shows "⏎ Åbn" first."""

    async def run_before(pilot) -> None:
        await _asking(QUESTION)(pilot)
        await pilot.press("tab")

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_inspect_paragraph(snap_compare, snapshot_app) -> None:
    """Enter on the first excerpt: "3.4.1 Hvordan virker det? · s. 25 · Tema 3: …",
    the paragraph before in muted text, the paragraph itself behind an accent bar with
    the excerpt in reverse video, then the next paragraph; footer "esc Tilbage"."""

    async def run_before(pilot) -> None:
        await _asking(QUESTION)(pilot)
        await pilot.press("tab", "enter")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_study_card(snap_compare, snapshot_app) -> None:
    """The study card of Heinesen 2011 (opened from the command palette): a bordered
    card "STUDIE · Heinesen 2011" with "Evidensvægt: [HØJ]", authors, year, title,
    publisher IZA, design, target group, result, themes and Bilag 2 page; below it
    "Citeret N steder i rapporten" and the list of places "3.x.y … · s. N"."""

    async def run_before(pilot) -> None:
        await _loaded(pilot)
        pilot.app.open_study("Heinesen 2011")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_browse_themes(snap_compare, snapshot_app) -> None:
    """Browse (Ctrl+G): tabs "1 Temaer 2 Mekanismer 3 Videnshuller 4 Metode 5 Studier",
    the theme list with "Tema 1: …" in bold and its subsections "3.2.1 Hvordan virker
    det?" …, and on the right the text of section 3.2; footer "s Spørg om valgte"."""
    run_before = _asking()

    async def browse(pilot) -> None:
        await run_before(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=browse)


def test_browse_studies(snap_compare, snapshot_app) -> None:
    """Browse, tab 5: "29 studier · alle temaer · sorteret efter vægt", a zebra table
    Vægt/År/Studie/Temaer/Design with the seven [HØJ] studies first; footer "v Sortér:
    vægt a år d design t Tema-filter"."""

    async def run_before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("ctrl+g", "5")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_trainer_step(snap_compare, snapshot_app) -> None:
    """Trainer mode (Ctrl+T): "Trin 1 af 6 · Tema 1: Integrationsprogram herunder
    danskuddannelse", the trainer's note in italics, three prepared questions with the
    first highlighted, and its answer below; footer "n/→ Næste trin p/← Forrige trin"."""

    async def run_before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("ctrl+t")
        await _loaded(pilot)

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_filter_dialog(snap_compare, snapshot_app) -> None:
    """The filter dialog (Ctrl+F) over the ask screen: "Mindste evidensvægt" with "Kun
    [HØJ]" highlighted, "Tema" with "3. Virksomhedsrettede indsatser" highlighted, and
    "Bliver: Vægt ≥ HØJ · Tema 3: Virksomhedsrettede indsatser"."""

    async def run_before(pilot) -> None:
        await _loaded(pilot)
        await pilot.press("ctrl+f", "down", "down", "tab", "down", "down", "down")

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_ask_light_theme(snap_compare, snapshot_app) -> None:
    """The answered state in the light theme (Ctrl+L): same layout, dark text on a
    light background, badges still read "[HØJ]" / "[MEDIUM]"."""

    async def run_before(pilot) -> None:
        await _asking(QUESTION)(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()

    assert snap_compare(snapshot_app(), terminal_size=SIZE, run_before=run_before)


def test_error_screen(snap_compare) -> None:
    """The index cannot be opened: a heavy red-bordered box "EVIDENS KUNNE IKKE
    STARTE" with the one-line reason and "Sådan løser du det: byg indekset igen med
    'evidens index build --force' …"; footer "r Prøv igen esc Afslut"."""
    from index.errors import IndexCorruptError

    def broken(**_callbacks: object):
        raise IndexCorruptError("the index files do not match their checksums")

    app = make_app(broken, data_dir=Path("/data/evidens"), clock=lambda: FIXED_NOW, warm_up=False)
    assert snap_compare(app, terminal_size=SIZE, run_before=_loaded)


def test_loading_screen(snap_compare, tmp_path) -> None:
    """First start: "BYGGER SØGEINDEKS", why it is built, "Betydning (embeddings): 120
    af 400", a progress bar at 30 %, and "Esc eller Ctrl+Q: afbryd og afslut"."""
    import threading

    stop = threading.Event()

    def building(*, on_message, progress):
        on_message("Der er intet søgeindeks endnu; det bygges nu.")
        try:
            while not stop.wait(0.02):
                progress("embedding", 120, 400)
        finally:
            stop.set()

    async def run_before(pilot) -> None:
        for _ in range(100):
            await pilot.pause(0.05)
            labels = list(pilot.app.screen.query("#loading-stage"))
            if labels and "120 af 400" in str(labels[0].render()):
                break

    app = make_app(building, data_dir=tmp_path, clock=lambda: FIXED_NOW, warm_up=False)
    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    finally:
        stop.set()
