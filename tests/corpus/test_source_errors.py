"""A bad source gives one line naming the file and the problem, and exit code 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from corpus.source import default_source_path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def original() -> bytes:
    return default_source_path().read_bytes()


@pytest.mark.parametrize(
    ("name", "make", "problem"),
    [
        ("missing.txt", None, "not found"),
        ("empty.txt", lambda data: b"", "empty"),
        ("latin1.txt", lambda data: data.decode("utf-8").encode("latin-1", "replace"), "UTF-8"),
        ("truncated.txt", lambda data: data[: len(data) // 3], "truncated"),
        ("changed.txt", lambda data: data.replace(b"Heinesen", b"Hansen"), "changed"),
        ("binary.txt", lambda data: b"\x00\x01\x02" * 1000, "NUL"),
    ],
)
@pytest.mark.parametrize("command", ["check", "studies"])
def test_bad_source(tmp_path, original, name, make, problem, command):
    path = tmp_path / name
    if make is not None:
        path.write_bytes(make(original))
    result = _run("corpus", command, "--source", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0]


def test_studies_json_contract():
    import json

    result = _run("corpus", "studies", "--json")
    assert result.returncode == 0
    studies = json.loads(result.stdout)
    assert len(studies) == 29
    required = {
        "key",
        "authors",
        "year",
        "title",
        "design",
        "target_group",
        "result",
        "evidence_weight",
        "themes",
    }
    assert all(required <= set(s) for s in studies)
    assert all(s["evidence_weight"] in ("Høj", "Medium") for s in studies)


def test_unknown_command_is_one_line():
    result = _run("corpus", "frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
