"""Settings from EVIDENS_* variables: a value that does not parse names its variable."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.errors import SettingsError
from assistant.settings import load_settings


@pytest.mark.parametrize(("value", "expected"), [("0", False), ("false", False), ("1", True)])
def test_the_query_adapter_switch_reads_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("EVIDENS_QUERY_ADAPTER", value)
    assert load_settings().query_adapter is expected


def test_a_value_that_does_not_parse_is_a_settings_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv("EVIDENS_QUERY_ADAPTER", "maybe")
    with pytest.raises(SettingsError, match=r"^EVIDENS_QUERY_ADAPTER=maybe: .*boolean"):
        load_settings()


@pytest.mark.parametrize(
    ("args", "stdin"), [(["ask", "Virker privat løntilskud?"], b""), (["chat", "--jsonl"], b"x\n")]
)
def test_the_cli_says_so_in_one_line_and_exits_2(monkeypatch, args, stdin):
    monkeypatch.setenv("EVIDENS_QUERY_ADAPTER", "maybe")
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("evidens: EVIDENS_QUERY_ADAPTER=maybe")
    assert result.stdout == b""
