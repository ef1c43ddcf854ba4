"""The words and shapes a dateline's parts are read by: what reads as a newsroom's name (media
words, desks, brands, domains), and what reads as a date. Kept apart from dateline.py, which
reads a head's parts in order, so that attribution.py and the casualty rules share them."""
from __future__ import annotations

import re

# A web domain: an outlet ("KOMPAS.com", "radar24.id").
DOMAIN = re.compile(r"^[A-Za-z0-9][\w-]*(?:\.[A-Za-z0-9-]+)*\.(?:com|co\.id|id|net|org|co|tv|"
                    r"news|info|online|web\.id|my\.id|or\.id|go\.id|ac\.id|co\.uk|in)$",
                    re.IGNORECASE)
# Words between a newsroom's name's words ("Voice of the People Today", "Harian X dan Pos").
NAME_CONNECTORS = frozenset({"dan", "and", "of", "de", "la", "el", "al", "the", "di", "van",
                             "der", "du", "des", "da", "do"})
# Words a newsroom's name ends with ("Seven News", "Jakarta Post"); glued, GLUED_MEDIA.
MEDIA_WORDS = frozenset({
    "news", "times", "post", "tv", "channel", "radio", "journal", "tribune", "herald", "daily",
    "gazette", "online", "today", "pos", "harian", "media", "press", "chronicle", "telegraph",
    "guardian", "observer", "independent", "network",
})
# A lower-case brand, a newsroom's own channel: "detikcom", "detikJabar".
LOWER_BRAND = re.compile(r"^[a-z]{3,}(?:com|[A-Z][A-Za-z]{2,})$")
GLUED_MEDIA = re.compile(r"^[A-Z0-9]{3,}(?:NEWS|TV|ONLINE|POS|TIMES|MEDIA)$"   # GOTVNEWS
                         r"|^[a-z0-9]{3,}(?:news|tv|online|pos|times|media)$")
# Desks that follow an outlet's name in Indonesian datelines ("MerahPutih Internasional -").
DESK_WORDS = frozenset({
    "internasional", "nasional", "regional", "daerah", "megapolitan", "olahraga", "bisnis",
    "ekonomi", "hiburan", "tekno", "teknologi", "otomotif", "global", "dunia", "international",
    "national", "world",
})
# US states and Canadian provinces as AP style abbreviates them after the town ("RYE, N.Y. —",
# "PARADISE, Calif. (AP) —"); the states written in full are the gazetteer's.
STATE_ABBREVIATIONS = frozenset({
    "ala.", "ariz.", "ark.", "calif.", "colo.", "conn.", "del.", "fla.", "ga.", "ill.", "ind.",
    "kan.", "ky.", "la.", "md.", "mass.", "mich.", "minn.", "miss.", "mo.", "mont.", "neb.",
    "nev.", "n.h.", "n.j.", "n.m.", "n.y.", "n.c.", "n.d.", "okla.", "ore.", "pa.", "r.i.",
    "s.c.", "s.d.", "tenn.", "vt.", "va.", "wash.", "w.va.", "wis.", "wyo.", "d.c.",
    "alta.", "b.c.", "man.", "n.b.", "n.s.", "nfld.", "ont.", "p.e.i.", "que.", "sask.",
})


def province_abbreviation(text: str) -> bool:
    """Whether a head's part is a US state or a Canadian province as AP abbreviates it."""
    return text.casefold() in STATE_ABBREVIATIONS


# A head's part that is a date ("Sabtu, 18 April 2015", "May 27", "2/1").
MONTHS = ("jan|feb|mar|apr|may|mei|jun|jul|aug|agu|agt|sep|oct|okt|nov|dec|des|january|"
          "february|march|april|june|july|august|september|october|november|december|"
          "januari|februari|maret|juni|juli|agustus|oktober|desember")
WEEKDAYS = ("senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|monday|tuesday|wednesday|"
            "thursday|friday|saturday|sunday")
DATE_PART = re.compile(
    rf"^(?:(?:{WEEKDAYS})\b.*|.*\b(?:{MONTHS})\.?\s+\d{{1,2}}\b.*|.*\b\d{{1,2}}\s+(?:{MONTHS})\b.*"
    rf"|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{4}})$", re.IGNORECASE)


def reads_as_prose(name: str) -> bool:
    """Whether a media-word-ended line is a sentence, not a name: a name's words before its
    media word are capitalised, connectors ("Voice of the People Today", "Harian Rakyat dan
    Pos") or brands written with a dot or an inner capital ("merdeka.com News", "tvOne
    News"); "Stay up to date with notifications from The Independent" or "Subscribe to The
    Independent", a web page's prompt kept in a copy, is not."""
    return any(word[:1].islower() and word.casefold() not in NAME_CONNECTORS
               and "." not in word and word[1:] == word[1:].lower()
               for word in name.split()[:-1])


def outlet_shaped(name: str) -> bool:
    """A name that reads as a newsroom's: ending in a media word, glued or not."""
    words = name.split()
    return bool(words) and (bool(GLUED_MEDIA.match(words[-1])) or
                            (len(words) > 1 and words[-1].casefold() in MEDIA_WORDS))
