"""The README opens with the two commands, and CI runs exactly the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _shell_blocks(text: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL)]


def test_readme_opens_with_run_and_test_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    run_command, test_command = _shell_blocks(readme)[:2]
    assert run_command.endswith(".venv/bin/evidens")
    assert "pytest" in test_command
    ci_lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
        if line.strip() and not line.startswith(("#", "set ", "cd "))
    ]
    assert ci_lines == [test_command]
