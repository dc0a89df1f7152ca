"""Title-case headlines read as sentences.

"Kremlin Slams Kiev Over Gas Price" parses as a row of names: the tagger takes every
capitalised word for a proper noun. Before parsing, a headline written in title case is given
the casing of a sentence: a capitalised word is lowercased when the article's own body writes it
in lower case, or when it is a function word or a word of the event or verb lexicons, unless the
body or the gazetteer shows it to be a name. Lowercasing keeps the length of the text, so every
offset is unchanged; the record texts are then taken from the original text again.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_HEADLINE_END = re.compile(r"\.\s|\n|$")
# how much of the article below a headline that stands alone is read to tell names from words
HEADLINE_CONTEXT = 20_000


def headline_span(text: str) -> tuple[int, int]:
    """The headline of a text: up to the first ". " or line end (the wire snippets' convention)."""
    m = _HEADLINE_END.search(text)
    return 0, m.start() if m else len(text)


def is_title_case(headline: str) -> bool:
    """Every word of four letters or more capitalised, but for one at most ("US President
    Donald Trump praised Saudi Arabia" is a sentence: its verb is in lower case)."""
    words = _WORD.findall(headline)[1:]
    long = [w for w in words if len(w) >= 4]
    if len(long) < 2:
        return False
    return sum(not w[0].isupper() for w in long) <= min(1, len(long) // 8)


def _forms(word: str) -> list[str]:
    w = word.lower()
    out = [w]
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            out.append(w[: len(w) - len(suffix)] + repl)
    return out


def truecase(text: str, known_word: Callable[[str], bool], is_name: Callable[[str], bool],
             rest: str = "") -> str:
    """``text`` with its title-case headline in sentence case (same length), or ``text`` as is.
    ``known_word(form)``: a common word (lexicon, verb or adjective index); ``is_name(word)``:
    the gazetteer knows it; ``rest``: the article after ``text``, when the headline stands in a
    paragraph of its own (its words tell names from common words as the text's own do)."""
    s, e = headline_span(text)
    head = text[s:e]
    body = text[e:] + "\n" + rest
    # without a body to tell names from words, a headline is left as written
    if len(_WORD.findall(body)) < 8 or not is_title_case(head):
        return text
    lower_in_body = {m.group(0) for m in _WORD.finditer(body) if m.group(0).islower()}
    # names written capitalised inside a sentence of the body (not after a sentence end)
    named = {m.group(1) for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z'’-]+)", body)}
    out = list(text)
    for k, m in enumerate(_WORD.finditer(head)):
        w = m.group(0)
        if k == 0 or not (w[0].isupper() and w[1:].islower()) or len(w) < 2:
            continue
        low = w.lower()
        if w in named or is_name(w):
            continue
        if low in lower_in_body or low in STOP_WORDS or any(known_word(f) for f in _forms(w)):
            start = s + m.start()
            out[start] = text[start].lower()
    return "".join(out)
