"""Exceptions of the corpus layer. The CLI turns them into one line and exit code 2."""


class CorpusError(Exception):
    """Base class for everything the corpus layer refuses to do."""


class SourceError(CorpusError):
    """The source file is missing, empty, not UTF-8, truncated or changed."""
