"""Near-duplicate texts (a wire story on two sites, a lightly edited copy) found by MinHash
over word shingles, with locality-sensitive hashing so that a new document is compared
only with stored documents that share a band.

A document's signature is the minimum, under each of ``PERMUTATIONS`` hash functions, of
its 4-word shingles; the share of positions where two signatures agree estimates the
Jaccard similarity of their shingle sets.  Signatures are cut into ``BANDS`` bands of
``ROWS`` values: two documents become candidates when one band is equal, which happens
with probability 1 - (1 - s^ROWS)^BANDS (0.99 at s = 0.5, 0.23 at s = 0.2)."""

from __future__ import annotations

import hashlib
import re

import numpy as np

SHINGLE = 4
BANDS = 32
ROWS = 3
PERMUTATIONS = BANDS * ROWS
# texts at least this similar are copies of one story (estimated Jaccard of 4-word shingles)
THRESHOLD = 0.5
# Shorter texts are not compared: two sentences that differ in one word ("Iran attacked
# Iraq" and "Syria attacked Iraq") are alike as text but are different claims, not copies.
MIN_WORDS = 50

_PRIME = 4294967291  # the largest prime below 2**32: (a*x + b) stays below 2**64


def _constants(tag: str, low: int) -> np.ndarray:
    # derived from a hash, not a random generator: stored signatures must stay comparable
    # with new ones across numpy versions
    return np.array([[low + _hash32(f"{tag}{i}".encode()) % (_PRIME - low)] for i in range(PERMUTATIONS)],
                    dtype=np.uint64)


def _hash32(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=4).digest(), "little")


_A = _constants("a", 1)
_B = _constants("b", 0)
_WORD = re.compile(r"\w+")


def signature(text: str) -> bytes | None:
    """The MinHash signature of ``text`` (``PERMUTATIONS`` little-endian uint32), or None
    for a text shorter than ``MIN_WORDS``."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    hashes = np.fromiter((_hash32(s) for s in shingles), dtype=np.uint64, count=len(shingles))
    mins = ((_A * hashes[None, :] + _B) % np.uint64(_PRIME)).min(axis=1)
    return mins.astype("<u4").tobytes()


def bands(sig: bytes) -> list[tuple[int, int]]:
    """(band number, bucket) pairs of a signature; buckets are signed 64-bit integers so
    that every SQL backend can index them."""
    width = ROWS * 4
    return [(b, int.from_bytes(hashlib.blake2b(sig[b * width:(b + 1) * width], digest_size=8).digest(),
                               "little", signed=True))
            for b in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    x = np.frombuffer(a, dtype="<u4")
    y = np.frombuffer(b, dtype="<u4")
    return float(np.mean(x == y))
