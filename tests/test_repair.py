"""Seeds repaired when read: mojibake, C1 control characters, odd whitespace; the rest untouched,
and the repair reported by `extract`, `build` and `check`."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from site_builder.repair import repair_text
from site_builder.seeds import read_seed

from sitetools import EVAL_DEV

C1 = re.compile("[\x80-\x9f]")
DAMAGED = "EVAL_DEV 124 (Windows-1252 quotes stored as C1 controls)"


def test_c1_controls_become_the_windows_1252_punctuation_they_stood_for():
    fixed = repair_text("PARAVOOR, India \x97 Medical teams said \x93it was chaos\x94 and "
                        "\x91fast\x92.")
    assert fixed.text == "PARAVOOR, India — Medical teams said “it was chaos” and ‘fast’."
    assert fixed.fixes == ("5 Windows-1252 quotes, dashes or symbols stored as C1 control "
                           "characters (U+0091..U+0097) decoded",)


def test_mojibake_is_decoded():
    fixed = repair_text("Presiden mengatakan, â€œKami tidak akan mundur.â€\x9d Kota "
                        "SÃ£o Paulo.")
    assert fixed.text == "Presiden mengatakan, “Kami tidak akan mundur.” Kota São Paulo."
    assert any("mojibake" in fix for fix in fixed.fixes)


def test_odd_whitespace_becomes_plain_spaces_and_invisible_characters_go():
    fixed = repair_text("Korban\u00a0tewas  \u00a0 di\tJakarta, Ja\u200bkarta; ke\u00adbakaran")
    assert fixed.text == "Korban tewas di Jakarta, Jakarta; kebakaran"
    assert fixed.fixes == ("3 tab, no-break or other odd space(s) made plain spaces; "
                           "2 zero-width character(s) or soft hyphen(s) removed",)


def test_control_characters_and_terminal_escapes_are_removed():
    fixed = repair_text("Banjir\x1b[31m besar\x1b[0m di\x07 Bekasi")
    assert fixed.text == "Banjir besar di Bekasi"
    assert len(fixed.fixes) == 2


@pytest.mark.parametrize("text", [
    "Plain ASCII text, with  two spaces and -- dashes.",
    "Curly “quotes”, ‘single’ ones — dashes – and … ellipses stay.",
    "Accents stay: São Paulo, Göztepe, Bogotá, naïve café; ligature ﬁ; ＦＵＬＬ width.",
    "Entities are text here: &amp; &lt;b&gt; and a % sign; 1.200 orang.",
    "Indonesian: “Kami tidak akan mundur,” kata Presiden. Gempa M 5,6.",
    "Line one.\nLine two.\n",
])
def test_text_without_damage_comes_out_byte_for_byte(text):
    fixed = repair_text(text)
    assert fixed.text == text
    assert fixed.fixes == ()


# ftfy's mojibake heuristic is looked for near non-ASCII characters only (repair.py): that holds
# while each sequence it matches is short and holds one. Checked on its expression, so an ftfy
# release that changed it fails here rather than leaving mojibake in the archive.
def test_ftfys_mojibake_sequences_are_short_and_hold_a_non_ascii_character():
    import re._parser as parser

    from ftfy.badness import BADNESS_RE

    from site_builder.repair import _REACH

    def non_ascii_only(item) -> bool:
        op, value = item
        if op is parser.LITERAL:
            return value > 0x7F
        if op is parser.IN:
            return all((kind is parser.LITERAL and v > 0x7F)
                       or (kind is parser.RANGE and v[0] > 0x7F) for kind, v in value)
        return False

    branches = parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert len(branches) == 1 and branches[0][0] is parser.BRANCH
    for branch in branches[0][1][1]:
        assert branch.getwidth()[1] <= _REACH, branch
        assert any(non_ascii_only(item) for item in branch), branch


@given(st.lists(st.sampled_from(["a", "Z", " ", "\n", ".", "Ã", "Â", "â", "€", "œ", "™", "©",
                                 "\xa0", "é", "Ø", "Г", "ў", "В", "Ђ", "°", "²", "ā"]),
                max_size=60))
def test_looking_near_non_ascii_characters_finds_what_ftfy_finds(parts):
    from ftfy.badness import is_bad

    from site_builder.repair import _may_be_mojibake
    text = "".join(parts)
    assert _may_be_mojibake(text) or not is_bad(text)


def test_a_damaged_seed_is_repaired_built_and_reported(make_site):
    site = make_site(seeds={
        "damaged.txt": "TITLE: Kebakaran di Bekasi \x97 5 tewas\n"
                       "BEKASI, KOMPAS.com\u00a0- Kebakaran melanda Bekasi pada Senin "
                       "(3/11/2025), kata polisi, \x93lima orang tewas\x94.\n",
        "clean.txt": "TITLE: Banjir di Bogor\nBOGOR, KOMPAS.com - Banjir melanda Bogor pada "
                     "Senin (3/11/2025).\n"},
        config='language = "id"\n')
    built = site.run("build")
    assert built.code == 0, built.err
    [line] = [line for line in built.err.splitlines() if "repaired" in line and ":" in line
              and "seeds" in line]
    assert "damaged.txt: repaired on reading: 3 Windows-1252" in line
    assert "1 tab, no-break or other odd space(s)" in line
    assert "1 seed(s) repaired" in built.err
    [page] = [p for p in site.pages() if "kebakaran" in p.stem]
    text = page.read_text(encoding="utf-8")
    assert not C1.search(text) and "\u00a0" not in text
    assert "Kebakaran di Bekasi — 5 tewas" in text
    assert "KOMPAS.com - Kebakaran melanda Bekasi" in text and "“lima orang tewas”" in text
    html = site.html(f"articles/{page.stem}/index.html")
    assert not C1.search(html) and "“lima orang tewas”" in html

    checked = site.run("check")
    assert checked.code == 0, checked.err
    review = [line for line in checked.err.splitlines() if "repaired on reading" in line]
    assert len(review) == 1 and page.name in review[0] and "seeds/damaged.txt" in review[0]


@pytest.fixture
def article_124():
    path = EVAL_DEV / "articles" / "124.txt"
    if not path.exists():
        pytest.skip("../shared/eval-dev is not beside this clone")
    return path


def test_real_article_with_c1_controls_is_repaired_and_nothing_else_changes(article_124,
                                                                          tmp_path):
    raw = article_124.read_text(encoding="utf-8")
    assert C1.search(raw), "the example is meant to hold C1 controls"
    seed = read_seed(article_124, article_124.parent)
    expected = "".join(ch.encode("latin-1").decode("cp1252") if C1.match(ch) else ch
                       for ch in raw)      # each C1 control read as the cp1252 byte it was
    title, _, body = expected.partition("\n")
    assert seed.title == title.removeprefix("TITLE: ").strip()
    assert seed.body == "\n".join(line.strip() for line in body.split("\n") if line.strip())
    assert seed.repairs == (f"{len(C1.findall(raw))} Windows-1252 quotes, dashes or symbols "
                            "stored as C1 control characters (U+0091..U+0097) decoded",)
    assert "PARAVOOR, India — Medical teams" in seed.body


def test_real_article_repair_is_reported_by_extract_and_check(article_124, make_site):
    site = make_site(seed_files=[article_124], config='language = "en"\n')
    extracted = site.run("extract")
    assert extracted.code == 0, extracted.err
    assert re.search(r"seeds/124\.txt: repaired on reading: \d+ Windows-1252", extracted.err)
    [page] = site.pages()
    assert "PARAVOOR, India — Medical teams" in page.read_text(encoding="utf-8")
    checked = site.run("check")
    assert "its seed seeds/124.txt was repaired on reading" in checked.err


def test_ftfy_is_consulted_wherever_its_mojibake_test_could_match():
    """A seed is read without importing ftfy when its text cannot hold what ftfy's mojibake
    test looks for (repair.py: a C1 control, Œ œ Ã Â, or two non-ASCII characters side by
    side). Checked against the installed ftfy: every character its expression names, and the
    Latin, Greek and Cyrillic blocks and punctuation, alone among ASCII neighbours; wherever
    ftfy finds mojibake, the pre-check lets it look."""
    from ftfy.badness import BADNESS_RE, is_bad

    from site_builder.repair import _MAY_BE_BAD
    named = {c for c in BADNESS_RE.pattern if not c.isascii()}
    chars = named | {chr(n) for n in [*range(0x80, 0x600), *range(0x2000, 0x2300)]}
    sides = ["", "a", "Z", " ", ".", ",", "1", "\n", "a ", "x.", "?"]
    bad = [text for c in sorted(chars) for left in sides for right in sides
           if is_bad(text := f"{left}{c}{right}")]
    assert bad                            # the test sees what ftfy flags (e.g. "a Ã ")
    assert [text for text in bad if not _MAY_BE_BAD.search(text)] == []


def test_text_with_accents_and_curly_quotes_is_read_as_written(tmp_path):
    text = "Gubernur mengatakan, “Kami siap.” Café — São Paulo, Zürich ‘aman’ – résumé.\n"
    seed = tmp_path / "a.txt"
    seed.write_text(text, encoding="utf-8")
    read = read_seed(seed, tmp_path)
    assert (read.body, read.repairs) == (text.strip(), ())
