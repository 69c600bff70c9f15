"""Personal data: CPR numbers are masked before a question is stored anywhere.

A CPR number is DDMMYY-XXXX or DDMMYYXXXX with a plausible date. Masking keeps
the rest of the question, so the answer is unaffected; the caller tells the user
once that it happened.
"""

from __future__ import annotations

import re
from datetime import date

_CPR = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{2})[- ]?(\d{4})(?!\d)")
MASK = "XXXXXX-XXXX"
NOTICE = "Et CPR-nummer i spørgsmålet er maskeret; det gemmes ikke."


def _plausible(day: str, month: str, year: str) -> bool:
    try:
        # The century does not matter for plausibility; 2000 is a leap year, so 29/02 passes.
        date(2000 + int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def mask_cpr(text: str) -> tuple[str, bool]:
    """Return the text with CPR-shaped numbers masked, and whether any were."""
    found = False

    def replace(match: re.Match[str]) -> str:
        nonlocal found
        if _plausible(match.group(1), match.group(2), match.group(3)):
            found = True
            return MASK
        return match.group(0)

    return _CPR.sub(replace, text), found
