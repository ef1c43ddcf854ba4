"""Front matter written without PyYAML's representer is byte for byte what PyYAML writes, and
reads back as what was written: on real-looking pages and on hostile, unicode and long values
(the writer hands what it does not know to PyYAML)."""
from __future__ import annotations

from datetime import date

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.yaml_writer import dump

# What PyYAML reads as something else, or must quote, or folds.
TRICKY = ["", " ", "yes", "No", "on", "OFF", "null", "~", "Null", "true", "123", "-1", "0x1F",
          "1_000", "1.5", ".5", "1e3", ".inf", "-.INF", ".nan", "2020-01-01",
          "2020-01-01 10:00:00", "<<", "=", "- item", "-", "--", "---", "--- x", "...", "? q",
          ":", ": x", "a: b", "a:", "a:b", "x #y", "x#y", "#tag", "'quoted'", '"double"',
          "it's", "[list]", "{map}", "a, b", "&anchor", "*alias", "!tag", "|", ">", "%", "@",
          "`", "trailing ", " leading", "two  spaces", "tab\there", "line\nbreak", "cr\rlf",
          "nel\x85", "ls\u2028", "nbsp\xa0x", "zw\u200bx", "bom\ufeffx", "emoji 🔥", "é", "日本",
          "\x00nul", "\x7fdel", "\x1bescape", "Kebakaran <img src=x onerror=alert(1)>",
          "Minggu (1/11)", "geonames:1642911", "seeds/000_30332d0c8a07f051.txt"]
WORDS = st.one_of(st.sampled_from(TRICKY), st.text(max_size=12),
                  st.text(alphabet="abc é'\":#-? ", max_size=12))


@st.composite
def strings(draw) -> str:
    """A value, a word, or a long sentence of them (to be folded at 100 columns)."""
    parts = draw(st.lists(WORDS, max_size=draw(st.sampled_from([1, 3, 40]))))
    return draw(st.sampled_from([" ", "  ", ", "])).join(parts)


SCALARS = st.one_of(strings(), st.none(), st.booleans(), st.integers(-10**6, 10**12),
                    st.floats(allow_nan=False), st.dates())
COUNT = st.fixed_dictionaries({"min": st.none() | st.integers(0, 999),
                               "max": st.none() | st.integers(0, 999), "text": strings()})
PLACE = st.fixed_dictionaries({
    "name": strings(), "id": strings(), "mentions": st.lists(strings(), max_size=3),
    "country": st.none() | st.sampled_from(["ID", "NO", "ON", "US"]),
    "kind": st.sampled_from(["country", "region", "city", "other"]),
    "lat": st.none() | st.floats(-90, 90), "lon": st.none() | st.floats(-180, 180)})
OPTIONAL = st.fixed_dictionaries({}, optional={
    "url": strings(), "archived_at": strings(), "seed_record": strings(),
    "event": strings(), "review": st.dictionaries(st.sampled_from(["date", "places", "title"]),
                                                  strings(), max_size=3),
    "extra_list": st.lists(SCALARS, max_size=3), "extra": SCALARS,
    "nested": st.dictionaries(st.sampled_from(["a", "b"]), st.lists(SCALARS, max_size=2))})


@st.composite
def front_matters(draw) -> dict:
    meta = {"title": draw(strings()), "slug": draw(strings()),
            "date": draw(st.none() | st.dates()), "date_text": draw(st.none() | strings()),
            "date_confidence": draw(st.sampled_from(["stated", "inferred", "unknown"])),
            "language": draw(st.sampled_from(["id", "en"])),
            "source": draw(st.none() | strings()), "wire": draw(st.none() | strings()),
            "dateline": draw(st.none() | strings()),
            "places": draw(st.lists(PLACE, max_size=3)),
            "casualties": {"killed": draw(st.none() | COUNT), "injured": draw(st.none() | COUNT),
                           "missing": draw(st.none() | COUNT),
                           "mentions": draw(st.lists(COUNT.map(lambda c: {"kind": "killed", **c}),
                                                     max_size=2))},
            "tags": draw(st.lists(strings(), max_size=4))}
    meta.update(draw(OPTIONAL))
    meta["seed"], meta["seed_sha256"] = draw(strings()), "ab" * 32
    return meta


def pyyaml(data: dict) -> str:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front_matters())
def test_front_matter_is_written_as_pyyaml_writes_it(meta):
    written = dump(meta)
    assert written == pyyaml(meta)
    assert yaml.load(written, Loader=yaml.CSafeLoader) == meta


def test_every_tricky_value_everywhere():
    for value in TRICKY + [w * 9 for w in TRICKY] + [" ".join(TRICKY)]:
        meta = {"title": value, "places": [{"name": value, "mentions": [value, value]}],
                "casualties": {"killed": {"min": 1, "text": value}}, "tags": [value],
                "review": {"date": value}, "when": date(2020, 11, 1)}
        assert dump(meta) == pyyaml(meta), value
        assert yaml.load(dump(meta), Loader=yaml.CSafeLoader) == meta


def test_a_long_sentence_folds_as_pyyaml_folds_it():
    sentence = ("Beijing, Jan 4 (IANS) At least 14 people were killed in a landslide that hit "
                "Bijie city in China's Guizhou province, local authorities said on Tuesday")
    meta = {"casualties": {"killed": {"min": 14, "max": None, "text": sentence}},
            "title": "'" + sentence}
    written = dump(meta)
    assert "\n      Guizhou province" in written
    assert written == pyyaml(meta)


def test_a_place_met_again_is_written_as_pyyaml_writes_it_there():
    """The lines of a mapping in a list are kept for the next page that has it: written again
    at another depth, and beside mappings equal to it in Python (1 == 1.0 == True) but not in
    YAML, each is still PyYAML's."""
    place = {"name": "Baku", "id": "geonames:587084", "mentions": ["Baku"], "country": "AZ",
             "kind": "city", "lat": 40.38, "lon": 49.89}
    def again(**change) -> dict:      # a new dict and list (PyYAML writes a shared one once)
        return {**place, "mentions": ["Baku"], **change}
    alike = [again(lat=value) for value in (1, 1.0, True, "1", 0.0, -0.0)]
    pages = [{"places": [again(), *alike]}, {"places": [*alike, again()]},
             {"deeper": {"places": [again(), again()]}}, {"places": [again()]},
             {"places": [{1: "a"}]}, {"places": [{True: "a"}]}]     # keys equal in Python
    for meta in pages + pages:
        assert dump(meta) == pyyaml(meta)


def test_a_page_read_back_holds_the_keys_it_has_and_no_other(tmp_path):
    """A person's own key in the front matter is kept verbatim in the article, and nothing
    the page does not hold is added (the reader once kept its YAML loader as a key)."""
    from site_builder.content import parse_page
    text = ("---\ntitle: Banjir di Demak\ndate: 2025-11-01\nnote: checked by the desk\n"
            "tags:\n- demak\n---\nAir setinggi satu meter.\n")
    article = parse_page(text, tmp_path / "banjir.md")
    assert article.extra == {"note": "checked by the desk"}
    assert article.date == date(2025, 11, 1) and article.tags == ["demak"]
    assert article.to_front_matter()["note"] == "checked by the desk"
