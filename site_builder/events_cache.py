"""Event linking with what the last build learnt, kept in the cache folder.

Linking reads every article's title and lede (its profile, events.py) and compares the
archive's reports; at 10,000 articles that is seconds, every build. Most rebuilds change no
profile (a typo fixed past the lede, a tag added, a source corrected): then the last build's
event ids are still right and are used as they are. When a profile changed, the archive is
linked again, reading only the new or edited articles' text (the others' profiles are kept).
Nothing here changes what the ids are: a fresh clone with no cache gets the same ones.

Files, in the cache folder: `event-digests.json` (article key → its profile's digest, and the
ids the last linking gave, with the digest of all the profiles they came from) and
`event-profiles.pickle` (article key → profile). A missing or damaged file costs only time.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path

from site_builder.events import Events, Profile, gather_events, lexicon_stamp, link_events, profile
from site_builder.model import Article

DIGESTS, PROFILES = "event-digests.json", "event-profiles.pickle"
VERSION = 1


def find_events(articles: Sequence[Article], cache_dir: Path,
                key_of: Callable[[Article], str]) -> Events:
    """Link the archive's reports and gather them into events: the whole step. `key_of` gives
    a hash of everything an article's page holds (render.article_key)."""
    keys = [key_of(a) for a in articles]
    state = _load_json(cache_dir / DIGESTS)
    known: dict[str, str] = state.get("digests", {})
    fresh = {key: profile(a) for a, key in zip(articles, keys, strict=True) if key not in known}
    digests = {key: fresh[key].digest if key in fresh else known[key] for key in keys}
    combined = hashlib.sha1("\n".join(sorted(digests.values())).encode()).hexdigest()
    ids: dict[str, str] = state.get("ids", {})
    if state.get("combined") == combined and all(a.slug in ids for a in articles):
        result = [ids[a.slug] for a in articles]
    else:
        profiles = _profiles(articles, keys, fresh, cache_dir)
        result = link_events(articles, profiles)
        ids = {a.slug: event for a, event in zip(articles, result, strict=True)}
    if state.get("combined") != combined or fresh or len(known) != len(digests):
        _save_json(cache_dir / DIGESTS, {"version": _version(), "digests": digests,
                                         "combined": combined, "ids": ids})
    return gather_events(articles, result)


def _profiles(articles: Sequence[Article], keys: list[str], fresh: dict[str, Profile],
              cache_dir: Path) -> list[Profile]:
    """Every article's profile: kept ones from the last build, the others read now; the
    file is written again (without the vectors linking adds) when any was read."""
    stored: dict[str, Profile] = {}
    if len(fresh) < len(keys):
        try:
            with (cache_dir / PROFILES).open("rb") as handle:
                version, stored = pickle.load(handle)
            if version != _version():
                stored = {}
        except Exception:              # missing or damaged: read the articles again
            stored = {}
    profiles = [fresh.get(key) or stored.get(key) or profile(article)
                for article, key in zip(articles, keys, strict=True)]
    if fresh or len(stored) != len(keys):
        cache_dir.mkdir(parents=True, exist_ok=True)
        _replace(cache_dir / PROFILES, pickle.dumps(
            (_version(), dict(zip(keys, profiles, strict=True))),
            protocol=pickle.HIGHEST_PROTOCOL))
    return profiles


def _version() -> str:
    return f"{VERSION}:{lexicon_stamp()}"


def _load_json(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        return state if isinstance(state, dict) and state.get("version") == _version() else {}
    except (OSError, ValueError):
        return {}


def _save_json(path: Path, state: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, json.dumps(state, sort_keys=True).encode("utf-8"))


def _replace(target: Path, data: bytes) -> None:
    tmp = target.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_bytes(data)
    tmp.replace(target)
