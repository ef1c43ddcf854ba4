"""Event linking: which articles of the archive report the same incident.

A site-level step run at build time over the whole archive (it needs every article), and a pure
function of the articles' metadata: `link_events(articles)` gives each article an event id, the
same for the same archive on any machine. The stages, one module each:

* lexicon.py: the kinds of incident, in Indonesian and English (data/event-kinds.toml);
* profiles.py: what linking reads of one article (date, places with their areas, kinds, the
  words and figures of title and body), kept in the database between builds;
* rarity.py: how rare a word is in the language (wordfreq's lists), and the words weighed by it;
* blocking.py: which pairs are scored (same few days AND a shared specific place or rare
  word), in one pass over the archive in date order;
* scores.py: a pair's probability of being one incident, from a logistic model fitted on
  labelled pairs (data/event-model.json; fit.py refits it and cross-validates by incident);
* grouping.py: groups by average linkage, their ids (the first report's slug), and a
  person's `event:` in front matter, which decides over the linker;
* gather.py: the events for pages and data (kinds, places, the toll most reports give).
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

# Imported now (every other module here needs it), and so that the name `lexicon` is the
# function, not the submodule of that name.
from site_builder.events.lexicon import Lexicon, fold, lexicon

if TYPE_CHECKING:
    from site_builder.events.blocking import (
        Linked,
        blocking_keys,
        candidate_pairs,
        choose,
        link_events,
        link_ranked,
        undated_evidence,
        undated_of,
        window,
    )
    from site_builder.events.gather import Event, Events, gather_events, profile_kinds
    from site_builder.events.grouping import NO_EVENT, assign_ids, average_linkage
    from site_builder.events.profiles import Profile, profile
    from site_builder.events.scores import pair_features, pair_score

# Each name's module, imported when the name is first asked for (PEP 562): a build that
# only makes one article's profile (site.py), or checks the link tables' stamp (link.py),
# imports profiles.py and lexicon.py, not the whole linker and rapidfuzz.
_HOMES = {
    "blocking": ["Linked", "blocking_keys", "candidate_pairs", "choose", "link_events",
                 "link_ranked", "undated_evidence", "undated_of", "window"],
    "gather": ["Event", "Events", "gather_events", "profile_kinds"],
    "grouping": ["NO_EVENT", "assign_ids", "average_linkage"],
    "profiles": ["Profile", "profile"],
    "scores": ["pair_features", "pair_score"],
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}

__all__ = ["NO_EVENT", "Event", "Events", "Lexicon", "Linked", "Profile", "assign_ids",
           "average_linkage", "blocking_keys", "candidate_pairs", "choose", "fold",
           "gather_events", "lexicon", "link_events", "link_ranked", "pair_features",
           "pair_score", "profile", "profile_kinds", "undated_evidence", "undated_of",
           "window"]


def __getattr__(name: str) -> object:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
