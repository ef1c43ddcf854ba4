"""Indonesian or English, told by function words: cheap, and right on news text.

py3langid and lingua exist for many languages; the archive needs two, and counting a dozen
function words each is exact enough and costs microseconds. Text glued by scrapers still has
most of its function words free-standing.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z]+")
_INDONESIAN = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "itu",
        "ini",
        "dengan",
        "untuk",
        "pada",
        "dalam",
        "tidak",
        "akan",
        "telah",
        "oleh",
        "sebagai",
        "adalah",
        "juga",
        "karena",
        "bahwa",
        "atau",
        "kata",
        "mereka",
        "orang",
        "tersebut",
        "sudah",
        "bisa",
        "para",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "was",
        "for",
        "on",
        "that",
        "with",
        "by",
        "as",
        "at",
        "from",
        "are",
        "were",
        "has",
        "have",
        "had",
        "said",
        "it",
        "its",
        "their",
        "been",
        "which",
        "who",
    ]
)
SAMPLE_CHARS = 20_000
assert not _INDONESIAN & _ENGLISH, "a function word of both languages would be counted twice"


def detect_language(text: str) -> str:
    """'id' or 'en' (ISO 639-1): whichever language's function words are more frequent."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    # Counted by C-level maps, not a loop of Python steps (the two lists share no word).
    indonesian = sum(map(_INDONESIAN.__contains__, words))
    english = sum(map(_ENGLISH.__contains__, words))
    return "en" if english > indonesian else "id"
