"""The kinds of incident and the stop words (data/event-kinds.toml) as look-up tables.

The lexicon is the bilingual vocabulary of incident words linking uses: each kind lists its
Indonesian and English words, so "kebakaran" and "blaze" name one kind across languages. No
maintained id↔en dictionary ships its data in a registry package (WordNet packages download
theirs at run time), so it stays this short, reviewed list of incident words.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

LEXICON_FILE = Path(__file__).parent.parent / "data" / "event-kinds.toml"
ROUNDUP = "roundup"             # the lexicon's table of words that mark an overview
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z][a-z'-]*[a-z]|[a-z]")


@dataclass(frozen=True)
class Lexicon:
    """Kinds of incident and the stop words, from data/event-kinds.toml, as look-up tables:
    a word or phrase → its kinds, a word's beginning → its kinds (the words ending in "*")."""

    words: dict[str, frozenset[str]]      # a word, or a phrase of words joined by spaces
    prefixes: dict[str, frozenset[str]]
    starts: frozenset[str]                # the first words of phrases
    labels: dict[str, dict[str, str]]     # kind → UI language → its name
    stopwords: frozenset[str]

    def label(self, kind: str, language: str) -> str:
        names = self.labels.get(kind, {})
        return names.get(language) or names.get("en") or kind

    def kinds_in(self, tokens: list[str]) -> frozenset[str]:
        """The kinds named in a run of (folded) words; "roundup" among them for an overview."""
        found: set[str] = set()
        words, starts = self.words, self.starts
        for n, token in enumerate(tokens):
            found |= _token_kinds(token)
            if token in starts:
                for size in (2, 3, 4):
                    phrase = " ".join(tokens[n:n + size])
                    if phrase in words:
                        found |= words[phrase]
        return frozenset(found)

    def token_kinds(self, token: str) -> frozenset[str]:
        """The kinds one word names, as a whole word or by its beginning."""
        found = set(self.words.get(token, ()))
        for end in range(3, len(token) + 1):
            found |= self.prefixes.get(token[:end], frozenset())
        return frozenset(found)


@lru_cache(maxsize=1 << 16)
def _token_kinds(token: str) -> frozenset[str]:
    """The lexicon's kinds of one word, remembered: words repeat across an archive."""
    return lexicon().token_kinds(token)


@cache
def lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """The lexicon, read once a process."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    stop = data.pop("stopwords", {})
    words: dict[str, set[str]] = defaultdict(set)
    prefixes: dict[str, set[str]] = defaultdict(set)
    for kind, entry in data.items():
        for word in (w for values in entry.values() if isinstance(values, list) for w in values):
            folded = " ".join(TOKEN.findall(fold(word.rstrip("*"))))
            (prefixes if word.endswith("*") else words)[folded].add(kind)
    labels = {name: dict(entry.get("label", {})) for name, entry in data.items()}
    return Lexicon({w: frozenset(k) for w, k in words.items()},
                   {w: frozenset(k) for w, k in prefixes.items()},
                   frozenset(w.split()[0] for w in words if " " in w), labels,
                   frozenset(fold(w) for words in stop.values() for w in words))


def fold(text: str) -> str:
    """Lowercase ASCII: "Gözlükuyu" and "Gozlukuyu" meet."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower())
    return text.encode("ascii", "ignore").decode("ascii")


def kinds_of(title: list[str], lede: list[str], kind_words: int) -> frozenset[str]:
    """The kinds the title and the first `kind_words` words of the text name (not "roundup",
    which only a title can say)."""
    lex = lexicon()
    return (lex.kinds_in(title) | lex.kinds_in(lede[:kind_words])) - {ROUNDUP}
