"""The language a text is written in, by py3langid (its model ships inside the package:
nothing is downloaded).  Extraction reads English only; ``Language.extractable`` tells
which documents to store without extracting.

Short texts are hard to place ("Russia sanctioned Ukraine." comes out French at 0.14), so a
document counts as another language only when the identifier is confident about it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

EXTRACTED = "en"
# below this probability a verdict of "not English" is not trusted: the text is extracted
CONFIDENT = 0.9
# identification is linear in length; the first part of an article decides as well as all of it
SAMPLE_CHARS = 20_000


@dataclass(frozen=True)
class Language:
    """An ISO 639-1 code and the identifier's probability for it."""

    code: str
    score: float

    @property
    def extractable(self) -> bool:
        """Whether extraction should read the text: English, or not confidently otherwise."""
        return self.code == EXTRACTED or self.score < CONFIDENT


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> Language:
    """The most probable language of ``text``."""
    code, score = _identifier().classify(text[:SAMPLE_CHARS])
    return Language(str(code), round(float(score), 4))
