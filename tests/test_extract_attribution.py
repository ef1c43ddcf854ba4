"""Sources, wires and datelines on real openings: every dateline convention, read by shape."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, source, wire, dateline", [
    # PLACE, OUTLET -   and   OUTLET, PLACE -
    ("GAZA, KOMPAS.com - Setidaknya 17 warga Palestina tewas ... data yang dikumpulkan "
     "Anadolu.", "KOMPAS.com", "Anadolu", "Gaza"),
    ("Liputan6.com, Gaza -Tembakan tank Israel ... seperti dikutip dariAFP,Selasa (17/6).",
     "Liputan6.com", "AFP", "Gaza"),
    ("Rastranews.id, Makassar – Suara histeria warga memecah malam di Jalan Manunggal 31.",
     "Rastranews.id", None, "Makassar"),
    ("Jakarta, CNN Indonesia -- Pasukan ... Seperti dilansir Associated Press, Senin (13/1).",
     "CNN Indonesia", "AP", "Jakarta"),
    # an outlet with no domain, told from the place by the gazetteer
    ("KETIK, JEMBER – Kecelakaan maut terjadi di depan Warung Happy Jalan Mawar.", "KETIK",
     None, "Jember"),
    ("MEDIA-INSPIRASI, Makassar _Sulsel dihebohkan degan Kebakaran hebat terjadi di Jalan "
     "Sabutung Baru.", "MEDIA-INSPIRASI", None, "Makassar"),
    # OUTLET - alone, in any case, with or without a domain; a desk word after it
    ("KOMPAS.com -- Sedikitnya 40 orang tewas ... dilansir BBC.", "KOMPAS.com", None, None),
    ("Kabar6 – Jumlah korban meninggal akibat kecelakaan bus bertambah.", "Kabar6", None, None),
    ("RADAR NONSTOP - Tragis. Puluhan orang terkubur hidup-hidup di Kampung Cimapag.",
     "RADAR NONSTOP", None, None),
    ("BERKAH News24 - Tiga unit truk dan sebuah sepeda motor terlibat kecelakaan.",
     "BERKAH News24", None, None),
    ("RAKYATKU.COM - Hujan akhir musim yang sangat deras telah menewaskan hampir 139 orang.",
     "RAKYATKU.COM", None, None),
    ("MerahPutih Internasional - Kabar terbaru datang dari Afghanistan, hari ini.",
     "MerahPutih", None, None),
    # Kota (OUTLET) -: an outlet in parentheses; a national agency there is the outlet
    ("Mojokerto (beritajatim.com) – Sejumlah pohon yang ada di tiga kecamatan tumbang.",
     "beritajatim.com", None, "Mojokerto"),
    ("Jakarta (ANTARA) - The Indonesia Stock Exchange said on Monday.", "ANTARA", None,
     "Jakarta"),
    # PLACE (WIRE) -: wire copy, no outlet named, even when the text names one later
    ("NEW YORK (Reuters) - Two auctioneers said, a dealer told Orlando TV.", None, "Reuters",
     "New York"),
    ("WASHINGTON, May 27 (UPI) -- U.S. Secret Service agents will face discipline.", None,
     "UPI", "Washington"),
    # a place alone: dashes with and without spaces; upper case without a dash
    ("BOGOR- Pria lanjut usia (lansia) berinisial MN (77) meninggal dunia.", None, None,
     "Bogor"),
    ("JAKARTA-Gempaberkekuatan Magnitudo 4,9 mengguncang wilayah Kabupaten Garut.", None, None,
     "Jakarta"),
    ("Makassar — Kebakaran terjadi menghanguskan satu unit rumah milik Hermanto.", None, None,
     "Makassar"),
    ("ANKARA, Turkey — A boat carrying Syrians struck rocks, she told the AP.", None, "AP",
     "Ankara"),
    ("BEIRUT At least 63 people, including nine children, have died in air strikes.", None,
     None, "Beirut"),
    # a byline, a repeated title, captions and a date line before the dateline
    ("By Abdi Guled | AP June 25 at 11:32 AM\nMOGADISHU, Somalia — Gunmen stormed a hotel.",
     None, "AP", "Mogadishu"),
    ("Garis polisi\nSumber :\n• Pixabay\nVIVA.co.id – Bentrok antarwarga terjadi Kota Timika.",
     "VIVA.co.id", None, None),
    ("Sabtu, 18 April 2015 - Raden Yusuf Nayamenggala\nMerahPutih Internasional - Kabar "
     "terbaru datang dari Afghanistan.", "MerahPutih", None, None),
    # newer conventions, read by shape: a pipe, a colon, "//", a country in parentheses, an
    # agency joined to another in parentheses, a lower-case or glued media name
    ("BERITAKITA.ID | JAWA BARAT — Kecelakaan terjadi di Kabupaten Garut, Minggu (1/8/2021).",
     "BERITAKITA.ID", None, "Jawa Barat"),
    ("SUARAKITA: Bandung – Truk terguling di jalan raya, Jumat (4/6/2021).", "SUARAKITA", None,
     "Bandung"),
    ("Kano (Nigeria) | At least 12 villagers have been killed by gunmen, police said.", None,
     None, "Kano"),
    ("ABU DHABI // Three people died in a fire at a warehouse, police said.", None, None,
     "Abu Dhabi"),
    ("Kano, Mar 3 (IANS) At least 12 people were killed in an attack, police said.", None,
     "IANS", "Kano"),
    ("KANO (Kano, Nigeria), Mar 3 (NNN-XINHUA) — Gunmen killed seven villagers, police said.",
     None, "Xinhua", "Kano"),
    ("ABUJA, Nigeria (AA) - At least 13 villagers have been killed, an official said.", None,
     "Anadolu", "Abuja"),
    ("wartakitanews – Warga berduka. Seorang polisi gugur diserang orang tak dikenal.",
     "wartakitanews", None, None),
    ("KITATVNEWS, Bandung – Dua rumah terbakar hebat pada Jumat (20/6/2025) malam.",
     "KITATVNEWS", None, "Bandung"),
])
def test_dateline_source_and_wire(attribution, text, source, wire, dateline):
    assert attribution(text) == (source, wire, dateline)


def test_a_title_repeated_above_the_lede_is_passed_over(attribution):
    title = "Akibat Serangan Tentara Israel, Satu Keluarga di Gaza Meninggal Dunia"
    text = f"{title}\ngoogle.com\nSeruni.id – Dikabarkan satu keluarga di Gaza meninggal dunia."
    assert attribution(text, title) == ("Seruni.id", None, None)


def test_a_lede_that_opens_with_prose_has_no_dateline(attribution):
    text = ("Polisi menangkap pelaku pembunuhan Riky Saputra (31) bernama Erwin (45) di "
            "Palembang, Sumatera Selatan. Ternyata, motif pembunuhan - diduga - dendam.")
    assert attribution(text) == (None, None, None)


@pytest.mark.parametrize("text, source", [
    ('"I just started running," Dr. Kevin Motamedi, a Denver physician, told NBC News.',
     "NBC News"),
    ('"Korban meninggal dua orang," ungkap Nawawi saat dikonfirmasi kabar6.com, Senin.',
     "kabar6.com"),
    ("Penghuni rumah selamat, kata Andri dalam keterangan yang diterima detikJabar.",
     "detikJabar"),
    ("Kelompok kriminal menembak warga, ujar Kaops dilansirdetikSulsel, Jumat (20/6/2025).",
     "detikSulsel"),
    ("Two fatalities were confirmed.\nLos Angeles Times staff writers Joseph Serna and Matt "
     "Hamilton contributed to this report.", "Los Angeles Times"),
    ("ISIS claimed the attack, according to global security firm and NBC News analyst "
     "Flashpoint Intelligence.", "NBC News"),
])
def test_an_outlet_the_text_names_as_itself_is_the_source(attribution, text, source):
    assert attribution(text, language="en")[0] == source


@pytest.mark.parametrize("text", [
    "Teror bom bunuh diri terjadi. Dilansir dari Al Jazeera, Rabu, 1 Agustus 2018, pelaku tewas.",
    "Hujan ekstrem memecahkan rekor, dilansir dari CBS. Warga diminta waspada.",
    "Laporan itu disampaikan kepada KPK dan kepada Kemensos pada Senin.",
    "The reporter's e-mail is garrett.therolf@latimes.com.",
])
def test_an_outlet_only_cited_is_not_the_source(attribution, text):
    assert attribution(text, language="en")[0] is None


@pytest.mark.parametrize("text", [
    "Firefighters work at the site of the accident Tuesday. LUKAS BARTH / AFP - Getty Images",
    "Photographer: Adem Altan/AFP via Getty Images",
    "Aftermath of the attack in Sayeda Zeinab, Syria on June 11, 2016. OMAR SANADIKI / Reuters",
    "Teror bom bunuh diri di Afghanistan\n- REUTERS/Omar Sobhani\nVIVA – Teror bom terjadi.",
])
def test_a_photo_credit_is_not_the_wire(attribution, text):
    assert attribution(text, language="en")[1] is None


def test_a_data_company_is_not_a_wire(attribution):
    text = "NEW YORK Earnings fell, according to Thomson Reuters data."
    assert attribution(text, language="en")[1] is None


def test_an_upper_case_place_and_a_colon_is_a_dateline(attribution):
    text = "DEHRADUN: A helicopter crashed near the Kedarnath shrine, an officer told PTI."
    assert attribution(text, language="en") == (None, "PTI", "Dehradun")


def test_an_untitled_article_is_headed_by_its_lede_past_the_byline_and_dateline(gazetteer):
    from site_builder.extract import extract_metadata
    body = ("AMN\nIn a deadly accident this morning a helicopter crashed in the hilly region of "
            "Gaurikund. Seven people died.")
    assert extract_metadata(None, body, None, gazetteer).title.startswith("In a deadly accident")
    body = "DEHRADUN: A helicopter crashed near the Kedarnath shrine early Sunday."
    assert extract_metadata(None, body, None, gazetteer).title.startswith("A helicopter crashed")


@pytest.mark.parametrize("text, source, dateline", [
    # a teaser and a byline above the dateline
    ("Warga berteriak histeris saat api membesar di rumah itu, kata saksi di lokasi kejadian.\n"
     "Penulis: Andi | Editor: Budi\n"
     "BERITAKITA.COM, BANDUNG - Warga berteriak histeris saat api membesar di rumah itu.",
     "BERITAKITA.COM", "Bandung"),
    # an outlet alone on a line, with its desk, above the lede
    ("BERITAKITA.COM, NASIONAL.\nSebanyak 2 orang dilaporkan meninggal dunia usai kapal "
     "tenggelam di perairan Maluku.", "BERITAKITA.COM", None),
    # the place after the outlet on a line of its own
    ("BeritaKita.com - Bandung\nKebakaran rumah warga terjadi di Desa Tuo, Kabupaten Bandung, "
     "pada Senin, 6 Oktober 2025.", "BeritaKita.com", "Bandung"),
])
def test_a_dateline_below_a_teaser_or_an_outlet_line_is_found(attribution, text, source,
                                                              dateline):
    found_source, _, found_dateline = attribution(text)
    assert (found_source, found_dateline) == (source, dateline)


@pytest.mark.parametrize("prompt", ["Stay up to date with notifications from The Independent",
                                    "Subscribe to The Independent"])
def test_a_promotional_line_ending_in_a_media_word_is_no_outlet(attribution, prompt):
    """A web page's prompt kept at the top of a copy is not an outlet named on a line of its
    own, though it ends in a media word."""
    text = (f"{prompt}\nBalloon was affected by a sudden change of wind\n"
            "A hot air balloon crashed in central Turkey on Sunday, leaving its pilot dead and "
            "19 tourists injured, a local official said.")
    source = attribution(text, language="en")[0]
    assert source is None or prompt not in source


@pytest.mark.parametrize("outlet", ["Voice of the People Today", "merdeka.com News",
                                    "Harian Rakyat dan Pos"])
def test_an_outlet_name_with_connectors_or_a_brand_is_still_an_outlet_line(attribution, outlet):
    text = (f"{outlet}\nSebanyak 2 orang dilaporkan meninggal dunia usai kapal tenggelam di "
            "perairan Maluku.")
    assert attribution(text)[0] == outlet


def test_wire_copy_signed_off_names_no_publisher(attribution):
    text = ("Four people have been killed after a car collided with a truck near Toowoomba.\n"
            "The driver told Channel Nine News the crash was terrible.\n-AAP\n")
    assert attribution(text, language="en")[:2] == (None, "AAP")


def test_a_correspondent_reporting_from_names_the_outlet(attribution):
    text = ("Armed men have attacked a village in northeastern Nigeria, a witness said.\n"
            "Desert Gazette's Amina Bello, reporting from Maiduguri, said the attack was large.")
    assert attribution(text, language="en")[0] == "Desert Gazette"


def test_a_dateline_in_markdown_bold_is_read(attribution):
    """Copies taken from Markdown keep the bold markers around the dateline."""
    text = ("**MAUMERE, KOMPAS.com** - Sebuah kapal motor tenggelam di perairan Maumere, Flores, "
            "dan dua awaknya hilang, Senin (3/11/2025).")
    assert attribution(text) == ("KOMPAS.com", None, "Maumere")


@pytest.mark.parametrize("text, dateline", [
    # an outlet's acronym is some town's airport code in the gazetteer, never its dateline
    ("CNN Indonesia\nSebanyak 5 orang tewas dalam banjir di Bekasi, Jawa Barat, Minggu "
     "(2/11/2025).", None),
    ("RN – Jakarta lagi-lagi dibuat heboh oleh sebuah bus yang menabrak halte di Jalan "
     "Sudirman.", None),
    # a short upper-case name that is a place's own name or its initials stays a dateline
    ("LA - Kebakaran hutan di pinggiran kota itu memaksa ribuan warga mengungsi, Selasa "
     "(4/11/2025).", "La"),
    ("BALI - Sebuah kapal cepat terbalik di perairan Nusa Penida dan tiga penumpang hilang, "
     "Selasa (4/11/2025).", "Bali"),
])
def test_an_acronym_is_a_dateline_place_only_as_a_name_or_initials(attribution, text,
                                                                   dateline):
    assert attribution(text)[2] == dateline


def test_an_acronym_dateline_head_is_the_outlet(attribution):
    text = "RN – Jakarta lagi-lagi dibuat heboh oleh sebuah bus yang menabrak halte."
    assert attribution(text)[:1] == ("RN",)


def test_an_ordinary_word_before_a_media_word_is_no_outlet(attribution):
    """"told local TV channel X": a kind of channel, not the outlet's name."""
    text = ("A glacier collapse buried most of an Alpine village on Wednesday.\n"
            "\"The village is destroyed,\" the head of security told local TV channel Rhone 1.")
    assert attribution(text, language="en")[0] is None


def test_a_byline_naming_the_outlet_and_a_dateline_on_its_own_line(attribution):
    """"Reporter Name - detikX" byline, a date line, captions, then "Place -" on its own line
    with the lede on the next: the outlet from the byline, the place from the dateline."""
    text = ("Budi Santoso Wibowo - detikJatim\n"
            "Senin, 03 Nov 2025 10:00 WIB\n"
            "Mobil yang ringsek usai tertabrak kereta di perlintasan Waru, Sidoarjo, Senin "
            "(3/11/2025). Foto: Budi Santoso Wibowo/detikJatim\n"
            "Sidoarjo -\n"
            "Dua orang tewas dalam kecelakaan kereta api di perlintasan tanpa palang pintu.")
    assert attribution(text) == ("detikJatim", None, "Sidoarjo")


def test_an_upper_case_caption_head_gives_way_to_the_dateline_below(attribution):
    """Tribun-style photo captions open with an upper-case label and a dash; the dateline with
    a domain and a known place a line below is the article's."""
    text = ("PETUGAS BERJAGA - Polisi berjaga di lokasi ledakan gas di sebuah rumah, Kamis "
            "(10/7/2025). Ledakan melukai dua orang.\n"
            "SRIPOKU.COM, PALEMBANG – Sebuah ledakan gas elpiji mengguncang sebuah rumah di "
            "Jalan Padat Karya dan melukai dua penghuninya.")
    assert attribution(text) == ("SRIPOKU.COM", None, "Palembang")


def test_news_agencies_of_a_country_are_no_wire(attribution):
    """"kantor-kantor berita Iran" (Iran's news agencies) names a country, not an agency."""
    text = ("Serangan udara merusak sedikitnya lima rumah sakit di Iran dalam sepekan.\n"
            "Laporan kantor-kantor berita Iran menyebutkan kerusakan parah di Kermanshah.")
    assert attribution(text)[1] is None


def test_a_caption_head_below_the_lede_gives_way_to_the_dateline_below_it(attribution):
    """A teaser line, a credit, then the caption label and the dateline: the dateline wins."""
    text = ("Sebuah insiden ledakan gas mengguncang sebuah rumah di Jalan Padat Karya, Kelurahan "
            "Batu Urip\n"
            "SRIPOKU.COM / Eko Hepronis\n"
            "PETUGAS BERJAGA - Polisi berjaga di lokasi ledakan gas di sebuah rumah, Kamis "
            "(10/7/2025).\n"
            "SRIPOKU.COM, PALEMBANG – Sebuah ledakan gas elpiji mengguncang sebuah rumah.")
    assert attribution(text) == ("SRIPOKU.COM", None, "Palembang")


def test_an_outlet_in_parentheses_named_like_a_hamlet_is_the_outlet(attribution):
    """"SLEMAN (Lentera) -": somewhere a hamlet is called Lentera, but only a country, region
    or town in parentheses is the dateline place's area."""
    text = ("SLEMAN (Lentera) - Gempa bumi berkekuatan 4,6 magnitudo mengguncang Kabupaten "
            "Pacitan, Sabtu (12/7/2025), dengan getaran dirasakan hingga Yogyakarta.")
    assert attribution(text) == ("Lentera", None, "Sleman")


@pytest.mark.parametrize("text, source, dateline", [
    ("jpnn.com - PAMEKASAN - Sebuah pikap terguling di jalan raya dan tiga penumpangnya tewas, "
     "Minggu (2/11/2025).", "jpnn.com", "Pamekasan"),
    ("WARTATIMUR.CO.ID — AMBON — Seorang warga tewas diterkam buaya saat mencari ikan di "
     "sungai.", "WARTATIMUR.CO.ID", "Ambon"),
])
def test_outlet_dash_place_dash(attribution, text, source, dateline):
    """"OUTLET - PLACE - text": the place between two dashes after the outlet."""
    assert attribution(text) == (source, None, dateline)


def test_a_title_cased_agency_credit_line_names_the_wire(attribution):
    """"Ap Correspondent": a byline title-cased by the page it was copied from."""
    text = ("A hot air balloon crashed in central Turkey on Sunday, leaving its pilot dead.\n"
            "Ap Correspondent\n"
            "Sunday 15 June 2025 05:07 EDT\n"
            "State-run Anadolu Agency said another balloon landed hard nearby.")
    assert attribution(text, language="en")[1] == "AP"


@pytest.mark.parametrize("head", ["OKI", "HST", "TTS"])
def test_an_acronym_head_taken_for_the_outlet_is_flagged(gazetteer, head):
    """A regency's initials ("OKI -") and an outlet's acronym look alike: a short upper-case
    head read as the outlet is flagged for review, not given as plain."""
    from site_builder.extract import extract_metadata
    body = (f"{head} - Kebakaran lahan gambut kembali terjadi di dua desa dan seorang petani "
            "tewas terjebak api, Senin (3/11/2025).")
    found = extract_metadata(None, body, None, gazetteer)
    assert found.attribution.source != head or "source" in found.review


@pytest.mark.parametrize("text, source, dateline", [
    ("Banda Aceh - kompas.com\nSebuah kapal nelayan tenggelam di perairan Pulo Aceh dan dua "
     "awaknya hilang, Senin (3/11/2025).", "kompas.com", "Banda Aceh"),
    ("Kota Bandung | detikJabar\nSebuah rumah terbakar di Jalan Soekarno-Hatta dan dua "
     "penghuninya luka bakar, Senin (3/11/2025).", "detikJabar", "Kota Bandung"),
])
def test_a_place_and_an_outlet_on_a_line_is_no_byline(attribution, text, source, dateline):
    assert attribution(text) == (source, None, dateline)


def test_an_outlet_head_over_a_prose_lede_is_not_a_caption_label(attribution):
    text = ("WARTA SENJA - Berikut rangkuman berita kecelakaan dan bencana sepekan terakhir di "
            "Jawa Timur yang menyita perhatian pembaca.\n"
            "SURABAYA, KOMPAS.com - Sebuah bus terguling di tol dan melukai 12 orang.")
    assert attribution(text)[0] == "WARTA SENJA"


def test_a_route_written_with_dashes_is_no_dateline(attribution):
    text = ("kumparan.com - Bali - Lombok kini terhubung kapal cepat setiap hari mulai pekan "
            "depan, kata pengelola pelabuhan.")
    assert attribution(text)[2] is None


@pytest.mark.parametrize("link", ["Related: 84 people killed in truck attack in Nice",
                                  "READ MORE: 84 people killed in truck attack in Nice",
                                  "Also read - 84 people killed in truck attack in Nice"])
def test_an_english_related_line_gives_none_of_its_tolls(gazetteer, link):
    from site_builder.extract import extract_metadata
    body = ("NICE, France (AP) — A fire gutted a warehouse near the port on Monday. No one was "
            f"killed, firefighters said.\n{link}\nThe cause of the fire was not known.")
    killed = extract_metadata(None, body, None, gazetteer).casualties.killed
    assert (killed.min, killed.max) == (0, 0)


def test_related_prose_is_kept(gazetteer):
    """A sentence opening with "Related" is text, not a link."""
    from site_builder.extract import extract_metadata
    body = ("A fire gutted a warehouse near the port of Nice on Monday.\n"
            "Related blazes on Monday killed three people in the same district, officials "
            "said.")
    killed = extract_metadata(None, body, None, gazetteer).casualties.killed
    assert killed is not None and killed.max == 3
