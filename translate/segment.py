"""Sentence segmentation for Indonesian paragraphs, and cutting pieces to a token budget.

Marian and NLLB models are trained on single sentences and truncate long input,
so every paragraph is cut into sentences (:func:`split_sentences`) and any
sentence still longer than the model's input limit is cut further at clause
punctuation, then at whitespace, then, as a last resort, between characters
(:func:`split_to_fit`). Pieces are returned as character :class:`Span` s, never
as rewritten text: the paragraph is exactly the spans plus the whitespace gaps
between them, so translations can be joined back with the source's own
separators and no character is ever lost or altered.

Why sentencex
-------------
``sentencex`` (Wikimedia; Rust core, MIT, actively released) is the base
segmenter. It has no Indonesian rules of its own (``"id"`` gets its generic
rules and a small English abbreviation list), but the generic machinery is
sound: terminator runs (``?!``, ``...``), closing quotes and brackets kept
with the sentence they end, an ellipsis before a lowercase word kept inside
the sentence, e-mail addresses, exact character offsets (the others return
strings that must be re-aligned), and it is fast to import and to run. The
other candidates (sentence-splitter, pysbd, syntok, NLTK punkt) have no
Indonesian rules either and did no better on our labelled set, so the base
is the maintained, fast one with offsets, plus the small rule layer below.
bench/README.md has the evaluation (``python bench/segmentation_eval.py``).

Where sentencex fails on Indonesian news, and the rule layer that fixes it
------------------------------------------------------------------------------
Candidate boundaries come from two places:

* sentencex's boundaries;
* one extra proposal: a terminator run (``. ! ? …``, with any closing quotes or
  brackets) followed by whitespace and a capital letter or a domain name.
  sentencex withholds these inside quotations (``“Ini langkah. Rusia ...”``),
  after ``…`` (``bilateral… Pertukaran``), after a URL (``www.bps.go.id. Data``)
  and after words on its English list (``Inc.``, ``etc.``, ``Grup A.``).

Every candidate is then vetoed (merged away) when, in this order:

1. there is no whitespace at it: it is inside a token (``detik.com``,
   ``nama@mail.co.id``, ``10.30``, ``Rp 1.500.000``, ``Sp.PD``);
2. either side has no letter or digit (a stray ``‘`` or ``.`` after a quote);
3. the left side is only a list marker (``1.``), or ends with one right after
   ``:``/``;``/``,``/``dan``/``atau`` (an inline list, ``syaratnya: 1. KTP``);
4. the left side ends with an abbreviation that never ends a sentence
   (``_NEVER_FINAL``: titles, company and address prefixes, ``Rp.``, ``s.d.``);
5. the right side starts (after opening quotes/brackets) with a lowercase
   letter or continuation punctuation (``,`` ``;`` ``)`` ...), unless its first
   word is a domain name, camel-cased or ``dr.`` (``detik.com``, ``iPhone``,
   ``dr. Terawan``). Indonesian sentences start with a capital, so a lowercase
   start means the full stop was not the end (``dll. yang``, ``Feb. hingga``,
   ``sejenak... lalu``, ``“...!” katanya``, scraped text with a stray stop);
6. the left side ends with an abbreviation that may end a sentence
   (``_MAY_BE_FINAL``: degrees, ``Tbk.``, ``dll.``, month names) and the right
   side starts with a digit, ``(`` or another degree (``17 Agu. 2024``,
   ``Tbk. (UNVR)``, ``S.H. M.Si.``), unless it is initials after a title
   (``Jl. M.H. Thamrin``: rule 7);
7. the left side ends with name initials before a capitalised word
   (``Susilo B. Yudhoyono``, ``B.J. Habibie``, ``Jl. M.H. Thamrin``): two or
   more initials, or initials after a title, always merge; a single one only
   after a capitalised word that is not a label such as ``Grup``/``Tim``/
   ``Vitamin`` (``lolos dari Grup A. Lawan ...`` still splits).

sentencex also sometimes ends a sentence with the opening quote of the next one
(``Center. “`` + ``Lukashenka ...``); that quote is given back to its sentence.

Known remaining failures (each checked): ``Direktur Utama PT X Tbk. Darmawan
Junaidi ...`` splits after ``Tbk.`` (a name in apposition; in the labelled set
as a known failure); a name ending in a single initial at the end of a sentence
does not split (``... oleh Budi S. Ia ...``); a sentence starting with a
lowercase word (a typo, but scraped text has them) or with a digit after a
``dll.``-like abbreviation (``... dll. 20 orang ...``) is merged; sentences
glued without a space (``kemarin.Ia``) are not split.
"""

# Typographic quotes and dashes (“ ” ‘ ’ – —) are this module's subject, not typos:
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import sentencex

LANGUAGE = "id"


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph: ``text[start:end]`` (character offsets)."""

    start: int
    end: int


# --- Abbreviations -------------------------------------------------------------
# Stored lowercase, without the final full stop, inner dots kept ("s.h" is
# "S.H."). Only words that end with "." are looked up.

# Never end a sentence: they always stand before a name, number or place, so a
# full stop after them is never a boundary, whatever follows.
_NEVER_FINAL = frozenset(
    {
        # Titles and honorifics (Dr. / dr. = doctor, H./Hj./KH. = haji, hajah, kiai haji).
        "dr", "drg", "prof", "ir", "drs", "dra", "h", "hj", "kh", "ny", "nn", "tn", "sdr",
        "sdri", "bpk", "bp", "pdt", "ust", "mgr", "yth",
        # Military and police ranks when written with a full stop.
        "jend", "kol", "letkol", "mayjen", "brigjen", "letjen", "kapt", "komjen", "irjen",
        # Titles in English-language names quoted by Indonesian media.
        "mr", "mrs", "ms", "st", "rev", "gen", "lt", "sgt", "capt", "hon",
        # Company forms placed before the name (PT. Adhi Karya, CV. Maju Jaya).
        "pt", "cv", "ud",
        # Addresses: jalan, gang, nomor, kecamatan, kabupaten, kelurahan, desa, kampung,
        # kompleks, provinsi, RT/RW.
        "jl", "jln", "gg", "no", "kec", "kab", "kel", "ds", "kp", "komp", "prov", "rt", "rw",
        # Money, dates and numbers: Rp. 50.000, Th. 2021 (tahun), bulan, telepon.
        "rp", "th", "thn", "bln", "tel", "telp", "hp", "nip",
        # Latin-style and letter-writing shorthand: atas nama, untuk perhatian, sampai
        # dengan, versus, tanggal, halaman, pukul, lihat, bandingkan, circa, casu quo.
        "a.n", "u.p", "u.b", "s.d", "vs", "tgl", "hlm", "pkl", "lih", "bdk", "ca", "c.q",
        "q.q", "lamp",
    }
)  # fmt: skip

# Degrees written after a name (S.H., M.Si., Ph.D., Sp.PD.). They may end a sentence
# ("dipimpin hakim Sutrisno, S.H. Ia ..."), and a degree often follows another one.
_DEGREES = frozenset(
    {
        "s.h", "s.e", "s.sos", "s.pd", "s.kom", "s.t", "s.si", "s.ip", "s.ag", "s.ked",
        "s.farm", "s.psi", "s.hum", "s.i.kom", "s.ikom", "s.p", "s.kep", "s.tp", "s.ds",
        "s.h.i", "s.pd.i", "s.th", "m.h", "m.si", "m.m", "m.t", "m.pd", "m.kom", "m.sc",
        "m.a", "m.ag", "m.kes", "m.hum", "m.ikom", "m.e", "m.b.a", "m.eng", "m.ak", "m.kn",
        "ph.d", "b.a", "b.sc", "ll.m", "ll.b", "a.md", "dipl", "sp.pd", "sp.a", "sp.og",
        "sp.b", "sp.jp", "sp.s", "sp.m", "sp.kk", "sp.an", "sp.rad", "sp.p", "sp.kj",
    }
)  # fmt: skip

# May end a sentence, so they merge only before a digit, "(" or a degree (and, like
# every boundary, before a lowercase word).
_MAY_BE_FINAL = _DEGREES | frozenset(
    {
        # Company forms placed after the name (PT Telkom Indonesia Tbk. mencatat ...).
        "tbk", "persero", "inc", "ltd", "co", "corp", "llc", "plc", "bhd", "pte",
        # dan lain-lain, dan sebagainya, dan seterusnya, dan kawan-kawan, tersebut,
        # yang bersangkutan, sama dengan atas, et cetera, et al., Junior/Senior.
        "dll", "dsb", "dst", "dkk", "tsb", "ybs", "sda", "etc", "al", "jr", "sr",
        # Month abbreviations (12 Jan. 2024, 17 Agu. 2024), Indonesian and English.
        "jan", "feb", "mar", "apr", "jun", "jul", "agu", "agt", "ags", "aug", "sep", "sept",
        "okt", "oct", "nov", "des", "dec",
    }
)  # fmt: skip

# Capitalised words that label a single letter ("Grup A.", "Vitamin C.") rather than
# being a first name followed by an initial ("Susilo B. Yudhoyono").
_LETTER_LABELS = frozenset(
    {
        "grup", "group", "kelompok", "pool", "pot", "tipe", "type", "kelas", "golongan",
        "vitamin", "blok", "seri", "huruf", "opsi", "poin", "plan", "zona", "sektor",
        "gedung", "ruang", "menara", "tower", "lantai", "pintu", "gerbang", "terminal",
        "paket", "kategori", "level", "tahap", "fase", "babak", "lampiran", "hepatitis",
        "tim", "regu", "jalur", "koridor", "skenario", "model", "versi", "sesi", "gelombang",
    }
)  # fmt: skip

_OPENERS = "\"'“‘«([{"
_CONTINUATION = ",;:)]}%"

# The extra boundary proposal: a terminator run, closing quotes/brackets, whitespace.
_TERMINATOR_RUN = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NEXT_WORD = re.compile(r"\s*[\"'“‘«(\[{]*")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_LIST_MARKER = re.compile(r"\(?(?:\d{1,2}|[a-zA-Z])[.)]")
_DOMAIN_LIKE = re.compile(r"[\w-]+(?:\.[\w-]+)*(?:\.[a-zA-Z]{2,}|@[\w-]+\.[\w.-]+)")
_CAMEL = re.compile(r"[a-z]+[A-Z]")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of an Indonesian paragraph.

    Spans are in order, non-empty, without leading or trailing whitespace, and
    only whitespace lies between them (and before the first / after the last).
    """
    cuts = sorted(_library_cuts(text) | _extra_cuts(text))
    pieces: list[list[int]] = []
    previous = 0
    for cut in [*cuts, len(text)]:
        start, end = _trim(text, previous, cut)
        if start < end:
            if pieces and not _is_boundary(text, pieces[-1], start, end):
                pieces[-1][1] = end
            else:
                pieces.append([start, end])
        previous = cut
    return [Span(start, end) for start, end in pieces]


def sentencex_spans(text: str) -> list[Span]:
    """sentencex's own sentences, only whitespace-trimmed: the baseline the rules improve on."""
    spans, previous = [], 0
    for cut in [*sorted(_library_cuts(text, fix_openers=False)), len(text)]:
        start, end = _trim(text, previous, cut)
        if start < end:
            spans.append(Span(start, end))
        previous = cut
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _library_cuts(text: str, *, fix_openers: bool = True) -> set[int]:
    """Offsets where sentencex ends a sentence (its offsets are checked, never trusted)."""
    cuts: set[int] = set()
    position = 0
    # Lone surrogates (text decoded with surrogatepass) cannot cross into Rust; a
    # same-length stand-in keeps the offsets.
    checked = _SURROGATE.sub("\ufffd", text)
    for boundary in sentencex.get_sentence_boundaries(LANGUAGE, checked):
        piece = boundary["text"]
        if not checked.startswith(piece, position):
            break  # offsets we cannot line up with the text: use only those before
        position += len(piece)
        cut = position
        # sentencex sometimes ends a sentence with the opening quote of the next one
        # ('Center. “' + 'Lukashenka ...'): give the quote back to the sentence it opens.
        while fix_openers and cut > 0 and _opens(text, cut - 1):
            cut -= 1
        cuts.add(cut)
    cuts.discard(len(text))
    cuts.discard(0)
    return cuts


def _opens(text: str, i: int) -> bool:
    """Is ``text[i]`` an opening quote or bracket (one glued to the word after it)?"""
    if i + 1 >= len(text) or text[i + 1].isspace():
        return False
    return text[i] in "“‘«([{" or (text[i] in "\"'" and (i == 0 or text[i - 1].isspace()))


def _extra_cuts(text: str) -> set[int]:
    """Terminator + whitespace + capital letter or domain name: boundaries sentencex withholds."""
    cuts = set()
    for match in _TERMINATOR_RUN.finditer(text):
        opener = _NEXT_WORD.match(text, match.end())
        assert opener is not None  # the pattern matches the empty string too
        following = opener.end()  # past whitespace and openers
        if text[following : following + 1].isupper() or _DOMAIN_LIKE.match(text, following):
            cuts.add(match.end())
    return cuts


def _is_boundary(text: str, left: list[int], start: int, end: int) -> bool:
    """Does a sentence end between ``text[left[0]:left[1]]`` and ``text[start:end]``?"""
    if left[1] == start:  # 1. no whitespace: a full stop inside a token
        return False
    before, after = text[left[0] : left[1]], text[start:end]
    if not _has_word(before) or not _has_word(after):  # 2. stray punctuation
        return False
    words = before.split()
    last = words[-1]
    previous = words[-2] if len(words) > 1 else ""
    if _LIST_MARKER.fullmatch(last) and (  # 3. "1. Buka situs", "syaratnya: 1. KTP"
        len(words) == 1 or previous[-1] in ":;," or previous.lower() in ("dan", "atau")
    ):
        return False
    head = after.lstrip(_OPENERS)
    first_word = head.split(maxsplit=1)[0] if head else ""
    word = _abbreviation_key(last) if last.endswith(".") else ""
    if word in _NEVER_FINAL:  # 4. "Dr.", "Jl.", "PT.", "Rp.", "s.d."
        return False
    if head[:1].islower() or head[:1] in _CONTINUATION:  # 5. lowercase start
        return bool(
            _DOMAIN_LIKE.fullmatch(first_word.rstrip(".,;:!?"))
            or _CAMEL.match(head)
            or first_word in ("dr.", "drg.")
        )
    initials = last.lstrip(_OPENERS)
    is_initials = head[:1].isupper() and _INITIALS.fullmatch(initials)
    after_title = previous.endswith(".") and _abbreviation_key(previous) in _NEVER_FINAL
    if word in _MAY_BE_FINAL and not (is_initials and after_title):  # 6. "Tbk. (UNVR)"
        return not (
            head[:1].isdigit() or after[:1] == "(" or _abbreviation_key(first_word) in _DEGREES
        )
    if is_initials:  # 7. name initials: "Susilo B. Yudhoyono", "Jl. M.H. Thamrin"
        if len(initials) > 2 or after_title:
            return False
        name_like = previous[:1].isupper() and previous.lower() not in _LETTER_LABELS
        return not name_like
    return True


def _abbreviation_key(word: str) -> str:
    """The lookup key of a word: ``(Jl.`` -> ``jl``, ``S.H.,`` -> ``s.h``, ``02/RW.`` -> ``rw``."""
    return word.rsplit("/", 1)[-1].lstrip(_OPENERS).rstrip(".,;:").lower()


def _has_word(piece: str) -> bool:
    return any(ch.isalnum() for ch in piece)


# --- Cutting to a token budget ----------------------------------------------------

# Clause-level cut points: whitespace after clause punctuation, a dash, a closing
# bracket or quote, or a full stop that did not end a sentence ("mematikan. untuk").
_CLAUSE_GAP = re.compile(r"(?<=[,;:–—)\]}”’»\"!?.…])\s+|(?<=\s-)\s+")
_ANY_GAP = re.compile(r"\s+")
# Characters a cut must not precede: they belong to the character before them.
_JOINERS = {"\u200c", "\u200d", "\u034f"}


def split_to_fit(text: str, count_tokens: Callable[[str], int], max_tokens: int) -> list[Span]:
    """Sentence spans, with any sentence over ``max_tokens`` cut until every piece fits.

    A long sentence is cut at clause punctuation, then at whitespace, each time
    at the cut point nearest to where a balanced split would fall, and a run of
    text without whitespace (a long URL) between characters, never inside a
    grapheme (base character plus combining marks, joiners, variation
    selectors). Only whitespace lies between pieces, except after such a hard
    cut, where there is nothing. ``count_tokens`` is called about twice per
    piece produced (plus a binary search for hard cuts), never per character.
    A single grapheme over the limit is returned alone, as it cannot be cut.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
    fitter = _Fitter(text, count_tokens, max_tokens)
    pieces: list[Span] = []
    for span in split_sentences(text):
        pieces.extend(fitter.fit(span.start, span.end))
    return pieces


class _Fitter:
    def __init__(self, text: str, count_tokens: Callable[[str], int], max_tokens: int):
        self.text, self.count, self.max = text, count_tokens, max_tokens
        self._gaps: dict[int, tuple[list[int], list[int]]] = {}

    def fit(self, start: int, end: int, level: int = 0, tokens: int | None = None) -> list[Span]:
        if tokens is None:
            tokens = self.count(self.text[start:end])
        if tokens <= self.max:
            return [Span(start, end)]
        for usable in range(level, 2):  # clause gaps first, then any whitespace
            gap = self._nearest_gap(usable, start, end, tokens)
            if gap is None or (usable == 0 and not self._clause_cut_pays(start, end, gap, tokens)):
                continue
            left_end, right_start = gap
            # Children start again at this call's level: a part may still have clause gaps
            # even where this cut went to whitespace.
            return self.fit(start, left_end, level) + self.fit(right_start, end, level)
        return self._hard_cut(start, end, tokens)

    def _clause_cut_pays(self, start: int, end: int, gap: tuple[int, int], tokens: int) -> bool:
        """Is a clause cut worth it here, or would it only chip a sliver off the sentence?

        The nearest clause gap may sit right at one end ("Namun, ..."): then a
        balanced whitespace cut does better, unless the clause cut alone makes
        both sides fit (estimated by length).
        """
        share = (gap[0] - start) / (end - start)
        smaller = min(share, 1 - share)
        return smaller >= 0.15 or (1 - smaller) * tokens <= self.max

    def _gap_index(self, level: int) -> tuple[list[int], list[int]]:
        if level not in self._gaps:
            pattern = _CLAUSE_GAP if level == 0 else _ANY_GAP
            found = [(m.start(), m.end()) for m in pattern.finditer(self.text)]
            self._gaps[level] = ([a for a, _ in found], [b for _, b in found])
        return self._gaps[level]

    def _nearest_gap(self, level: int, start: int, end: int, tokens: int) -> tuple[int, int] | None:
        """The whitespace gap inside (start, end) nearest to a balanced split point."""
        starts, ends = self._gap_index(level)
        low = bisect.bisect_right(starts, start)
        high = bisect.bisect_left(starts, end)
        while high > low and ends[high - 1] >= end:  # a gap must leave text on both sides
            high -= 1
        if low >= high:
            return None
        parts = math.ceil(tokens / self.max)
        target = start + (end - start) * (parts // 2) / parts
        i = bisect.bisect_left(starts, target, low, high)
        best = min(
            (j for j in (i - 1, i) if low <= j < high), key=lambda j: abs(starts[j] - target)
        )
        return starts[best], ends[best]

    def _hard_cut(self, start: int, end: int, tokens: int) -> list[Span]:
        """Cut a whitespace-free run greedily into the longest prefixes that fit."""
        chars_per_token = max(1.0, (end - start) / max(tokens, 1))
        pieces = []
        while start < end:
            cut = self._longest_fit(start, end, chars_per_token)
            pieces.append(Span(start, cut))
            start = cut
        return pieces

    def _longest_fit(self, start: int, end: int, chars_per_token: float) -> int:
        """The furthest grapheme boundary ``cut <= end`` with ``text[start:cut]`` fitting.

        At least one grapheme is taken, even when it alone is over the limit.
        """

        def fits(cut: int) -> bool:
            return self.count(self.text[start:cut]) <= self.max

        # Invariant: text[start:good] fits (or is empty) and text[start:bad] does not (or
        # bad is past the end). Gallop from an estimate to bracket the answer, then
        # bisect: O(log n) counts, each on about one piece's worth of text.
        good, bad = start, end + 1
        probe = min(end, start + max(1, int(self.max * chars_per_token)))
        while True:
            if not fits(probe):
                bad = probe
                break
            good = probe
            if probe == end:
                return end
            probe = min(end, start + 2 * (probe - start))
        while bad - good > 1:
            middle = (good + bad) // 2
            if fits(middle):
                good = middle
            else:
                bad = middle
        cut = good
        while cut > start and not self._cuttable(cut):
            cut -= 1
        if cut == start:  # not even one grapheme fits: take one anyway
            cut = start + 1
            while cut < end and not self._cuttable(cut):
                cut += 1
        return cut

    def _cuttable(self, position: int) -> bool:
        """May the text be cut just before ``position`` without splitting a grapheme?"""
        char, before = self.text[position], self.text[position - 1]
        if unicodedata.category(char) in ("Mn", "Mc", "Me") or char in _JOINERS:
            return False
        if before in _JOINERS:
            return False
        code = ord(char)
        if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:  # variation selectors
            return False
        if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:  # skin tones, tag chars
            return False
        # Surrogate halves (only from broken input): keep a pair together.
        return not (0xDC00 <= code <= 0xDFFF and 0xD800 <= ord(before) <= 0xDBFF)
