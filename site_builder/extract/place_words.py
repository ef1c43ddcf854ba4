"""The words place extraction reads around names: prefixes, cues, organisations, titles.

Tables, not rules: places.py and its helpers decide what they mean (see places.py).
"""
from __future__ import annotations

DROPPED_PREFIXES = {
    "kota": "city", "kabupaten": "region", "kab": "region", "provinsi": "region",
    "prov": "region", "desa": "other", "kelurahan": "other", "kecamatan": "other",
    "kampung": "other", "dusun": "other", "distrik": "other", "nagari": "other",
    "gampong": "other", "kel": "other", "kec": "other", "kamp": "other",
}


# The unit of Indonesia's administrative register each unit word names; "kampung" is a village
# in Papua and a hamlet elsewhere, and "dusun" a hamlet (not in the register): no unit.
UNIT_WORDS = {
    "provinsi": "province", "prov": "province", "kabupaten": "regency", "kab": "regency",
    "kota": "city", "kecamatan": "district", "kec": "district", "distrik": "district",
    "desa": "village", "kelurahan": "village", "kel": "village", "gampong": "village",
    "nagari": "village",
}
# Units only Indonesia has: the name after them is an Indonesian place or a local one.
INDONESIAN_UNITS = {"desa", "kelurahan", "kecamatan", "kabupaten", "kab", "kampung", "dusun",
                    "nagari", "gampong", "kel", "kec"}


TWO_WORD_PREFIXES = {
    ("negara", "bagian"): "region", ("city", "of"): "city", ("town", "of"): "city",
    ("village", "of"): "other", ("district", "of"): "other", ("region", "of"): "region",
    ("regions", "of"): "region", ("province", "of"): "region", ("state", "of"): "region",
    ("island", "of"): "region", ("suburb", "of"): "other", ("neighborhood", "of"): "other",
    ("neighbourhood", "of"): "other", ("area", "of"): "other", ("port", "of"): "city",
    ("kamp", "pengungsi"): "other", ("kamp", "pengungsian"): "other",
}


NATURAL_FEATURES = {"sungai", "gunung", "pulau", "danau", "selat", "teluk", "pantai", "lembah"}


KEPT_PREFIXES = {
    "jalan", "jl", "jln", "gunung", "selat", "pulau", "pantai", "lembah", "danau", "teluk",
    "laut", "sungai", "lapangan", "taman", "gletser", "pegunungan", "mount", "lake", "mt",
    "tanjung", "samudra", "samudera", "alun", "lorong",
}
# English names end with the feature they name ("Kern County", "Ohio River", "Erskine Creek
# Road", "Antelope Valley"): the name before the word is a place of that kind.
FEATURE_SUFFIXES = {
    "county", "river", "creek", "valley", "canyon", "forest", "mountains", "hills", "island",
    "islands", "bay", "beach", "coast", "peninsula", "desert", "road", "street", "avenue",
    "boulevard", "parkway", "highway", "freeway", "square", "park", "lake", "estates",
    "heights", "springs", "plain", "plateau", "gorge", "falls", "glacier", "reservoir",
    "province",
}
# Lower-case words inside or after a road's name ("jalan raya Tuban-Babat", "Thika-Garissa
# highway"): see place_routes.
ROAD_WORDS = {"raya", "tol", "lintas", "highway", "road", "expressway", "freeway", "motorway",
              "bypass", "refugee", "camp", "neighbourhood", "neighborhood", "district", "suburb",
              "quarter", "village", "town", "area", "local", "government", "tribal", "region"}
# English compass words that open a region's name ("North West Frontier Province", "Central
# Park"): common words alone, but part of a name before a feature word.
COMPASS_EN = {"north", "south", "east", "west", "central"}
# Streets are often named after features or people with titles ("Jalan Teluk Bayur",
# "Jalan Dg. Ramang"): after these the name may open with a feature word or an abbreviation.
STREET_PREFIXES = {"jalan", "jl", "jln", "lorong"}
# Directions that name a point of the compass, not a place ("arah Barat Daya").
COMPASS_WORDS = {"utara", "selatan", "barat", "timur", "tenggara", "daya", "laut", "tengah"}


ORG_HEADS = {
    "polda", "polres", "polresta", "polrestabes", "polsek", "kapolda", "kapolres", "kapolsek",
    "kapolresta", "kapolrestabes", "kodam", "kodim", "korem", "koramil", "pangdam", "dandim",
    "danrem", "bpbd", "basarnas", "pemkab", "pemkot", "pemprov", "dprd", "kpu", "kpud", "bnpb",
    "universitas", "univ", "bandara", "stasiun", "rs", "rsud", "rsup", "hotel", "pelabuhan",
    "pengadilan", "kejaksaan", "kejari", "kejati", "bank", "isis", "pt", "institut", "museum",
    "masjid", "gereja", "sekolah", "sd", "smp", "sma", "smk", "mts", "kantor", "dinas", "puskesmas",
    "rumah", "perumahan", "stadion", "terminal", "lapas", "rutan", "vts", "kedutaan",
    "kedubes", "konsulat", "polairud", "satpolairud", "pn", "pa", "bmkg", "pdam", "pln", "bpjs",
    "cnn", "bbc", "kompas", "detik", "metro", "tvri", "antara",
    "university", "airport", "hospital", "embassy", "port", "station", "college",
    "school", "stadium", "perjanjian", "kesepakatan", "deklarasi", "pomdam", "rsia",
    "unit", "satuan", "brigade", "batalyon", "yonif", "armed", "kostrad", "kopassus", "lanud",
    "lantamal", "lanal", "danlanud", "polisi", "pos", "posko", "pasar", "mal", "mall", "plaza",
    "bandar", "tol", "pasukan", "korps", "badai", "topan", "siklon", "hurricane", "storm",
    "typhoon", "cyclone", "operasi", "bbmkg", "balai", "dw", "voa", "nbc", "abc", "cbs",
    "istana", "gedung",
}


ORG_TAILS = {
    "stock", "exchange", "university", "airport", "hospital", "times", "post", "police",
    "department", "club", "journal", "herald", "tribune", "institute", "bank", "hotel",
    "stadium", "station", "council", "party", "army", "airlines", "airways", "fc", "united",
    "city", "tv", "news", "daily", "gazette", "college", "school", "museum", "zoo", "court",
    "agreement", "accord", "convention", "declaration", "summit", "marathon", "international",
    "reuters", "commuter", "center", "centre", "sport", "sports", "mall",
}


PERSON_TITLES = {
    "pak", "bu", "bapak", "ibu", "mr", "mrs", "ms", "dr", "akbp", "kompol", "akp", "iptu", "ipda",
    "aiptu", "aipda", "bripka", "brigadir", "briptu", "bripda", "kombes", "brigjen", "irjen",
    "jenderal", "kapten", "letkol", "kolonel", "mayor", "serka", "sertu", "praka", "pratu",
    "kopda", "serda", "sir", "saint", "st", "haji", "hj", "h", "ustaz", "kiai", "kh", "nyonya",
    "tuan", "adik", "kakak", "anak", "putra", "putri", "bin", "binti", "kata", "ujar", "ucap",
    "tutur", "ungkap", "jelas", "bernama", "said", "says", "told", "named",
}


LOCATIVE_CUES = {
    "di", "ke", "dari", "in", "at", "near", "from", "to", "kawasan", "wilayah", "daerah",
    "sekitar", "menuju", "arah", "dekat", "around", "outside", "across", "into", "towards",
    "toward", "asal", "kota", "desa", "kampung", "dusun", "kecamatan", "kelurahan", "kabupaten",
    "provinsi", "distrik", "terjadidi", "lokasi", "bupati", "gubernur", "walikota", "camat",
    "lurah", "kades", "warga", "penduduk", "kapal", "pesisir", "perairan", "pedalaman",
}


CONNECTORS = {"al", "el", "ad", "ar", "as", "ash", "de", "del", "da", "du", "of", "and", "dan",
              "la", "le", "bin", "ibn", "on", "upon", "am", "an", "der", "den"}


# Lower-case words that may sit inside a name no gazetteer knows (after Desa, Jalan ...).
NAME_CONNECTORS = {"al", "el", "ad", "ar", "ash", "de", "del", "da", "du", "la", "le", "bin"}


DIRECTIONS = {"utara", "selatan", "barat", "timur", "tengah", "baru", "lama", "raya", "jaya",
              "wetan", "kulon", "lor", "kidul", "hilir", "hulu", "ilir", "ulu", "atas", "bawah",
              "besar", "kecil", "dalam", "luar", "indah", "makmur", "sari", "mulia", "asri"}


STRONG_CUES = {"wilayah", "kawasan", "daerah", "perairan", "pesisir", "pedalaman"}


FACILITY_NOUNS = {"perumahan", "hotel", "bandara", "stasiun", "pelabuhan", "kompleks", "gedung",
                  "masjid", "pasar", "terminal", "sekolah", "kampus", "penjara", "markas"}


NOT_PLACES = {"white house", "pentagon", "kremlin", "capitol", "vatican city", "wall street"}


# Capitalised at a sentence start or in titles, and also a town somewhere: never a place alone.
COMMON_WORDS = frozenset({
    "para", "luka", "bukan", "selatan", "utara", "barat", "timur", "tengah", "negara",
    "sumber", "baru", "kota", "desa", "pada", "dari", "dalam", "untuk", "dengan", "yang",
    "ini", "itu", "saat", "setelah", "sebelum", "namun", "tetapi", "menurut", "kata", "ujar",
    "polisi", "warga", "korban", "tim", "pihak", "hingga", "sejak", "kini", "masih", "akan",
    "sudah", "telah", "juga", "bahkan", "selain", "sementara", "adapun", "sedangkan",
    "kemudian", "lalu", "karena", "sehingga", "jika", "kalau", "bila", "meski", "walau",
    "agar", "supaya", "semua", "seluruh", "banyak", "beberapa", "sebagian", "satu", "dua",
    "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "ratusan",
    "ribuan", "puluhan", "sekitar", "hampir", "lebih", "kurang", "tidak", "belum", "ada",
    "bagi", "oleh", "atas", "bawah", "antara", "tentang", "serta", "atau", "dan", "tapi",
    "hanya", "baik", "besar", "kecil", "jalan", "rumah", "pasar", "kantor", "gedung", "laut",
    "sungai", "gunung", "pulau", "danau", "selat", "teluk", "pantai", "lembah", "hutan",
    "taman", "presiden", "menteri", "gubernur", "bupati", "wali", "kepala", "ketua", "camat",
    "lurah", "raja", "ratu", "tentara", "pasukan", "militer", "kelompok", "kami", "kita",
    "mereka", "dia", "ia", "saya", "aku", "anda", "bapak", "ibu", "pak", "bu", "senin",
    "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "islam", "muslim", "kristen",
    "allah", "tuhan", "masjid", "gereja", "sekolah", "agama", "hari", "bulan", "tahun", "jam",
    "pukul", "waktu", "malam", "pagi", "siang", "sore", "bagian", "lokasi", "tempat", "daerah",
    "wilayah", "kawasan", "provinsi", "kabupaten", "kecamatan", "kelurahan", "dusun",
    "kampung", "distrik", "januari", "februari", "maret", "april", "mei", "juni", "juli",
    "agustus", "september", "oktober", "november", "desember", "the", "a", "an", "in", "on",
    "at", "of", "for", "to", "by", "with", "from", "as", "but", "and", "or", "he", "she", "it",
    "they", "we", "this", "that", "these", "those", "there", "here", "police", "president",
    "minister", "officials", "said", "also", "after", "before", "when", "while", "more",
    "most", "some", "many", "all", "one", "two", "three", "no", "not", "mayor", "governor",
    "king", "general", "army", "state", "city", "north", "south", "east", "west", "central",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "may", "june", "july", "august", "october", "december", "news",
    "reuters", "times", "post", "media", "pers", "berita", "jaya", "raya", "merdeka", "damai",
    "sentosa", "indah", "makmur", "mulia", "sejahtera", "harapan", "bahagia", "sari", "mekar",
    "jati", "asri", "permai", "tunggal", "mandiri", "bersama", "bersatu", "kasih", "cinta",
    "suka", "duka", "mati", "hidup", "tanah", "air", "api", "angin", "hujan", "banjir",
    "longsor", "gempa", "badai", "pantura", "darat", "udara", "kapal", "perahu", "bus",
    "mobil", "motor", "truk", "kereta", "pesawat", "tol", "dinas", "badan", "lembaga",
    "komisi", "dewan", "partai", "ormas", "satgas", "tni", "polri", "kpk", "bnpb", "bpbd",
    "sar", "sekda", "kades", "kadis", "ayah", "anaknya", "adiknya", "ibunya", "ayahnya",
    "istri", "suami", "orang", "ketika", "kala", "tiba", "siapa", "apa", "mengapa",
    "bagaimana", "dimana", "kapan", "benar", "salah", "betul", "ya", "tak", "jangan", "mari",
    "ayo", "terima", "selamat", "semoga", "mohon", "tolong", "baca", "simak", "lihat", "foto",
    "video", "editor", "penulis", "reporter", "nov", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "dec", "agu", "okt", "des", "hamas", "hizbullah", "hezbollah",
    "taliban", "houthi", "isis", "perdana", "selama", "selagi", "semasa", "pendopo", "aula",
})


# Lower-case words the rules look at; the tokenizer keeps only these and capitalised words.
KEPT_LOWER = frozenset(
    set(DROPPED_PREFIXES) | {w for pair in TWO_WORD_PREFIXES for w in pair} | KEPT_PREFIXES
    | LOCATIVE_CUES | CONNECTORS | NAME_CONNECTORS | STRONG_CUES | FACILITY_NOUNS | PERSON_TITLES
    | {"dan", "and", "serta", "rumah", "sakit", "rt", "rw"}
    | ROAD_WORDS
)
