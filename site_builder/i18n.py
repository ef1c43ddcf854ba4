"""UI translations and locale-aware formatting, from Babel.

Message catalogs are plain `.po` files under `site_builder/locale/<lang>/LC_MESSAGES/`, compiled
in memory with Babel at start-up (no binary `.mo` in the repository, nothing to compile by hand).
Dates and numbers are formatted with Babel's CLDR data for the site language; results are
memoised, since the same dates and figures appear on many list pages.
"""
from __future__ import annotations

import io
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from site_builder.model import Count

LOCALE_DIR = Path(__file__).parent / "locale"


@lru_cache(maxsize=8)
def translations(language: str) -> NullTranslations:
    """The UI catalog of a language; English text (the msgids) when there is none."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


@lru_cache(maxsize=65536)
def long_date(value: date | None, language: str) -> str:
    """'Minggu, 01 November 2020' / 'Sunday, November 1, 2020'."""
    return format_date(value, "full", locale=language) if value else ""


@lru_cache(maxsize=65536)
def short_date(value: date | None, language: str) -> str:
    """'1 Nov 2020' / 'Nov 1, 2020'."""
    return format_date(value, "medium", locale=language) if value else ""


@lru_cache(maxsize=4096)
def month_name(year: int, month: int, language: str) -> str:
    """'November 2020' in the site language."""
    return format_date(date(year, month, 1), "LLLL yyyy", locale=language)


@lru_cache(maxsize=65536)
def number(value: int | float, language: str) -> str:
    """1200 → '1.200' (id) or '1,200' (en)."""
    return format_decimal(value, locale=language)


def figure(count: Count | None, language: str) -> str:
    """A casualty figure as short text: '17', '1.200+', '200–999', '≤54.700', '0'."""
    if count is None:
        return ""
    low, high = count.min, count.max
    if low is not None and high is not None:
        return number(low, language) if low == high else \
            f"{number(low, language)}–{number(high, language)}"
    if low is not None:
        return f"{number(low, language)}+"
    if high is not None:
        return f"≤{number(high, language)}"
    return "?"


@lru_cache(maxsize=65536)
def figure_words(count: Count | None, kind: str, language: str) -> str:
    """The figure with its qualifier in words: 'more than 1,200 killed', 'lebih dari 1.200
    tewas', '200–999 injured', 'nearly 54,700 killed', 'no one killed'."""
    if count is None:
        return ""
    _ = translations(language).gettext
    noun = {"killed": _("killed"), "injured": _("injured"), "missing": _("missing")}[kind]
    low, high = count.min, count.max
    if low == 0 and high == 0:
        return {"killed": _("no one killed"), "injured": _("no one injured"),
                "missing": _("no one missing")}[kind]
    if low is not None and high is None:
        return _("at least %(n)s %(what)s") % {"n": number(low, language), "what": noun}
    if low is None and high is not None:
        return _("up to %(n)s %(what)s") % {"n": number(high, language), "what": noun}
    return f"{figure(count, language)} {noun}"
