"""The static checks run with the tests, so one command runs them all.

ruff (lint and format) over the project and mypy over the core, with the settings
in pyproject.toml. A failure prints what the tool printed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], capture_output=True, text=True, cwd=ROOT, check=False
    )


@pytest.mark.parametrize("args", [("check", "."), ("format", "--check", ".")])
def test_ruff(args):
    result = _run("ruff", *args)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_on_the_core():
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
