"""Bad input, personal data, and a report or index that cannot be opened (issue 6, TUI part).

Nothing here may put a traceback on the screen or a CPR number in a file.
"""

from __future__ import annotations

import threading

import pytest
from textual import events
from tui_helpers import FIXED_NOW, ask, files_under, screen_text, settle, text_of

from tui.app import make_app
from tui.screens.ask import AskScreen
from tui.screens.error import ErrorScreen
from tui.screens.loading import LoadingScreen
from tui.widgets.answer_view import AnswerView
from tui.widgets.question_input import QuestionInput
from tui.widgets.status_bar import StatusBar

pytestmark = [pytest.mark.slow, pytest.mark.asyncio]
SIZE = (120, 40)
CPR_QUESTION = "Min borger 010190-1234 spørger om løntilskud"


async def test_cpr_number_is_masked_everywhere_evidens_writes(app_factory, env_data_dir) -> None:
    """After a session with a CPR number, no file under EVIDENS_DATA_DIR contains it."""
    app = app_factory(data_dir=env_data_dir)
    copied: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        app.copy_to_clipboard = copied.append  # type: ignore[method-assign]
        await settle(app, pilot)
        await ask(app, pilot, CPR_QUESTION)
        shown = screen_text(app)
        assert "010190" not in shown
        assert "XXXXXX-XXXX" in shown
        assert shown.count("CPR-nummer") == 1, "the notice is shown once"
        await ask(app, pilot, "og hvad med 0101901234 i praktik?")
        await pilot.press("ctrl+s", "ctrl+y")
        await pilot.pause()
        export = app.last_export
    assert export is not None and export.is_relative_to(env_data_dir)
    assert copied and "010190" not in copied[0]
    written = files_under(env_data_dir)
    assert env_data_dir / "history.jsonl" in written
    assert "XXXXXX-XXXX" in (env_data_dir / "history.jsonl").read_text(encoding="utf-8")
    for path in written:
        data = path.read_bytes()
        assert b"010190" not in data, path
        assert b"0101901234" not in data, path


async def test_empty_and_whitespace_input_do_nothing(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.press("space", "space", "tab", "enter")
        await settle(app, pilot)
        app.screen.query_one(QuestionInput).focus()
        await pilot.press("space", "space", "enter")
        await settle(app, pilot)
        assert app.transcript == []
        assert app.screen.query_one(AnswerView).answer is None
        assert "Spørgsmål:" not in text_of(app.screen.query_one(StatusBar))


async def test_punctuation_only_gets_a_polite_message(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, "?!?!")
        shown = screen_text(app)
        assert "KAN IKKE BRUGES" in shown
        assert "ingen ord" in shown
        assert "Traceback" not in shown


async def test_pasted_wall_of_text_with_control_characters(app_factory) -> None:
    """A pasted e-mail (many lines, NUL, escapes, 20 kB) arrives whole and gets an answer."""
    app = app_factory()
    wall = ("Kære jobcenter,\x00 min borger\x1b[31m er flygtning.\r\n" * 200) + (
        "Virker privat løntilskud?\t\n" * 300
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        field = app.screen.query_one(QuestionInput)
        field.post_message(events.Paste(wall))
        await pilot.pause()
        assert "\n" not in field.value and "\x00" not in field.value
        assert len(field.value) > 10_000, "the whole paste arrived, not only its first line"
        await pilot.press("enter")
        await settle(app, pilot)
        shown = screen_text(app)
        assert "meget langt" in shown, "the user is told the question was cut"
        assert "Traceback" not in shown
        assert app.transcript and app.transcript[-1].error is None


async def test_other_scripts_get_an_ordinary_answer(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, "ما الذي يساعد اللاجئين على العمل")
        answer = app.transcript[-1]
        assert answer.error is None
        assert "Traceback" not in screen_text(app)


def _broken_factory(error: Exception):
    def factory(**_callbacks: object):
        raise error

    return factory


@pytest.mark.parametrize(
    ("error", "fix"),
    [
        ("corrupt", "evidens index build --force"),
        ("datadir", "EVIDENS_DATA_DIR"),
        ("settings", "ret eller fjern miljøvariablen"),
        ("unexpected", "evidens index build --force"),
    ],
)
async def test_broken_index_shows_message_and_fix_not_a_traceback(tmp_path, error, fix) -> None:
    from assistant.errors import SettingsError
    from index.errors import DataDirError, IndexCorruptError

    raised = {
        "corrupt": IndexCorruptError(f"{tmp_path}/index/manifest.json does not match its checksum"),
        "datadir": DataDirError(f"cannot write {tmp_path}: read-only file system"),
        "settings": SettingsError("EVIDENS_QUERY_ADAPTER=maybe: input should be a valid boolean"),
        "unexpected": ValueError("something odd"),
    }[error]
    app = make_app(_broken_factory(raised), data_dir=tmp_path, warm_up=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ErrorScreen)
        shown = screen_text(app)
        assert "EVIDENS KUNNE IKKE STARTE" in shown
        assert str(raised) in shown
        assert fix in shown
        assert "Traceback" not in shown
        await pilot.press("escape")
    assert app.return_code == 0


async def test_retry_after_a_failed_start(assistant, tmp_path) -> None:
    from index.errors import IndexCorruptError

    attempts: list[int] = []

    def flaky(**_callbacks: object):
        attempts.append(1)
        if len(attempts) == 1:
            raise IndexCorruptError("index is unreadable")
        assistant.reset()
        return assistant

    app = make_app(flaky, data_dir=tmp_path, warm_up=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ErrorScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, AskScreen)
        assert app.assistant is assistant


async def test_build_progress_is_shown_and_can_be_cancelled(tmp_path) -> None:
    """While the index builds, a progress screen; Esc cancels the build and quits."""
    stopped = threading.Event()

    def slow_build(*, on_message, progress):
        on_message(f"no index in {tmp_path}/index yet; building it")
        try:
            for done in range(10_000):
                progress("embedding", min(done, 400), 400)
                stopped.wait(0.02)
        finally:
            stopped.set()
        raise AssertionError("the build was never cancelled")

    app = make_app(slow_build, data_dir=tmp_path, clock=lambda: FIXED_NOW, warm_up=False)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, LoadingScreen) and "af 400" in screen_text(app):
                break
        assert isinstance(app.screen, LoadingScreen)
        shown = screen_text(app)
        assert "BYGGER SØGEINDEKS" in shown
        assert "Betydning (embeddings):" in shown
        assert "Der er intet søgeindeks endnu" in shown
        assert "building it" in shown, "the detail stays, for support"
        await pilot.press("escape")
    assert stopped.wait(5), "the build thread stopped"
    assert app.return_code == 1


async def test_unwritable_history_and_exports_are_reported_not_fatal(app_factory, tmp_path) -> None:
    """A data folder that cannot take the files: a notification naming the fix, no crash."""
    (tmp_path / "history.jsonl").mkdir()  # os.replace onto a folder fails, even for root
    (tmp_path / "exports").write_text("not a folder", encoding="utf-8")
    app = app_factory(data_dir=tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await ask(app, pilot, "Hvad virker for kvinder?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        toasts = " ".join(text_of(t) for t in app.screen.query("Toast"))
        assert "Historikken kunne ikke gemmes" in toasts
        assert "Eksporten kunne ikke gemmes" in toasts
        assert "EVIDENS_DATA_DIR" in toasts
        assert app.transcript, "the answer is there all the same"
        assert app.last_export is None
