"""Casualty figures a reader would take from real news sentences: the main event's killed and
injured toll, every figure in mentions, and no count from numbers that are not victims."""
from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.extract.casualties import find_casualties

from sitetools import SEED_ARTICLE as SEED


def toll(count) -> tuple[int | None, int | None] | None:
    return None if count is None else (count.min, count.max)


def test_seed_war_toll_is_more_than_1200_and_ratusan_is_a_mention():
    body = SEED.read_text(encoding="utf-8")
    found = find_casualties(body, None, "id")
    assert toll(found.killed) == (1200, None)
    assert "Lebih dari 1.200" in found.killed.text and found.killed.text in body
    assert any((m.kind, m.count.min, m.count.max) == ("killed", 200, 999)
               for m in found.mentions)


def test_killed_injured_and_missing_are_kept_apart():
    body = "Tiga orang tewas, lima orang luka-luka dan dua orang hilang akibat longsor itu."
    found = find_casualties(body, None, "id")
    assert (toll(found.killed), toll(found.injured), toll(found.missing)) == \
        ((3, 3), (5, 5), (2, 2))


def test_english_lede_with_qualifier():
    body = ("BAGHDAD At least four people were killed and 90 injured among protesters who "
            "stormed the Green Zone on Friday, hospital sources said.")
    found = find_casualties(body, None, "en")
    assert (toll(found.killed), toll(found.injured)) == ((4, None), (90, 90))


def test_verb_takes_the_count_after_it():
    found = find_casualties("Tembakan tank menewaskan sedikitnya 45 warga Palestina dan melukai "
                            "puluhan lainnya.", None, "id")
    assert toll(found.killed) == (45, None)
    assert toll(found.injured) == (20, 99)


def test_title_counts_when_the_body_gives_no_figure():
    found = find_casualties("Serangan terjadi pada Sabtu dini hari.",
                            "17 Warga Palestina Tewas dalam Serangan Israel", "id")
    assert toll(found.killed) == (17, 17)


def test_words_glued_by_scrapers_are_read():
    body = "Dilaporkan seorang pilot meninggal dunia, sementara 19wisatawan Indonesiaterluka."
    found = find_casualties(body, None, "id")
    assert (toll(found.killed), toll(found.injured)) == ((1, 1), (19, 19))


def test_explicit_no_deaths_is_zero():
    assert toll(find_casualties("Tidak ada korban jiwa dalam kebakaran itu.", None,
                                "id").killed) == (0, 0)
    found = find_casualties("The fire was put out and no one was killed.", None, "en")
    assert toll(found.killed) == (0, 0) and found.killed.text == "no one was killed"


def test_no_casualties_among_a_group_is_a_zero_that_any_toll_in_the_article_beats():
    """"No casualties among the 180 passengers" is a true zero toll; but said of one group in a
    report that gives a toll elsewhere ("killing two" ... "no casualties among the workers") it
    is a subset, and the toll stands."""
    assert toll(find_casualties("The plane skidded off the runway on landing. There were no "
                                "casualties among the 180 passengers and crew.", None,
                                "en").killed) == (0, 0)
    hurt = find_casualties("The bus overturned on the highway. No one among the 40 passengers "
                           "was hurt, the police said.", None, "en")
    assert toll(hurt.killed) == (0, 0)
    body = ("A missile strike on the port killed two people on Tuesday, officials said. The fire "
            "at the warehouse was put out and there were no casualties among the workers.")
    assert toll(find_casualties(body, None, "en").killed) == (2, 2)
    later = ("There were no casualties among the workers at the depot, the regional governor "
             "said. A second strike on the market killed three civilians, he added.")
    assert toll(find_casualties(later, None, "en").killed) == (3, 3)
    assert toll(find_casualties("The fire was extinguished. There were no casualties.", None,
                                "en").killed) == (0, 0)


def test_numbers_that_are_not_victims_are_not_counted():
    body = ("Sebanyak 57 rumah terbakar dan 193 warga mengungsi. Kerugian ditaksir Rp 2 miliar. "
            "Santunan Rp15 juta diberikan kepada 38 ahli waris korban meninggal. Kebakaran "
            "terjadi pada 2025 pukul 15.30 WIB.")
    found = find_casualties(body, None, "id")
    assert found.killed is None and found.injured is None and found.mentions == []


def test_later_exact_figure_and_update_refine_the_lede():
    body = ("At least 110 people were killed in the temple fire. "
            "The death toll from the disaster stood at 110, with more than 380 injured.")
    found = find_casualties(body, None, "en")
    assert (toll(found.killed), toll(found.injured)) == ((110, 110), (380, None))
    rose = find_casualties("At least 33 migrants drowned on Saturday. Rescuers found four more "
                           "bodies, raising the death toll to 37.", None, "en")
    assert toll(rose.killed) == (37, 37)


def test_an_earlier_event_is_only_a_mention():
    body = ("Satu orang dilaporkan hilang setelah gletser runtuh. Pada 2017, delapan pendaki "
            "tewas dalam longsor di dekat Bondo.")
    found = find_casualties(body, None, "id")
    assert found.killed is None and toll(found.missing) == (1, 1)
    assert [(m.kind, m.count.min) for m in found.mentions] == [("missing", 1), ("killed", 8)]


def test_running_total_gives_way_to_the_event_toll():
    body = ("Turkish shelling killed 55 insurgents on Saturday. So far, about 20 people have "
            "been killed and almost 70 wounded in the rocket fire on the town.")
    found = find_casualties(body, None, "en")
    assert (toll(found.killed), toll(found.injured)) == ((55, 55), None)


def test_attackers_killed_are_not_the_victims_toll():
    body = ("Security forces have killed two of the attackers. A witness said he saw four "
            "bodies lying outside the hotel.")
    assert toll(find_casualties(body, None, "en").killed) == (4, 4)


def test_a_lone_named_or_aged_victim_counts_as_one():
    aged = find_casualties("Pria berinisial MN (77) meninggal dunia tertabrak kereta di Bogor.",
                           None, "id")
    assert toll(aged.killed) == (1, 1)
    named = find_casualties("Menurut kolonel itu, Umar tewas dalam serangan udara.", None, "id")
    assert toll(named.killed) == (1, 1)


def test_a_capitalised_common_noun_is_not_a_lone_victim():
    body = "Warga tewas. Polisi mengatakan warga setempat panik."
    assert find_casualties(body, None, "id").killed is None


def test_five_megabyte_line_is_handled_in_linear_time():
    line = "Presiden mengatakan korban bencana itu ditangani di kota. " * 90_000
    start = time.perf_counter()
    found = find_casualties(line, None, "id")
    assert time.perf_counter() - start < 10
    assert found.killed is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["tewas", "luka", " ", "1.200", "dua", "korban", "lebih dari", "(", ")", ".", ",", "Umar",
     "killed", "at least", "tidak ada", "jiwa", "hilang", "İ", "\n", "wounded", "5"]) |
    st.characters(), max_size=60).map("".join),
    st.none() | st.text(max_size=40), st.sampled_from(["id", "en"]))
def test_any_input_gives_well_formed_figures(body, title, language):
    found = find_casualties(body, title, language)
    for mention in found.mentions:
        assert mention.count.text in body
        low, high = mention.count.min, mention.count.max
        assert low is None or high is None or low <= high


# ---------------------------------------------------------------- copy from outlets unseen before


def test_a_bare_korban_as_the_subject_is_one_victim():
    for body in ("Kecelakaan maut terjadi di Jember.\nKorban pria berumur 51 tahun itu tewas di "
                 "lokasi kejadian.",
                 "Api melahap enam rumah.\n“Korban tewas terjebak dalam rumah. Kami masih "
                 "selidiki sumber api,” tegas Syarifuddin."):
        assert toll(find_casualties(body, None, "id").killed) == (1, 1)


def test_a_number_beats_a_bare_korban_and_they_are_not_one_person():
    body = ("Longsor menimbun satu keluarga. Mereka meninggal dunia akibat bencana itu.\n"
            "Penghuni rumah empat orang ditemukan warga sudah dalam kondisi meninggal.")
    assert toll(find_casualties(body, None, "id").killed) == (4, 4)


def test_merenggut_nyawa_counts_the_life_it_took():
    body = "Kebakaran menghanguskan delapan rumah dan merenggut nyawa seorang anak perempuan."
    assert toll(find_casualties(body, None, "id").killed) == (1, 1)


def test_plate_numbers_ages_and_subsets_are_not_victims():
    body = ("Rudi Hermanto, pengemudi truk bernopol P 8360 UR, terluka dan dirawat di Puskesmas. "
            "Reports said a man in his 40s died after being hit by lightning.")
    found = find_casualties(body, None, "id")
    assert toll(found.injured) is None and toll(found.killed) != (40, 40)
    body = ("Nawawi menyebutkan, empat orang korban lainnya yang masih anggota keluarganya "
            "mengalami luka berat. Sementara tiga di antaranya mengalami patah tulang.")
    assert toll(find_casualties(body, None, "id").injured) == (4, 4)


def test_a_related_headline_inside_the_body_is_another_event():
    body = ("VIVA.co.id – Bentrok antarwarga terjadi di Timika, Papua.\n"
            "Warga Vs Ormas Bentrok di Pancoran, 10 Orang Luka-luka\n"
            "\"Ada enam rumah dibakar dan sembilan orang terluka akibat bentrokan,\" kata Patrige.")
    assert toll(find_casualties(body, None, "id").injured) == (9, 9)


def test_the_title_toll_picks_the_body_sentence_that_says_it():
    title = "Ledakan Tabung Gas 12 Kg Porak-Porandakan Rumah, 2 Penghuni Luka Parah"
    body = ("Medan – Ledakan terjadi di rumah. Seorang ibu dan anaknya mengalami luka bakar.\n"
            "Ada dua penghuni rumah terdiri dari ibu dan anak mengalami luka bakar.")
    found = find_casualties(body, title, "id")
    assert toll(found.injured) == (2, 2) and "Ada dua penghuni" in found.injured.text


def test_a_running_total_over_months_is_not_the_attack_toll():
    body = ("A bus exploded in Jerusalem on Monday, wounding at least 15 people. Over the last "
            "seven months, 28 Israelis and two Americans have been killed in Palestinian attacks.")
    found = find_casualties(body, None, "en")
    assert toll(found.killed) is None and toll(found.injured) == (15, None)


def test_victims_listed_by_name_or_initials_are_counted():
    body = ("Bus terguling di Pekalongan.\nKorban meninggal dunia atas nama Iyus dan Saadah. "
            "Keduanya sudah lanjut usia.")
    found = find_casualties(body, None, "id")
    assert toll(found.killed) == (2, 2) and found.killed.text.endswith("Saadah")
    body = "Kebakaran di Tebet.\nKorban tewas yakni APW (25), MN (77) dan Umar."
    assert toll(find_casualties(body, None, "id").killed) == (3, 3)


def test_a_day_of_the_month_is_not_a_toll():
    found = find_casualties("At least seven people were killed when a landslide hit a village "
                            "on Jan 18, with the death toll expected to rise.", None, "en")
    assert [m.count.min for m in found.mentions if m.kind == "killed"] == [7]


def test_a_victim_named_with_her_age_after_a_killing_verb_is_one():
    found = find_casualties("BOGOR — Kecelakaan di jalan raya merenggut nyawa Siti Aminah (23), "
                            "warga Kecamatan Ciawi, pada Jumat (24/10/2025) sore.", None, "id")
    assert toll(found.killed) == (1, 1)


def test_gugur_is_a_death_word():
    """"gugur" (fell in service) is how Indonesian news writes the death of soldiers and
    police: a killed figure, kept apart from the injured."""
    found = find_casualties("Dua anggota Brimob gugur dan satu lainnya luka-luka dalam kontak "
                            "tembak di Intan Jaya.", None, "id")
    assert (toll(found.killed), toll(found.injured)) == ((2, 2), (1, 1))
    assert find_casualties("Gugatan itu gugur karena penggugat tidak hadir.", None,
                           "id").killed is None


def test_officers_named_by_rank_after_a_killing_verb_are_counted():
    found = find_casualties("Penyerangan itu menewaskan Kasubsektor Oksamol, Briptu Mario Sanoi. "
                            "Tiga pucuk senjata api dibawa kabur.", None, "id")
    assert toll(found.killed) == (1, 1)
    found = find_casualties("Kontak tembak menewaskan Bripda Ali dan Briptu Budi.", None, "id")
    assert toll(found.killed) == (2, 2)
    found = find_casualties("Serangan itu menewaskan anggota keluarga Mayor Ali.", None, "id")
    assert found.killed is None        # the officer is not the victim


def test_an_age_between_commas_after_a_name_is_no_casualty_figure():
    found = find_casualties("Miguel Uribe, 39, was in critical condition and one person had "
                            "been arrested, according to media reports.", None, "en")
    assert found.injured is None and found.killed is None
    found = find_casualties("In Kabul, 45 people were killed on Monday.", None, "en")
    assert toll(found.killed) == (45, 45)


def test_a_point_in_an_outlet_domain_does_not_cut_the_quoted_sentence():
    found = find_casualties("Liputan6.com, Sidoarjo - Dua orang pekerja dilaporkan meninggal "
                            "dunia usai diduga keracunan.", None, "id")
    assert toll(found.killed) == (2, 2)
    assert found.killed.text.startswith("Liputan6.com, Sidoarjo")


def test_a_lone_surrogate_in_the_text_is_read_around_not_an_error():
    """A caller's string may hold a lone surrogate (hypothesis found one): the cue-word search
    reads UTF-8, so it must not raise, and the figures beside it are still found."""
    found = find_casualties("Sebanyak 5 orang tewas \ud800 dalam kecelakaan itu.", None, "id")
    assert toll(found.killed) == (5, 5)


def killed_figures(body: str, language: str) -> list[int | None]:
    return [m.count.min for m in find_casualties(body, None, language).mentions
            if m.kind == "killed"]


def test_a_duration_in_seconds_weeks_or_centuries_is_not_a_toll():
    """"2 menit 44 detik" (2 minutes 44 seconds) beside "jenazah" counts time, not the dead."""
    assert killed_figures("Warga menemukan jasad petani itu di kebun kopi. Video berdurasi 2 menit "
                          "44 detik yang merekam detik-detik penemuan jenazah itu pun viral di "
                          "media sosial.", "id") == []
    english = find_casualties("A 45 seconds clip shows the bodies of the victims; three weeks "
                              "later 12 people were killed in a second blast.", None, "en")
    assert toll(english.killed) == (12, 12)
    assert killed_figures("Belum genap satu minggu setelah kecelakaan itu, helikopter tewaskan "
                          "tujuh orang.", "id") == [7]
    assert killed_figures("Dua pekan lalu banjir menewaskan 3 orang.", "id") == [3]
    assert killed_figures("Mount Sinabung had been dormant for four centuries before reviving in "
                          "2010, killing two people.", "en") == [2]
    assert killed_figures("Korban meninggal setelah dirawat 3 Minggu Lalu Dimakamkan", "id") == []


def test_a_unit_of_time_counts_only_right_after_the_number():
    """Not across ",", "." or "(": the next clause, a sentence or an outlet's name follows."""
    assert toll(find_casualties("Police said the attack killed 3, second attack hit later.",
                                None, "en").killed) == (3, 3)
    assert toll(find_casualties("Jumlah korban tewas mencapai 5. Detik-detik kejadian terekam "
                                "kamera warga.", None, "id").killed) == (5, 5)
    assert toll(find_casualties("Ledakan itu menewaskan 9 (detik.com, 2/1).", None,
                                "id").killed) == (9, 9)


def test_an_outlet_or_a_compound_word_is_not_a_unit_of_time():
    """"detik.com", "Detik-detik", "second-graders" name no duration."""
    assert toll(find_casualties("Ledakan itu menewaskan 9 detik.com melaporkan.", None,
                                "id").killed) == (9, 9)
    assert toll(find_casualties("Korban tewas mencapai 5 Detik-detik kejadian terekam kamera.",
                                None, "id").killed) == (5, 5)
    assert toll(find_casualties("Three second-graders were killed in the crash.", None,
                                "en").killed) == (3, 3)


def test_minggu_after_a_toll_is_sunday_when_written_as_the_day():
    """Capitalised and followed by punctuation, a digit, "(" or a lower-case word: the weekday."""
    for body in ("Korban tewas bertambah menjadi 5 Minggu malam, kata polisi.",
                 "Korban tewas bertambah menjadi 5, Minggu (1/11), kata polisi.",
                 "Korban tewas bertambah menjadi 5 Minggu (1/11), kata polisi.",
                 "Korban tewas bertambah menjadi 5 Minggu 1 November 2020."):
        assert toll(find_casualties(body, None, "id").killed) == (5, 5), body


def test_second_as_an_ordinal_is_no_unit_of_time():
    """"Two second graders", "four second year students": "second" is time only as a duration
    (plural, after minutes, or "a second later/ago/long", "a 1 second clip")."""
    assert toll(find_casualties("Two second graders were killed when the school bus overturned.",
                                None, "en").killed) == (2, 2)
    assert toll(find_casualties("Four second year students were injured in the lab fire.", None,
                                "en").injured) == (4, 4)
    for body in ("Rescuers found the bodies; the blast lasted 3 minutes 1 second and killed 8.",
                 "The footage, 1 second long, shows the dead on the road.",
                 "A 1 second clip shows the dead on the road."):
        assert 1 not in killed_figures(body, "en"), body


def test_minggu_in_a_title_cased_headline_is_sunday_before_a_time_of_day():
    """"Bertambah Jadi 12 Minggu Pagi": Sunday morning, in title case; "Dirawat 3 Minggu,
    Korban ..." is three weeks (a comma not followed by a date)."""
    found = find_casualties("Tim SAR masih mencari warga.", "Korban Tewas Banjir Bandang "
                            "Bertambah Jadi 12 Minggu Pagi", "id")
    assert toll(found.killed) == (12, 12)
    for title in ("Korban Tewas Longsor Jadi 7 Minggu Malam", "Korban Tewas Jadi 7 Minggu Sore"):
        assert toll(find_casualties("Pencarian berlanjut.", title, "id").killed) == (7, 7), title
    assert toll(find_casualties("Korban tewas bertambah menjadi 5 Minggu, 1 November 2020.",
                                None, "id").killed) == (5, 5)
    weeks = find_casualties("Pekerja itu sempat dirawat di rumah sakit.",
                            "Dirawat 3 Minggu, Korban Ledakan Meninggal Dunia", "id")
    assert toll(weeks.killed) != (3, 3)
