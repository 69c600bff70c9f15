"""Exceptions of the assistant layer."""


class AssistantError(Exception):
    """Base class for what the assistant refuses to do."""


class DataError(AssistantError):
    """A data file shipped with the assistant is missing or malformed."""


class SettingsError(AssistantError):
    """An EVIDENS_* environment variable holds a value Evidens cannot use."""
