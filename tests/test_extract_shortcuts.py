"""The shortcuts that make extraction fast find what the slow forms they replace found.

Each rule that was sped up now tries its pattern only where a cheaper test says it can match;
these properties check, on generated text, that the cheap test never misses a match.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import site_builder.extract as extract
from site_builder.extract import agencies, casualties, dates, language, place_tokens
from site_builder.extract.casualties import _NEGATED, _TRIGGER, _negated, mentions_kind
from site_builder.extract.lines import line_matches, sub_lines
from site_builder.extract.literals import Literals, alternation

# Text built from the words the rules look for, their pieces, and letters case folding treats
# specially, so that matches (and near misses) are frequent.
_PIECES = ["korban", "tewas", "dead", "died", "deadead", "luka", "kemarin", "hari ini",
           "Hari Ini", "today", "TODAY", "yesterday", "Minggu", "Sunday", "Wednesday", "Juni",
           "June", "Jan.", "12", "7", "2025", " ", ", ", ". ", "\n", "-", "(", ")", "a", "s",
           "\u0130", "\u0131", "\u017f", "\u212a", "told", "kepada", "Pantauan", "AFP",
           "AP", "dpa", "Reuters", "REUTERS", "The Associated Press", "ANTARA", "xdpa", "dilansir",
           "JAPAN", "Thomson ", "é", "_", "/", "tidak ada", "tak ada", "no", "not", "nihil",
           "tanpa", "belum ada", "orang"]
texts = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _find_loop(text: str, words: tuple[str, ...]) -> list[int]:
    """What the rules did before: one str.find loop a word."""
    found = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1)
    return sorted(found)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_literals_find_every_start_the_find_loops_found(text: str) -> None:
    words = ("korban", "korban luka", "dead", "die", "died", "told", "kepada", "Pantauan")
    assert Literals(words).starts(text) == _find_loop(text, words)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_trigger_test_agrees_with_a_scan_of_the_whole_text(text: str) -> None:
    low = text.lower()
    for kind in ("killed", "injured", "missing"):
        whole = any(m.lastgroup == kind for m in _TRIGGER.finditer(low))
        assert mentions_kind(text, kind) == whole


@settings(max_examples=300, deadline=None)
@given(texts)
def test_negations_are_read_wherever_the_pattern_matches(text: str) -> None:
    low = text.lower()[-24:]
    assert _negated(low) == (_NEGATED.search(low) is not None)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_relative_days_are_looked_for_wherever_the_pattern_matches(text: str) -> None:
    if dates._RELATIVE.search(text):
        assert dates._may_be_relative(text)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_lone_weekdays_are_the_capitalised_words_that_name_a_weekday(text: str) -> None:
    every_word = [m.span() for m in re.finditer(r"\b[A-Z][a-z]{3,7}\b", text)
                  if m.group(0).lower() in dates.WEEKDAYS_FULL]
    assert [m.span() for m in dates._WEEKDAY_WORD.finditer(text)] == every_word


def test_report_dates_read_as_before() -> None:
    """The shortcuts change no reading: a lone weekday, a relative day, a month-day form."""
    reference = date(2025, 11, 25)
    assert dates.find_report_date("Polisi mengatakan Minggu, korban tewas.", "id",
                                  reference).value == date(2025, 11, 23)
    assert dates.find_report_date("The bridge fell yesterday, officials said.", "en",
                                  reference).value == date(2025, 11, 24)
    assert dates.find_report_date("WASHINGTON, June 5, 2025 (UPI) -- Two died.", "en",
                                  reference).value == date(2025, 6, 5)


@settings(max_examples=500, deadline=None)
@given(st.one_of(texts, st.text(alphabet="AFPNTRdpax- .(é", max_size=40)))
def test_agency_mentions_are_found_at_every_capitalised_first_word(text: str) -> None:
    """The agencies' first words found in one pass give the mentions a scan of every
    capitalised word gave."""
    table = agencies._table()
    before = []
    for word in re.finditer(r"[A-Z][A-Za-z-]*|dpa", text):
        if word.group(0) in table.first_words:
            match = table.mention.match(text, word.start())
            if match and match.lastgroup:
                before.append((match.span(), table.agencies[match.lastgroup]))
    assert [(m.span(), a) for m, a in agencies._mentions(text)] == before


_LANGUAGE_WORDS = ["yang", "dan", "di", "the", "and", "of", "The", "DAN", "its", "it's", " ",
                   ", ", "\u2019", "é", "\u0130", "\u212a", "x", "said", "saidé", "1", "\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_LANGUAGE_WORDS), max_size=40).map("".join))
def test_language_counts_the_words_a_letter_regex_finds(text: str) -> None:
    """Function words counted in the bytes split gives the language the runs of a-z that
    `re.findall` found gave."""
    words = re.findall(r"[a-z]+", text.lower())
    english = sum(w in language._ENGLISH for w in words)
    indonesian = sum(w in language._INDONESIAN for w in words)
    assert language.detect_language(text) == ("en" if english > indonesian else "id")


_PLACE_WORDS = ["jalan", "Jalan", "di", "and", "of", "tol", "kota", "jalan-jalan", "a.m.", "a.M.",
                "U.S.", "s", "'s", "\u2019s", "al-", "Al-", "x", "Gaza", "JAKARTA", "diJalur",
                "KecamatanLamongan", "é", "É", "dánau", "\u0301", "ß", "\u01c5", "_", "-", "'",
                "\u2019", ".", " ", "  ", "\u00a0", "\n", ",", "(", "12", "3a", "İ", "ﬁ"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PLACE_WORDS), max_size=30).map("".join))
def test_place_tokens_are_those_the_word_pattern_finds(text: str) -> None:
    """The place scan's tokenizer leaves lower-case ASCII words to its regex (they never reach
    Python); it gives the tokens that a match of the word pattern at every word, filtered one
    word at a time as before, gave."""
    before = []
    for match in place_tokens._TOKEN.finditer(text):
        word, start = match.group(), match.start()
        if word.islower() and word not in place_tokens.KEPT_LOWER \
                and not word.endswith(place_tokens._POSSESSIVE):
            continue
        if word.endswith(place_tokens._POSSESSIVE) and len(word) > 3:
            word = word[:-2]              # "Uganda's"
        if word.islower():
            if word in place_tokens.KEPT_LOWER:
                before.append((word, start, start + len(word)))
            continue
        before += [(piece, start + offset, start + offset + len(piece))
                   for piece, offset, *_ in place_tokens._pieces(word)]
    assert [(t.text, t.start, t.end) for t in place_tokens._tokens(text)] == before


_TRIE_WORDS = ["a", "ab", "abc", "b", "ba", "lebih", "lebih dari", "se-", "x.y", "é", "ée"]


@settings(max_examples=500, deadline=None)
@given(st.sets(st.sampled_from(_TRIE_WORDS), min_size=1),
       st.lists(st.sampled_from([*_TRIE_WORDS, " ", "c", "-", "."]), max_size=20).map("".join))
def test_a_word_trie_matches_as_the_words_sorted_longest_first(words: set[str], text: str) -> None:
    """`alternation` (the trie the number words are matched by) finds what an alternation of
    the words, longest first, found: the same spans, with what follows them backtracked."""
    listed = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    for tail in ("", r"\b", r"(?:\s*c)?", r"(?![a-z])"):
        trie = re.compile(f"(?:{alternation(words)}){tail}")
        assert [m.span() for m in trie.finditer(text)] == \
            [m.span() for m in re.finditer(f"(?:{listed}){tail}", text)]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["1", "12", "/", "//", " ", "a", "\u0661", "\u00b2", "(", ")"]),
                max_size=30).map("".join))
def test_numeric_dates_are_looked_for_at_every_digit_slash_digit(text: str) -> None:
    assert list(dates._digit_slashes(text)) == [m.start() for m in re.finditer(r"\d/\d", text)]


# Each of the patterns' forms whole ("selama dua pekan terakhir", "tahun 2019"), and pieces.
_CLAUSE_WORDS = ["so far", "to date", "sejauh ini", "hingga kini", "secara keseluruhan",
                 "already this month", "this year", "tahun ini", "bulan ini",
                 "over the last weeks", "in the past two years", "selama pekan terakhir",
                 "dalam dua tahun terakhir", "sejak saat itu", "since then", "sejak 2",
                 "since juni", "sebelumnya", "previously", "earlier this year", "last year",
                 "tahun lalu", "pada 1998", "in 2019", "tahun 2020", "the", "last", "past",
                 "terakhir", "sejak", "since", "pada", "tahun", "in", "20", "19", " ", "  ", "\n",
                 ",", "x"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_CLAUSE_WORDS), max_size=20).map("".join))
def test_background_and_running_totals_are_read_wherever_their_patterns_match(text: str) -> None:
    assert casualties._said(casualties._BACKGROUND, casualties._BACKGROUND_WORDS, text) == \
        (casualties._BACKGROUND.search(text) is not None)
    assert casualties._said(casualties._CUMULATIVE, casualties._CUMULATIVE_WORDS, text) == \
        (casualties._CUMULATIVE.search(text) is not None)


_LINE_PIECES = ["AP", "Reuters", "By Jo Doe | ", "Copyright 2025 The ", "writers", " reporter",
                "Judul Pendek Berita Ini Di Sini", "kalimat biasa.", "x", " ", "\n", "\n\n", ".",
                "Jakarta, ", " contributed", " 12 3", "\u2014 "]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_LINE_PIECES), max_size=25).map("".join), st.integers(0, 40))
def test_line_patterns_are_tried_at_line_starts_and_match_as_everywhere(text: str,
                                                                         pos: int) -> None:
    """Credit lines and headlines set in a body, found by trying their patterns at the lines'
    starts only: what `finditer` over every character finds."""
    pos = min(pos, len(text))
    for pattern in (agencies._CREDIT, casualties._HEADLINE_LINE):
        assert [m.span() for m in line_matches(pattern, text, pos)] == \
            [m.span() for m in pattern.finditer(text, pos)]


_LINKED_PIECES = ["Baca juga: ", "BACA JUGA", "Related", "Related fires", "see also", "Simak Juga ",
                  "Korban (ANTARA FOTO/Reuters)", "(Foto: AP)", ".", " ", "\t", "\n", "x", "|"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_LINKED_PIECES), max_size=25).map("".join))
def test_lines_are_replaced_as_the_patterns_sub_replaces_them(text: str) -> None:
    """Links to other stories and photo captions, blanked at the lines' starts only."""
    for pattern in (extract._LINK_TO_OTHER_STORY, dates._CAPTION):
        assert sub_lines(pattern, text, lambda m: f"<{len(m.group())}>") == \
            pattern.sub(lambda m: f"<{len(m.group())}>", text)


@pytest.mark.parametrize("pattern, text", [(r"(?m)^[^\n]*$", "a\n\nb"), (r"(?m)^x?", "")])
def test_a_pattern_that_matches_an_empty_line_is_refused_not_looped_on(pattern: str,
                                                                      text: str) -> None:
    """The line walk keeps finditer's order for patterns that never match empty (all its
    callers'); one that does is named in an error rather than yielded without end."""
    with pytest.raises(ValueError, match="matched an empty string"):
        list(line_matches(re.compile(pattern), text))
