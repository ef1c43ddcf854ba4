"""Report dates: real openings from the development set and the seed, and the year rules."""
from __future__ import annotations

from datetime import date

import pytest

from site_builder.extract.dates import find_report_date

SEED_HEAD = ("Baku, Gatra.com - Presiden Azerbaijan Ilham Aliyev mengatakan Minggu, tidak ada "
             "alasan bagi Rusia untuk campur tangan.\nDikutip AFP, Minggu (1/11), pertempuran "
             "telah berkecamuk di Nagorno-Karabakh selama lebih dari sebulan.")


def test_the_seed_date_is_inferred_from_the_weekday_and_the_reference_date():
    found = find_report_date(SEED_HEAD, "id", date(2020, 11, 25))
    assert (found.value, found.text, found.confidence) == (
        date(2020, 11, 1), "Minggu (1/11)", "inferred")


def test_without_a_reference_date_a_yearless_date_stays_unknown_with_its_words():
    found = find_report_date(SEED_HEAD, "id", None)
    assert found.value is None and found.confidence == "unknown" and found.text


@pytest.mark.parametrize("text, reference, expected", [
    ("GAZA, KOMPAS.com - Setidaknya 17 warga Palestina tewas pada Sabtu (7/6/2025) dini hari.",
     None, date(2025, 6, 7)),
    ("Liputan6.com, Tel Aviv -Sebuahrudal Iranmenghantam Pusat Medis Soroka pada Kamis dini "
     "hari (19/6/2025), menyebabkan kerusakan parah.", None, date(2025, 6, 19)),
    ("JAKARTA-Gempa mengguncang Garut, Rabu 18 Juni 2025 pukul 10.00 WIB.", None,
     date(2025, 6, 18)),
    ("BAGHDAD Nearly 120 people were killed in two bombings overnight, police said on Sunday.",
     date(2016, 7, 5), date(2016, 7, 3)),
    # An archive spans years: a year written in the lede is the date, however old.
    ("SEMARANG, Gatra.com - Sedikitnya 25 orang tewas pada Senin (4/11/2019).",
     date(2025, 12, 31), date(2019, 11, 4)),
])
def test_lede_dates(text, reference, expected):
    assert find_report_date(text, "id", reference).value == expected


def test_a_data_cut_off_date_is_not_the_report_date():
    text = ("Jakarta (ANTARA) - The debt position reached 40.75 percent of GDP as of March 31, "
            "2026, the minister said at a media briefing on Monday.")
    found = find_report_date(text, "en", None)
    assert found.value is None and found.text == "Monday"


def test_minggu_as_week_is_not_a_sunday():
    found = find_report_date("Harga naik sejak Minggu lalu, kata pedagang.", "id",
                             date(2025, 6, 18))
    assert found.text is None          # no date words: the collection day, inferred
    assert found.confidence == "inferred"


def test_a_two_digit_year_after_its_weekday_is_the_date():
    body = ("MEDIA-INSPIRASI, Makassar _Sulsel dihebohkan degan Kebakaran hebat pada hari kamis "
            "tgl.12/6/25. Skor pertandingan 3/1/25 tidak dihitung.")
    found = find_report_date(body, "id", None)
    assert (found.value, found.confidence) == (date(2025, 6, 12), "stated")


def test_a_weekday_to_come_is_not_the_report_date():
    body = ('On Sunday morning, Americans will "spring forward" and set their clocks ahead.')
    found = find_report_date(body, "en", date(2016, 3, 12))
    assert found.value == date(2016, 3, 12)          # the collection day, not Sunday 6 March


def test_a_yearless_day_takes_the_year_of_a_dated_day_of_the_head_a_week_later_at_most():
    body = ("Jakarta, Kabarkita.com - Gempa terjadi di Garut, Jumat (15/12) malam.\n"
            "Hal ini diungkapkan BNPB di Jakarta, Sabtu (16/12/17).\n")
    found = find_report_date(body, "id", None)
    assert (found.value, found.confidence) == (date(2017, 12, 15), "inferred")
    far = body.replace("Sabtu (16/12/17)", "Sabtu (27/1/18)")
    assert find_report_date(far, "id", None).value is None
