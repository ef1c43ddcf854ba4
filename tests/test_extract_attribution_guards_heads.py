"""Openings main reads right that rules for heads naming no publisher (a public body or a
section before the dash, a time word before the town, an outlet heading ANTARA's copy; branch
`attr`, not landed) read wrong: two reviewers' cases, kept as guards for the next attempt."""
from __future__ import annotations

import pytest
from test_extract_attribution_guards import EN, ID


@pytest.mark.parametrize("text, place", [
    ("Limboto, Gorontalo (ANTARA) -" + ID, "Limboto"),
    ("Tilamuta, Gorontalo (ANTARA) -" + ID, "Tilamuta"),
    ("Ketahun, Bengkulu (ANTARA) -" + ID, "Ketahun"),
    ("Pulau Pramuka, Jakarta (ANTARA) -" + ID, "Pulau Pramuka"),
    ("Sunter, Jakarta (ANTARA) -" + ID, "Sunter"),
])
def test_an_unknown_town_before_antaras_province_is_the_place(attribution, text, place):
    assert attribution(text) == ("ANTARA", None, place)


def test_an_unknown_town_before_singapore_in_bernamas_copy_is_the_place(attribution):
    assert attribution("TUAS, Singapore (Bernama) --" + EN, language="en") == \
        ("Bernama", None, "Tuas")


@pytest.mark.parametrize("text, place", [
    ("FAO, Iraq (Reuters) -" + EN, "Fao"), ("Fao, Iraq (Reuters) -" + EN, "Fao"),
    ("FAO, Iraq, March 22 (Reuters) -" + EN, "Fao"), ("BAIS, Philippines (AP) —" + EN, "Bais"),
    ("BAIS (AP) —" + EN, "Bais"), ("Bais (AP) —" + EN, "Bais"), ("Fao (Reuters) -" + EN, "Fao"),
])
def test_a_town_named_like_a_body_is_the_place(attribution, text, place):
    assert attribution(text, language="en")[2] == place


@pytest.mark.parametrize("text", [
    "DILI (Lusa) -" + EN,
    "Díli (Lusa) - Três pessoas morreram num acidente de viação em Baucau, disse a polícia.",
    "Jakarta, 12 jan (Lusa) - Três pessoas morreram num sismo na ilha de Java, disse a agência.",
])
def test_lusa_in_parentheses_is_the_source(attribution, text):
    assert attribution(text, language="en")[0] == "Lusa"


@pytest.mark.parametrize("text, lang", [
    ("Malam ini, Persib - Persija berlaga di Stadion Gelora Bandung Lautan Api dengan "
     "pengamanan ketat.", "id"),
    ("Tadi malam, Arema - Persebaya diwarnai kericuhan di tribun penonton, tiga orang "
     "luka-luka.", "id"),
    ("Hari ini, Jakarta - Surabaya bisa ditempuh dengan kereta cepat dalam empat jam saja.",
     "id"),
    ("Last night, Leeds - Bradford services were suspended after a landslip near the tracks, "
     "officials said.", "en"),
    ("Last week, Indonesia — the world's largest Muslim-majority nation — hosted a summit on "
     "climate, officials said.", "en"),
    ("This week, Gaza — the enclave's health ministry said 40 people were killed.", "en"),
    ("Hari ini, Jakarta - ibu kota negara - kembali dilanda banjir setinggi satu meter.", "id"),
    ("Pagi ini, Bandung - kota kembang - diselimuti kabut tebal sejak dini hari.", "id"),
    ("Malam ini, Jepang - Timnas Indonesia berlaga di Stadion Saitama.", "id"),
    ("Tadi malam, Liverpool - Everton berakhir imbang tanpa gol di Anfield.", "id"),
    ("Last night, Leicester - Spurs ended 2-2 at the King Power Stadium.", "en"),
])
def test_a_time_phrase_before_a_match_a_route_or_an_aside_is_no_dateline(attribution, text,
                                                                         lang):
    assert attribution(text, language=lang)[2] is None


@pytest.mark.parametrize("text, source", [
    ('"Rates will stay high," an economist told BNN on Monday in Toronto.', "BNN"),
    ('"The water rose within minutes," a farmer told MPR on Sunday in Duluth.', "MPR"),
])
def test_a_broadcaster_named_like_a_body_after_told_is_the_source(attribution, text, source):
    assert attribution(text, language="en")[0] == source


@pytest.mark.parametrize("text, lang, place", [
    ("Yesterday, Kyiv — Russia launched a wave of drones at the capital, officials said.",
     "en", "Kyiv"),
    ("Kemarin, Rafah - Israel kembali menggempur kamp pengungsi di selatan Jalur Gaza.",
     "id", "Rafah"),
    ("Kemarin, Lumajang - Lahar dingin Semeru kembali menerjang permukiman warga.",
     "id", "Lumajang"),
    ("Kemarin, Magelang - Abu vulkanik Merapi menyelimuti sejumlah desa di lereng barat.",
     "id", "Magelang"),
    ("Earlier today, Mawasi, Gaza (AP) —" + EN, "en", "Mawasi"),
])
def test_a_dateline_after_a_time_word_is_kept(attribution, text, lang, place):
    assert attribution(text, language=lang)[2] == place
