"""Persistence: manifest, atomic writes, stale and corrupt indexes, locking, data-dir errors."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.errors import (
    DataDirError,
    IndexCorruptError,
    IndexNotFoundError,
    IndexStaleError,
)
from index.fake import HashingEmbedder
from index.store import (
    FORMAT_VERSION,
    _sha256,
    corpus_fingerprint,
    ensure_index,
    load_index,
    read_manifest,
)

SHA = "a" * 64


class CountingEmbedder(HashingEmbedder):
    """Counts how many passages it embeds, to see what a rebuild reuses."""

    def __init__(self, dim: int = 64) -> None:
        super().__init__(dim)
        self.embedded = 0

    def embed_batch(self, texts, *, role):
        self.embedded += len(texts)
        return super().embed_batch(texts, role=role)


def _ensure(directory: Path, chunks, embedder, *, sha: str = SHA, **kwargs):
    messages: list[str] = []
    index = ensure_index(
        directory,
        corpus_sha256=sha,
        chunks=chunks,
        embedder=embedder,
        on_message=messages.append,
        **kwargs,
    )
    return index, messages


def test_first_use_builds_a_self_describing_folder(tmp_path, chunks, embedder) -> None:
    directory = tmp_path / "data" / "index"
    index, messages = _ensure(directory, chunks, embedder)
    assert messages == [f"no index in {directory} yet; building it"]
    manifest = read_manifest(directory)
    assert manifest.format_version == FORMAT_VERSION
    assert (manifest.corpus_sha256, manifest.embedder_id, manifest.dim) == (SHA, embedder.id, 64)
    assert manifest.chunk_count == len(chunks) == len(index)
    assert {"vectors.faiss", "chunks.jsonl", "analyzer.json"} <= set(manifest.files)
    assert any(name.startswith("bm25/") for name in manifest.files)
    for name, entry in manifest.files.items():
        assert entry.size == (directory / name).stat().st_size
        assert entry.sha256 == _sha256(directory / name)
    assert {"faiss-cpu", "bm25s", "spacy", "numpy"} <= set(manifest.package_versions)
    assert manifest.parameters["vectors"]["kind"] == "flat"
    leftovers = [
        p.name for p in directory.parent.iterdir() if p.name not in {"index", ".index.lock"}
    ]
    assert leftovers == []  # no temp or old folders


def test_a_fresh_index_loads_silently_and_searches_the_same(tmp_path, chunks, embedder) -> None:
    directory = tmp_path / "index"
    built, _ = _ensure(directory, chunks, embedder)
    loaded, messages = _ensure(directory, chunks, embedder)
    assert messages == []
    query = "privat løntilskud"
    assert [h.model_dump() for h in loaded.search(query, k=5)] == [
        h.model_dump() for h in built.search(query, k=5)
    ]


def test_changed_corpus_hash_triggers_a_rebuild_that_reuses_vectors(tmp_path, chunks) -> None:
    directory = tmp_path / "index"
    first = CountingEmbedder()
    _ensure(directory, chunks, first)
    assert first.embedded == len(chunks)
    second = CountingEmbedder()
    changed = [*chunks[:-1], chunks[-1].model_copy(update={"text": "En helt ny tekst om job."})]
    _, messages = _ensure(directory, changed, second, sha="b" * 64)
    assert len(messages) == 1 and messages[0].startswith("index is stale: the corpus changed")
    assert second.embedded == 1  # only the changed chunk
    assert read_manifest(directory).corpus_sha256 == "b" * 64


def test_changed_embedder_triggers_a_rebuild(tmp_path, chunks, embedder) -> None:
    directory = tmp_path / "index"
    _ensure(directory, chunks, embedder)
    other = HashingEmbedder(dim=32, seed=1)
    with pytest.raises(IndexStaleError, match="embedder changed"):
        load_index(directory, corpus_sha256=SHA, embedder=other)
    index, messages = _ensure(directory, chunks, other)
    assert "the embedder changed" in messages[0] and index.vectors.dim == 32


def test_truncated_faiss_file_is_one_line_then_rebuilt(tmp_path, chunks, embedder) -> None:
    directory = tmp_path / "index"
    _ensure(directory, chunks, embedder)
    vectors = directory / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[: vectors.stat().st_size // 2])
    with pytest.raises(IndexCorruptError, match="truncated"):
        load_index(directory, corpus_sha256=SHA, embedder=embedder)
    index, messages = _ensure(directory, chunks, embedder)
    assert len(messages) == 1 and "\n" not in messages[0]
    assert messages[0].startswith("index is corrupt:") and "vectors.faiss" in messages[0]
    assert len(index.search("løntilskud", k=3)) == 3
    load_index(directory, corpus_sha256=SHA, embedder=embedder)  # intact again


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda d: (d / "chunks.jsonl").unlink(), "missing"),
        (lambda d: (d / "manifest.json").write_text("{not json"), "unreadable"),
        (lambda d: _flip_last_byte(d / "analyzer.json"), "checksum"),
    ],
)
def test_damage_is_reported_as_corruption(tmp_path, chunks, embedder, damage, expected) -> None:
    directory = tmp_path / "index"
    _ensure(directory, chunks, embedder)
    damage(directory)
    with pytest.raises(IndexCorruptError, match=expected):
        load_index(directory, corpus_sha256=SHA, embedder=embedder)


def test_unreadable_faiss_file_with_matching_checksum_is_corruption(tmp_path, chunks, embedder):
    """A file FAISS cannot parse is caught even when size and checksum were updated."""
    directory = tmp_path / "index"
    _ensure(directory, chunks, embedder)
    vectors = directory / "vectors.faiss"
    vectors.write_bytes(b"not a faiss index" * 10)
    manifest = json.loads((directory / "manifest.json").read_text())
    manifest["files"]["vectors.faiss"] = {
        "size": vectors.stat().st_size,
        "sha256": _sha256(vectors),
    }
    (directory / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexCorruptError, match="unreadable"):
        load_index(directory, corpus_sha256=SHA, embedder=embedder)


def test_missing_index_is_not_found(tmp_path, embedder) -> None:
    with pytest.raises(IndexNotFoundError):
        load_index(tmp_path / "index", corpus_sha256=SHA, embedder=embedder)


def test_force_rebuilds_a_fresh_index(tmp_path, chunks) -> None:
    directory = tmp_path / "index"
    _ensure(directory, chunks, HashingEmbedder())
    counting = CountingEmbedder()
    _ensure(directory, chunks, counting, force=True)
    assert counting.embedded == len(chunks)  # --force embeds everything again


def test_unwritable_data_dir_names_the_folder_and_the_override(tmp_path, chunks, embedder):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(DataDirError) as error:
        _ensure(blocker / "index", chunks, embedder)
    assert str(blocker) in str(error.value) and "EVIDENS_DATA_DIR" in str(error.value)


def test_full_disk_keeps_the_old_index_and_leaves_no_temp(tmp_path, chunks, embedder, monkeypatch):
    directory = tmp_path / "index"
    _ensure(directory, chunks, embedder)

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("index.store._write_folder", no_space)
    with pytest.raises(DataDirError, match="No space left"):
        _ensure(directory, chunks, embedder, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".index.lock", "index"]
    load_index(directory, corpus_sha256=SHA, embedder=embedder)


def test_two_builds_at_once_leave_one_valid_index(tmp_path) -> None:
    directory = tmp_path / "index"
    script = Path(__file__).with_name("concurrent_build.py")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path.cwd()), *sys.path])}
    workers = [
        subprocess.Popen(
            [sys.executable, str(script), str(directory)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=300) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], outputs
    stdout = "".join(out for out, _ in outputs)
    assert stdout.count("built 32") == 2
    assert "another process is building the index" in stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == [".index.lock", "index"]
    manifest = read_manifest(directory)
    index = load_index(
        directory, corpus_sha256=manifest.corpus_sha256, embedder=HashingEmbedder(32)
    )
    assert len(index) == 32


def test_corpus_fingerprint_sees_source_and_chunk_changes(chunks) -> None:
    base = corpus_fingerprint(SHA, chunks)
    assert base == corpus_fingerprint(SHA, list(chunks))
    assert base != corpus_fingerprint("b" * 64, chunks)
    edited = [chunks[0].model_copy(update={"page": "99"}), *chunks[1:]]
    assert base != corpus_fingerprint(SHA, edited)


def _flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-2] = (data[-2] + 1) % 256
    path.write_bytes(bytes(data))


def test_vectors_survive_the_round_trip(tmp_path, chunks, embedder) -> None:
    directory = tmp_path / "index"
    built, _ = _ensure(directory, chunks, embedder)
    loaded = load_index(directory, corpus_sha256=SHA, embedder=embedder)
    np.testing.assert_array_equal(loaded.vectors.vectors(), built.vectors.vectors())
    assert loaded.chunks == built.chunks
