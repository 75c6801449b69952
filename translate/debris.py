"""Scraped debris: the lines of a news page that are not the story, marked with a reason.

Sites wrap a story in sign-offs, bylines, repeated photo captions, "Baca
juga" links, promotions, ad markers and other stories' headlines; scrapers
keep them. One text-level pass marks them, for articles read from text files
and from HTML alike. Nothing is deleted: a marked paragraph keeps its place
and text, is shown dimmed, and is simply not sent to the model. A byline
prefix of the first paragraph ("Jakarta, CNN Indonesia --") and a site tag
after the title (" | 31left") are split off into the article's metadata,
so the story text itself translates clean.

A story paragraph marked by mistake costs the reader more than debris left
in, so every rule asks for strong evidence: exact phrases, a lone line, or a
text repeated on the page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# The reasons, as exports and the reader show them.
SIGN_OFF = "sign-off"
CAPTION = "caption"
RELATED = "related"
PROMO = "promo"
AD = "ad"
HEADLINE = "headline"
DATELINE = "dateline"
BY_HAND = "marked by hand"
REASONS = (SIGN_OFF, CAPTION, RELATED, PROMO, AD, HEADLINE, DATELINE, BY_HAND)

_DASH = r"(?:-{1,2}|[\u2013\u2014])"  # hyphens, en or em dash
_DAY = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu)"
_MONTH = (
    r"(?:Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember)"
)
_PLACE = r"[A-Z][A-Za-z'.]+(?:\ [A-Z][A-Za-z'.]+){0,2}"  # escaped spaces: used in verbose patterns
# How Indonesian outlets open a story: a place, the outlet, a dash.
_BYLINE = re.compile(
    rf"""^(?:
        {_PLACE},\ CNN\ Indonesia\ *{_DASH}
      | (?:{_PLACE},\ )?KOMPAS\.com\ *{_DASH}
      | TEMPO\.CO,\ {_PLACE}\ *{_DASH}
      | {_PLACE}\ \(ANTARA\)\ *{_DASH}
      | {_PLACE},\ (?:detikNews|detikcom|Liputan6\.com|suara\.com|okezone)\ *{_DASH}
      | [\w-]+(?:\.[\w-]+)*\.(?:com|co\.id|id|net|org)\ *{_DASH}
        \ *{_DAY},\ \d{{1,2}}\ {_MONTH}\ \d{{4}}
      | [A-Z][A-Za-z]+(?:\ [A-Z][A-Za-z]+)?\ -{{1,2}}(?=\ +[A-Z0-9“"])
    )\ +(?=\S)""",
    re.VERBOSE,
)
# " | 31left" after a headline: a short tag with no sentence in it.
_SITE_TAG = re.compile(r"\s+\|\s+([^|.!?]{1,30})$")

_SIGN_OFF = re.compile(
    r"""^(?:
        \(\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})+\s*\)        # (nvc/nvc), (isa/rds)
      | (?:Pewarta|Editor|Penulis|Reporter|Penyunting|Author|Sumber)\s*:\s*\S.{0,80}
      | (?:Hak\ Cipta|Copyright|COPYRIGHT)\b.*
      | .{0,40}©.{0,120}
    )$""",
    re.VERBOSE,
)
_RELATED = re.compile(
    r"^(?:Baca\s+juga|Lihat\s+juga|Simak\s+juga|Simak\s+video|Tonton\s+juga|Pilihan\s+Editor"
    r"|Berita\s+terkait|Artikel\s+terkait|Baca\s+selengkapnya)\b\s*:?",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"(?:Dapatkan\s+update\s+berita|Simak\s+breaking\s+news|Mari\s+bergabung|Grup\s+Telegram"
    r"|Saluran\s+WhatsApp|KLIK\s+DI\s+SINI|Klik\s+di\s+sini\s+untuk|Ikuti\s+(?:kami|berita)"
    r"|Download\s+(?:aplikasi|app)|Unduh\s+aplikasi|Leave\s+a\s+Comment|Tinggalkan\s+komentar"
    r"|berita\s+pilihan\s+kami\s+langsung)",
    re.IGNORECASE,
)
_AD = re.compile(
    r"^(?:ADVERTISEMENT|Advertisement|IKLAN|Iklan|SCROLL TO CONTINUE WITH CONTENT|"
    r"SCROLL TO RESUME CONTENT|Sponsored|Konten Bersponsor)$"
)
# A photo credit after a repeated caption: "(ANTARA FOTO/...)", "(Foto: ...)", "(AP Photo)".
_CREDIT = re.compile(r"^\s*[(\[].{2,120}[)\]]\s*$")
_DATE_LINE = re.compile(
    rf"^(?:{_DAY},?\s+)?\d{{1,2}}\s+{_MONTH}\s+\d{{4}}(?:[,\s|]+\d{{1,2}}[:.]\d{{2}}(?:\s*WI[BTA])?)?$",
    re.IGNORECASE,
)
_LONE_DASH = re.compile(r"^[-\u2013\u2014_*\u2022|\u00b7]+$")
_SENTENCE_END = re.compile(r"[.!?\u2026:;\"\u201d\u2019)]$")


def _words(text: str) -> list[str]:
    return text.split()


def _fold(text: str) -> str:
    """Compare captions whatever their spacing, case and quote style."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[\u201c\u201d\u201e\"'\u2018\u2019`]", "", text).split())


def _is_capitals_headline(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if len(_words(text)) < 4 or len(letters) < 20 or text.rstrip().endswith("."):
        return False
    upper = sum(c.isupper() for c in letters)
    return upper / len(letters) >= 0.75


def toggled(shown: str | None, automatic: str | None) -> tuple[str | None, bool]:
    """A person's toggle of a paragraph shown with the reason ``shown`` (None: story).

    The verdict it becomes (``BY_HAND`` or None), and whether that needs a mark:
    a verdict the automatic marking (``automatic``) gives anyway is no mark.
    """
    wanted = None if shown else BY_HAND
    return wanted, (wanted is None) != (automatic is None)


def split_byline(text: str) -> tuple[str, str]:
    """``("Jakarta, CNN Indonesia --", "the story...")`` or ``("", text)``."""
    match = _BYLINE.match(text)
    if not match or len(text) - match.end() < 20:
        return "", text
    return match.group(0).strip(), text[match.end() :]


def split_site_tag(title: str) -> tuple[str, str]:
    """``("headline", "31left")`` from ``"headline | 31left"``, else ``(title, "")``."""
    match = _SITE_TAG.search(title)
    if not match or len(_words(match.group(1))) > 3 or len(title) - len(match.group(0)) < 10:
        return title, ""
    return title[: match.start()], match.group(1).strip()


def _head_zone(texts: list[str]) -> int:
    """How many leading paragraphs come before the first one that is plainly story text."""
    for number, text in enumerate(texts):
        if len(_words(text)) >= 12 or (len(_words(text)) >= 5 and _SENTENCE_END.search(text)):
            return number
    return len(texts)


def _line_reason(text: str, in_head: bool) -> str | None:
    words = _words(text)
    if _AD.match(text):
        return AD
    if _SIGN_OFF.match(text):
        return SIGN_OFF
    if _RELATED.match(text):
        return RELATED
    if len(words) <= 40 and _PROMO.search(text):
        return PROMO
    if _LONE_DASH.match(text) or _DATE_LINE.match(text):
        return DATELINE
    # A lone outlet or place name above the story ("CNN", "Hongkong", "Big News Network").
    if in_head and len(words) <= 3 and len(text) <= 30 and not _SENTENCE_END.search(text):
        return DATELINE
    if _is_capitals_headline(text):
        return HEADLINE
    return None


def _caption_pairs(texts: list[str], captions: Iterable[str]) -> set[int]:
    """Paragraphs that are photo captions: repeated in the body, or equal to the page's captions."""
    folded = [_fold(t) for t in texts]
    known = {c for c in (_fold(c) for c in captions) if len(_words(c)) >= 4}
    marked: set[int] = set()
    for i, text in enumerate(folded):
        if len(_words(text)) < 4:
            continue
        if text in known or any(
            text.startswith(c) and _CREDIT.match(text[len(c) :]) for c in known
        ):
            marked.add(i)
        for j in range(i + 1, min(i + 4, len(folded))):
            other = folded[j]
            if other == text or (
                other.startswith(text) and _CREDIT.match(other[len(text) :]) is not None
            ):
                marked.update((i, j))
    return marked


def mark(texts: list[str], captions: Iterable[str] = ()) -> list[str | None]:
    """The debris reason of each body paragraph (``None`` for story), in order.

    ``captions`` are the page's figure captions and image alt texts, where the
    article came from HTML.
    """
    head = _head_zone(texts)
    reasons = [_line_reason(text, number < head) for number, text in enumerate(texts)]
    for number in _caption_pairs(texts, captions):
        reasons[number] = reasons[number] or CAPTION
    return reasons
