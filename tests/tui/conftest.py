"""Fixtures for the TUI tests: one real assistant per session, apps built around it.

The index is built once per session in the shared EVIDENS_DATA_DIR of
tests/conftest.py (about a minute and a half on a 2-core machine); every app in the
session shares that assistant, each starting a fresh conversation.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input
from tui_helpers import FIXED_NOW

from tui.app import EvidensApp, make_app

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def evidens_data_dir(shared_data_dir: Path) -> Path:
    """EVIDENS_DATA_DIR for the whole session (index, history, exports): the shared one
    from tests/conftest.py, so the index is built once for all test folders."""
    return shared_data_dir


@pytest.fixture(scope="session")
def assistant(real_assistant):
    """The real assistant over the real index (tests/conftest.py builds it once)."""
    return real_assistant


@pytest.fixture
def app_factory(assistant, tmp_path: Path) -> Callable[..., EvidensApp]:
    """`app_factory(data_dir=None)`: an app around the shared assistant, fresh conversation.

    History and exports go to a per-test folder unless `data_dir` is given.
    """

    def build(*, data_dir: Path | None = None) -> EvidensApp:
        def factory(**_callbacks: Any):
            assistant.reset()
            return assistant

        return make_app(
            factory, data_dir=data_dir or tmp_path, clock=lambda: FIXED_NOW, warm_up=False
        )

    return build


class RecordedAssistant:
    """The real assistant, except that `ask` replays answers recorded with a fixed hash seed.

    See `record_answers.py`: the live assistant's excerpt choice varies with
    PYTHONHASHSEED, and snapshots must be identical from run to run.
    """

    def __init__(self, real: Any) -> None:
        from assistant.models import Answer

        self._real = real
        data = json.loads((HERE / "snapshot_answers.json").read_text(encoding="utf-8"))
        self._answers = {q: Answer.model_validate(a) for q, a in data.items()}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def reset(self) -> None:
        """Replayed answers carry no conversation."""

    def ask(self, question: str, *, filters: Any = None) -> Any:
        return self._answers[question]


@pytest.fixture
def snapshot_app(assistant, tmp_path: Path) -> Callable[[], EvidensApp]:
    """An app whose answers are the recorded ones (for snapshot tests)."""
    recorded = RecordedAssistant(assistant)

    def build() -> EvidensApp:
        return make_app(
            lambda **_: recorded, data_dir=tmp_path, clock=lambda: FIXED_NOW, warm_up=False
        )

    return build


@pytest.fixture
def env_data_dir(evidens_data_dir: Path) -> Path:
    return Path(os.environ["EVIDENS_DATA_DIR"])


@pytest.fixture
def snap_compare(snap_compare):
    """The plugin's `snap_compare`, with every input's cursor held still (drawn) before
    the picture is taken. Textual blinks a focused cursor on a 0.5 s wall-clock timer,
    so which phase a snapshot catches is a race that a slow machine loses now and then
    (one cell over the placeholder's first letter). The app still blinks for users."""

    def compare(app, *, run_before=None, **kwargs):
        async def still(pilot) -> None:
            if run_before is not None:
                await run_before(pilot)
            for screen in pilot.app.screen_stack:
                for field in screen.query(Input):
                    field.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, run_before=still, **kwargs)

    return compare
