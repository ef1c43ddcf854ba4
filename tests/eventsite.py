"""A tiny archive for the event tests: content pages written as extract (or a person) would,
so the tests do not depend on what extraction makes of a text.

Two reports of one market fire in East Jakarta, one Indonesian and one English (the toll rose
from three to four between them); a house fire in the same city two days later; a flood there
the same week.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

EAST_JAKARTA = {"name": "Jakarta Timur", "id": "sb:east-jakarta", "mentions": ["Jakarta Timur"],
                "country": "ID", "kind": "city", "lat": -6.225, "lon": 106.9}


def _site(name: str) -> dict:
    """A precise place the gazetteer lacks, as extract writes it."""
    return {"name": name, "id": f"name:{name.lower().replace(' ', '-')}", "mentions": [name],
            "country": None, "kind": "other", "lat": None, "lon": None}


KRAMAT_JATI = _site("Kramat Jati")


def _count(n: int, text: str) -> dict:
    return {"min": n, "max": n, "text": text}


def report(title: str, day: date, language: str, source: str, places: list[dict],
           killed: dict | None, injured: dict | None, seed: str, body: str) -> dict:
    """One report's front matter (and its body) as a dict."""
    return {"title": title, "date": day, "language": language, "source": source,
            "places": places, "casualties": {"killed": killed, "injured": injured},
            "seed": seed, "body": body}


MARKET_FIRE_ID = report(
    "Kebakaran Pasar Kramat Jati, Tiga Orang Tewas", date(2025, 3, 10), "id", "Kompas.com",
    [KRAMAT_JATI, EAST_JAKARTA], _count(3, "Tiga orang tewas dan dua lainnya luka-luka"),
    _count(2, "Tiga orang tewas dan dua lainnya luka-luka"), "seeds/001-kompas.txt",
    "JAKARTA, KOMPAS.com - Kebakaran melanda Pasar Induk Kramat Jati, Jakarta Timur, "
    "Senin (10/3/2025) dini hari. Tiga orang tewas dan dua lainnya luka-luka.\n\n"
    "Kepala Suku Dinas Gulkarmat Jakarta Timur, Gatot Sulaeman, mengatakan api berasal "
    "dari korsleting listrik di kios sayur blok B. Sebanyak 25 unit mobil pemadam "
    "dikerahkan dan api padam pukul 05.30 WIB.")
MARKET_FIRE_EN = report(
    "Fire at Jakarta's Kramat Jati market kills four", date(2025, 3, 11), "en",
    "Jakarta Globe", [{**KRAMAT_JATI, "mentions": ["Kramat Jati market"]},
                      {**EAST_JAKARTA, "name": "East Jakarta", "mentions": ["East Jakarta"]}],
    _count(4, "killing four people, officials said on Tuesday"), None, "seeds/002-globe.txt",
    "JAKARTA - A fire tore through the Kramat Jati wholesale market in East Jakarta "
    "early on Monday, killing four people, officials said on Tuesday as the toll rose "
    "from three.\n\nGatot Sulaeman of the East Jakarta fire agency said 25 fire engines "
    "fought the blaze in block B, which started from a short circuit at a vegetable stall.")
HOUSE_FIRE = report(
    "Kebakaran Rumah di Cakung, Tidak Ada Korban Jiwa", date(2025, 3, 12), "id", "detik.com",
    [_site("Cakung"), EAST_JAKARTA], _count(0, "Tidak ada korban jiwa dalam kebakaran ini"),
    None, "seeds/003-detik.txt",
    "Jakarta - Kebakaran melanda tiga rumah di Jalan Tipar Cakung, Cakung, Jakarta "
    "Timur, Rabu (12/3/2025). Suku Dinas Gulkarmat Jakarta Timur mengerahkan 12 unit "
    "mobil pemadam.\n\nTidak ada korban jiwa dalam kebakaran ini. Api diduga berasal "
    "dari kompor gas.")
FLOOD = report(
    "Banjir Rendam 200 Rumah di Kampung Melayu", date(2025, 3, 11), "id", "Kompas.com",
    [_site("Kampung Melayu"), EAST_JAKARTA], None, None, "seeds/004-kompas.txt",
    "JAKARTA, KOMPAS.com - Banjir merendam 200 rumah warga di Kampung Melayu, Jakarta "
    "Timur, Selasa (11/3/2025), setelah Sungai Ciliwung meluap.\n\nKetinggian air "
    "mencapai 150 sentimeter dan warga mengungsi ke masjid terdekat.")
ARCHIVE = {"kebakaran-pasar-kramat-jati": MARKET_FIRE_ID,
           "fire-at-kramat-jati-market": MARKET_FIRE_EN,
           "kebakaran-rumah-di-cakung": HOUSE_FIRE,
           "banjir-kampung-melayu": FLOOD}


def write_page(content: Path, slug: str, article: dict, **changes) -> Path:
    """One content page: front matter in DESIGN.md's schema, then the body."""
    meta = {k: v for k, v in {**article, **changes}.items() if k != "body"}
    meta = {"title": meta.pop("title"), "slug": slug, **meta}
    meta["casualties"] = {"missing": None, "mentions": [], **meta["casualties"]}
    content.mkdir(parents=True, exist_ok=True)
    path = content / f"{slug}.md"
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    path.write_text(f"---\n{front}---\n\n{article['body']}\n", encoding="utf-8")
    return path


def write_archive(root: Path, pages: dict[str, dict] | None = None) -> None:
    for slug, article in (ARCHIVE if pages is None else pages).items():
        write_page(root / "content", slug, article)
