"""Danish sentence boundaries with spaCy's rule-based sentencizer.

No Danish model can be downloaded here, so this is a blank "da" pipeline. Two
repairs on top: "et al." is one token (the report cites "Arendt et al. 2016"
constantly), and a "sentence" that starts with a lowercase letter or a digit is
glued back to the one before (an abbreviation such as "ca." or "nr." ended it).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from spacy.tokenizer import Tokenizer

_ABBREVIATIONS = ("al.", "ca.", "nr.", "jf.", "pkt.", "stk.", "mv.", "mm.", "pga.", "ift.")


@lru_cache(maxsize=1)
def _nlp():
    import spacy
    from spacy.symbols import ORTH

    nlp = spacy.blank("da")
    # A blank pipeline's tokenizer is spaCy's own class (the Language type allows
    # any callable).
    tokenizer = cast("Tokenizer", nlp.tokenizer)
    for abbreviation in _ABBREVIATIONS:
        tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("sentencizer")
    return nlp


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character (start, end) of each sentence of `text`; `text[start:end]` is the sentence."""
    spans: list[tuple[int, int]] = []
    for sentence in _nlp()(text).sents:
        start, end = sentence.start_char, sentence.end_char
        first = text[start : start + 1]
        if spans and (first.islower() or first.isdigit()):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans
