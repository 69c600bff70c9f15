"""Exceptions of the assistant layer."""


class AssistantError(Exception):
    """Base class for what the assistant refuses to do."""


class DataError(AssistantError):
    """A data file shipped with the assistant is missing or malformed."""
