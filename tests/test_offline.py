"""Nothing leaves the machine: build, ask and chat work with internet sockets disabled."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest


def test_sockets_are_blocked_here_and_in_child_processes():
    with pytest.raises(OSError, match="network access is disabled"):
        socket.create_connection(("127.0.0.1", 9))
    child = subprocess.run(
        [sys.executable, "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert child.returncode != 0 and "network access is disabled" in child.stderr


@pytest.mark.slow
def test_build_ask_and_chat_offline(tmp_path):
    env = {**os.environ, "EVIDENS_DATA_DIR": str(tmp_path)}

    def evidens(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tui.cli", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
            check=False,
        )

    build = evidens("index", "build")
    assert build.returncode == 0, build.stderr
    ask = evidens("ask", "Virker virksomhedspraktik?", "--json")
    assert ask.returncode == 0 and json.loads(ask.stdout)["excerpts"]
    chat = evidens("chat", "--jsonl", stdin="Virker løntilskud?\nog for kvinder?\n")
    assert chat.returncode == 0 and len(chat.stdout.splitlines()) == 2
