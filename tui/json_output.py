"""JSON for standard output, readable in any encoding.

Other tools read `evidens ask --json`, `chat --jsonl` and `corpus studies --json`.
In a UTF-8 environment the report's Danish stays as it is; where standard output
cannot hold it (an ASCII or Latin-1 locale), non-ASCII characters are escaped
(\\u00f8), which every JSON reader decodes to the same text, rather than replaced.
"""

from __future__ import annotations

import codecs
import json
import sys
from typing import Any


def dumps(data: Any, *, indent: int | None = None) -> str:
    return json.dumps(data, ensure_ascii=not _stdout_is_utf8(), indent=indent)


def _stdout_is_utf8() -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
