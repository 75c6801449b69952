# Typographic quotes are data here:

"""The word tables the checks read: Indonesian and English number words and
scales, capitalised Indonesian words with their English renderings, and the
function words that betray an untranslated clause.

Data only; ``checks`` holds the rules that use them.
"""

from __future__ import annotations

# Scale words after a number, Indonesian and English: the power of ten they add.
SCALES = {
    "ribu": 3, "rb": 3, "thousand": 3,
    "juta": 6, "jt": 6, "million": 6, "mln": 6, "mn": 6,
    "miliar": 9, "milyar": 9, "billion": 9, "bn": 9, "bln": 9,
    "triliun": 12, "trillion": 12, "tn": 12, "trn": 12,
}  # fmt: skip
EN_SCALE_NAME = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}

# Number words: matched as values so "dua" -> "2" or "6" -> "six" pass, never
# required. Units add, "belas" adds ten, "puluh"/"ratus"/"hundred" multiply the
# running group, scale words close it.
ID_NUMBER_WORDS = {
    "nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
    "seribu": 1000, "sejuta": 10**6, "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4,
    "kelima": 5, "keenam": 6, "ketujuh": 7, "kedelapan": 8, "kesembilan": 9,
    "kesepuluh": 10, "setengah": 0.5, "separuh": 0.5,
}  # fmt: skip
EN_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "first": 1, "second": 2,
    "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "half": 0.5, "once": 1,
    "twice": 2,
}  # fmt: skip
MULTIPLIERS = {"puluh": 10, "ratus": 100, "hundred": 100}
TEEN = "belas"
JOINERS = {"and"}  # "one hundred and five"

# Capitalised Indonesian words that a translation renders in English, mapped to
# the English forms that count as present (matched as word prefixes, so "Russia"
# covers "Russian"). An empty tuple: a title or common word whose translation
# varies too much to check ("Kementerian Luar Negeri" -> "Foreign Ministry").
TRANSLATED: dict[str, tuple[str, ...]] = {
    # days and months
    "senin": ("monday",), "selasa": ("tuesday",), "rabu": ("wednesday",),
    "kamis": ("thursday",), "jumat": ("friday",), "sabtu": ("saturday",),
    "minggu": ("sunday", "week"), "januari": ("january",), "februari": ("february",),
    "maret": ("march",), "april": ("april",), "mei": ("may",), "juni": ("june",),
    "juli": ("july",), "agustus": ("august",), "september": ("september",),
    "oktober": ("october",), "november": ("november",), "desember": ("december",),
    # countries, places and peoples with an English name
    "rusia": ("russia",), "tiongkok": ("china", "chinese"), "cina": ("china", "chinese"),
    "china": ("china", "chinese"),
    "amerika": ("america", "us", "united states", "u s"), "serikat": ("states", "us", "u s"),
    "as": ("us", "u s", "united states", "america", "washington"),
    "belanda": ("netherlands", "dutch", "holland"),
    "jerman": ("germany", "german"), "prancis": ("france", "french"),
    "perancis": ("france", "french"), "inggris": ("britain", "british", "uk", "england", "english"),
    "jepang": ("japan",), "mesir": ("egypt",), "turki": ("turkey", "turkish", "turkiye"),
    "yunani": ("greece", "greek"), "spanyol": ("spain", "spanish"), "italia": ("italy", "italian"),
    "belgia": ("belgium", "belgian"), "swiss": ("switzerland", "swiss"),
    "swedia": ("sweden", "swedish"), "norwegia": ("norway", "norwegian"),
    "finlandia": ("finland", "finnish"), "polandia": ("poland", "polish"),
    "filipina": ("philippines", "filipino", "philippine"), "singapura": ("singapore",),
    "selandia": ("zealand",), "irak": ("iraq",), "suriah": ("syria",), "yordania": ("jordan",),
    "palestina": ("palestin",), "afrika": ("africa",), "brasil": ("brazil",),
    "meksiko": ("mexico", "mexican"), "kanada": ("canada", "canadian"), "kuba": ("cuba",),
    "hongkong": ("hong kong",), "eropa": ("europe",), "uni": ("union", "eu"),
    "pbb": ("un", "united nations"), "ue": ("eu", "european union"), "ktt": ("summit",),
    "arab": ("arab",), "korea": ("korea",), "yahudi": ("jew",), "kristen": ("christian",),
    "katolik": ("catholic",), "tuhan": ("god", "lord"), "natal": ("christmas",),
    "soviet": ("soviet", "ussr"), "kiev": ("kyiv", "kiev"), "kyiv": ("kyiv", "kiev"),
    # compass points and geography inside names: "Laut Hitam" -> "Black Sea"
    "utara": ("north",), "selatan": ("south",), "timur": ("east",), "barat": ("west",),
    "tenggara": ("southeast", "south east"), "tengah": ("central", "middle"),
    "laut": ("sea",), "hitam": ("black",), "merah": ("red",), "putih": ("white",),
    "samudra": ("ocean",), "pulau": ("island",), "gunung": ("mount",), "sungai": ("river",),
    "selat": ("strait",), "teluk": ("gulf", "bay"),
    # titles, bodies and words of official names
    "presiden": ("president",), "menteri": ("minister",), "perdana": ("prime",),
    "wakil": (), "kementerian": (), "luar": (), "negeri": (), "dalam": (), "gubernur": (),
    "bupati": (), "walikota": (), "wali": (), "kota": (), "kepala": (), "ketua": (),
    "direktur": (), "jenderal": (), "sekretaris": (), "duta": (), "besar": (), "raja": (),
    "ratu": (), "pangeran": (), "dewan": (), "majelis": (), "mahkamah": (), "agung": (),
    "badan": (), "komisi": (), "partai": (), "dinas": (), "pemerintah": (), "polisi": (),
    "angkatan": (), "darat": (), "udara": (), "universitas": (), "rumah": (), "sakit": (),
    "jalan": (), "provinsi": (), "kabupaten": (), "desa": (), "perang": (), "dunia": (),
    "bangsa": (), "rakyat": (), "aula": (), "istana": (), "gedung": (), "nasional": (),
    "internasional": (), "konferensi": (), "intelijen": (), "tinggi": (), "bapak": (),
    "ibu": (), "pak": (), "bu": (), "tuan": (), "nyonya": (), "dr": (), "prof": (),
    "sabuk": (), "inisiatif": (), "organisasi": (), "kerjasama": (), "hak": (), "cipta": (),
    "baru": (), "raya": (), "kantor": (), "berita": (), "wib": (), "wita": (), "wit": (),
    "tni": (), "polri": (), "dpr": (), "mpr": (), "kpk": (), "ri": (), "kedutaan": (),
    "kedubes": (), "komandan": (), "panglima": (), "juru": (), "bicara": (),
}  # fmt: skip


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Indonesian function words: any of them in English output means a clause or more
# went through untranslated. None is an English word.
FUNCTION_WORDS = wordset(
    """yang dan untuk dengan dari tidak akan telah sudah dalam pada ini itu kata bahwa
    juga oleh atau karena tetapi namun sebagai adalah merupakan bisa dapat harus masih
    lebih sangat para mereka kami kita saya dia belum secara antara kepada terhadap
    tersebut seperti setelah sebelum ketika saat sejak hingga sampai bagi agar supaya
    jika kalau maka serta bahkan hanya sedang lagi tentang menurut yaitu ialah
    kemudian sementara selama tanpa melalui"""
)

# Indonesian words spelled like an English word, borrowings kept as they are or
# false friends ("main" = play): seen in both texts, they prove nothing.
SHARED_WORDS = wordset(
    """data media video internet hotel motel status total radio film bank normal global
    final formal festival visa virus corona agenda arena area opera drama piano model
    senior junior digital online offline email website software startup game golf
    tank panel level label novel mental moral ideal vital fatal brutal visual manual
    minimal optimal liberal federal regional internal mineral material bilateral
    unilateral multilateral multipolar mentor donor motor monitor editor investor
    rumor humor operator senator sponsor tumor vendor interior superior inferior
    bonus minus plus radius genius campus main demo pose pilot bias lift halo pizza
    pasta aroma sandal modal kiosk polo menu user mall cafe super premium jeans
    solar ball rock band fans kilometer kilogram meter liter gram watt index taxi studio dollar
    euro yuan rupiah sultan imam hamas anti ultra mini semi forum dialog proposal
    propaganda program target volume formula item rival tender sensor elite album
    merger lockdown veto embargo drone radar left"""
)
