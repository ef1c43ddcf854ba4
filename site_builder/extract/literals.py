"""Where any of a set of literal words occurs in a text, found in one pass.

The rules look for their cue words ("tewas", "korban", "told", "kepada" ...) before trying a
regular expression there: trying an alternation at every position of a text is slow, and so is
one `str.find` loop per word (46 trigger words: 46 passes over the text). An Aho-Corasick
automaton (ahocorasick-rs, a compiled wheel) finds every occurrence of every word in one pass,
about twenty times faster than the find loops it replaces.

Occurrences overlap as `str.find(word, at + 1)` would find them: every start of every word.
The automaton reads UTF-8, which has no lone surrogates: a text holding one (a caller's string,
never a decoded seed) is searched with each replaced by U+FFFD, one character for one, so the
positions stay the text's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Literals:
    """A fixed set of words, and where they occur in a text."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = tuple(words)
        self._automaton = AhoCorasick(self.words)

    def _matches(self, text: str) -> list[tuple[int, int, int]]:
        """(word index, start, end) of every overlapping occurrence."""
        try:
            return self._automaton.find_matches_as_indexes(text, overlapping=True)
        except UnicodeEncodeError:
            searchable = _LONE_SURROGATE.sub("\ufffd", text)
            return self._automaton.find_matches_as_indexes(searchable, overlapping=True)

    def starts(self, text: str) -> list[int]:
        """Where any word starts, in text order (a position twice when two words start there)."""
        return sorted(start for _, start, _ in self._matches(text))

    def by_word(self, text: str) -> list[int]:
        """Where each word starts: the first word's starts in text order, then the second's..."""
        found = sorted((word, start) for word, start, _ in self._matches(text))
        return [start for _, start in found]

    def found(self, text: str) -> list[tuple[int, str]]:
        """Every occurrence as (start, word), in text order."""
        return sorted((start, self.words[word]) for word, start, _ in self._matches(text))


def alternation(words: Iterable[str]) -> str:
    """A regular expression matching any of `words`, as a trie: one branch a letter, not one a
    word (Python's engine tries an alternation's branches one by one at every position it
    reaches: 50 number words are 50 tries, the trie one or two). Among the words that match
    at a position (each a prefix of the next), it tries the longest first, then shorter ones,
    as an alternation of the words sorted longest first does: the two match alike."""
    trie: dict = {}
    for word in words:
        node = trie
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}
    return _branches(trie)


def _branches(node: dict) -> str:
    branches = [re.escape(letter) + _branches(child) for letter, child in sorted(node.items())
                if letter]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body
