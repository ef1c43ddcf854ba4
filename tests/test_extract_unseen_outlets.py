"""Datelines of outlets the rules were never tuned on: made-up names of every shape, read by
shape and position (bench/swap_eval.py finds such misses over eval-dev's articles)."""
from __future__ import annotations

import pytest

from site_builder.extract.attribution import find_attribution
from site_builder.extract.places import place_kind


@pytest.fixture(scope="module")
def attribution(gazetteer):
    kind = place_kind(gazetteer)

    def find(text: str, language: str = "id"):
        found = find_attribution(text, language, kind)
        return found.source, found.wire, found.dateline
    return find


@pytest.mark.parametrize("text, source, dateline", [
    # an unknown name before a region named as a big town, or before a regency: outlet, place
    ("SOROT LEMBAYUNG, Jakarta - Seorang pengendara tewas setelah motornya menabrak truk.",
     "SOROT LEMBAYUNG", "Jakarta"),
    ("Detak Lembayung, Gaza -Tembakan tank menewaskan sedikitnya 45 warga saat menunggu.",
     "Detak Lembayung", "Gaza"),
    ("KABAR LEMBAYUNG, Karimun – Dua buah rumah di Kelurahan Baran Barat terbakar hebat.",
     "KABAR LEMBAYUNG", "Karimun"),
    # names no town has: a digit, words glued at an inner capital, "The ..."
    ("Warta77, Jakarta - Seorang pengendara tewas setelah motornya menabrak truk.",
     "Warta77", "Jakarta"),
    ("WartaLembayung, Gaza - Tembakan tank menewaskan sedikitnya 45 warga saat menunggu.",
     "WartaLembayung", "Gaza"),
    ("The Lembayung Courier, Jakarta - Seorang pengendara tewas setelah menabrak truk.",
     "The Lembayung Courier", "Jakarta"),
    # a pipe between the outlet and a province: outlet | place, not a town in its province
    ("WARTA LEMBAYUNG | JAWA TIMUR — Kecelakaan maut terjadi di jalan raya Tuban-Babat.",
     "WARTA LEMBAYUNG", "Jawa Timur"),
    # a lower-case brand beside a known place, before or after it
    ("lembayungpos7, Buru Selatan – Seorang warga desa ditemukan tewas di tepi sungai.",
     "lembayungpos7", "Buru Selatan"),
    ("JAKARTA, lembayungkita – Korban gempa yang berpusat di Tasikmalaya terus bertambah.",
     "lembayungkita", "Jakarta"),
    # a bare hyphen glued to the outlet and the lede's first word
    ("KUPANG, WartaLembayung-Kecelakaan lalu lintas terjadi di Jalan Kupang-Widang, Dusun "
     "Temangkar.", "WartaLembayung", "Kupang"),
    # a domain and its desk
    ("lembayung.net Internasional - Kabar terbaru datang dari Afghanistan, hari ini.",
     "lembayung.net", None),
])
def test_an_unknown_outlet_before_its_place(attribution, text, source, dateline):
    assert attribution(text) == (source, None, dateline)


@pytest.mark.parametrize("text, dateline", [
    ("GAMBER, Indonesia (AP) — A landslide buried homes in a village on Java.", "Gamber"),
    ("PARADISE, California (AP) — A wildfire destroyed the town overnight.", "Paradise"),
])
def test_an_unknown_town_before_its_country_or_state_is_still_the_place(attribution, text,
                                                                        dateline):
    assert attribution(text, "en")[2] == dateline


def test_an_upper_case_name_and_a_desk_on_a_line_of_its_own_is_the_outlet(attribution):
    text = ("WARTALEMBAYUNG, NASIONAL.\nSebanyak 2 orang dilaporkan meninggal dunia usai kapal "
            "tenggelam di Perairan Mamuju, Sulawesi Barat (Sulbar).")
    assert attribution(text)[0] == "WARTALEMBAYUNG"


@pytest.mark.parametrize("text", [
    "sebelumnya, polisi - menurut keterangan warga, korban sudah dua hari tidak pulang.",
    "kemudian - kata dia, korban dibawa ke rumah sakit terdekat untuk dirawat.",
])
def test_lower_case_words_without_a_known_place_are_no_dateline(attribution, text):
    assert attribution(text) == (None, None, None)


@pytest.mark.parametrize("text", [
    "TAPAK LEMBAYUNG's Andrew Simmons reporting from Maiduguri said the attack occurred.",
    "KABAR LEMBAYUNG, NASIONAL.\nSebanyak 2 orang dilaporkan meninggal dunia usai kapal "
    "tenggelam di Perairan Mamuju, Sulawesi Barat (Sulbar).",
])
def test_a_village_inside_a_longer_upper_case_name_is_no_dateline(attribution, text):
    assert attribution(text, "en")[2] is None


@pytest.mark.parametrize("text, source, language", [
    ("Tidak ada korban jiwa, kata Andri dalam keterangan yang diterima WartaLembayung.",
     "WartaLembayung", "id"),
    ("Hingga kini korban masih dirawat, ujar Kapolsek saat dikonfirmasi Lembayung7, Sabtu.",
     "Lembayung7", "id"),
    ("Police spokesman Markus Wessner earlier told WARTA LEMBAYUNG that the train derailed.",
     "WARTA LEMBAYUNG", "en"),
    ("Weather will get worse, Hall said. WartaLembayung staff writers Joseph Serna and Nina "
     "Agrawal contributed to this report.", "WartaLembayung", "en"),
])
def test_an_unknown_outlet_the_text_names_as_itself_by_its_shape(attribution, text, source,
                                                                 language):
    assert attribution(text, language)[0] == source


def test_a_broadcaster_of_capitals_and_digits_told_something_is_not_taken(attribution):
    text = ("Three tourists were struck by lightning, mountain rescue told TVN24. If you are "
            "happy to speak to a BBC journalist, please include a contact telephone number.")
    assert attribution(text, "en")[0] == "BBC"


@pytest.mark.parametrize("text, source", [
    ("WARTAKITA|Sebuah peristiwa mengejutkan terjadi di tengah suasana malam Bali.",
     "WARTAKITA"),
    ("NET - Sebuah peristiwa mengejutkan terjadi di tengah suasana malam Bali kemarin.", "NET"),
])
def test_a_short_upper_case_outlet_before_a_pipe_or_a_dash(attribution, text, source):
    assert attribution(text)[::2] == (source, None)


@pytest.mark.parametrize("text, source", [
    ("A senior official told The Lembayung Examiner that guns were found in the truck.",
     "Lembayung Examiner"),
    ("Weather will get worse, Hall said. lembayung.net staff writers Joseph Serna and Nina "
     "Agrawal contributed to this report.", "lembayung.net"),
    ("Armed men attacked the village. lembayung.news's Andrew Simmons, reporting from "
     "Maiduguri, said the attack occurred overnight.", "lembayung.news"),
    ("If you are happy to speak to a LEMBAYUNGKITA journalist, please include a contact "
     "telephone number.", "LEMBAYUNGKITA"),
])
def test_an_unknown_english_outlet_named_by_a_newspaper_noun_a_domain_or_capitals(
        attribution, text, source):
    assert attribution(text, "en")[0] == source


def test_a_short_town_before_its_area_in_parentheses_is_the_dateline(attribution):
    text = ("UGA (Adamawa, Nigeria), Nov 4 (NNN-XINHUA) — A group of gunmen attacked a "
            "village in northeast Nigeria.")
    assert attribution(text, "en") == (None, "Xinhua", "Uga")


def test_a_lower_case_channel_glued_to_dilansir_is_the_source(attribution):
    text = ("Kondisinya sudah membaik, kata seorang polisi saat ditemui di rumah sakit, Minggu "
            "(15/6/2025) dilansirlembayungbali.")
    assert attribution(text)[0] == "lembayungbali"


def test_a_caption_credit_at_a_line_end_is_not_the_wire(attribution):
    text = ("FILE PHOTO: Police inspect the crime scene after the blast in the city. / AP\n"
            "In the town of Corinto, an AFP journalist witnessed the wreckage of a car.")
    assert attribution(text, "en")[1] == "AFP"
