"""Exceptions of the index layer.

The CLI prints them as one line on stderr (exit code 2); the TUI shows them as a
notification. The base is `IndexLayerError`, never the builtin `IndexError`.
"""

from __future__ import annotations


class IndexLayerError(Exception):
    """Base class for everything the index layer refuses to do."""


class EmbedderError(IndexLayerError):
    """An embedding backend is not installed, or its model is not available offline."""


class IndexBuildError(IndexLayerError):
    """Building the index failed (empty corpus, embedder returned bad vectors, ...)."""


class IndexNotFoundError(IndexLayerError):
    """There is no index in the folder yet."""


class IndexStaleError(IndexLayerError):
    """The index was built from another corpus, embedder or format; rebuild it."""


class IndexCorruptError(IndexLayerError):
    """The index folder is unreadable: bad manifest, missing file, size or checksum mismatch."""


class DataDirError(IndexLayerError):
    """The data directory cannot be written (read-only, full, not a directory)."""
