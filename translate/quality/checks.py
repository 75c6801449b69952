# Typographic quotes, dashes and the times sign are data and output here:
# ruff: noqa: RUF001

"""Cheap checks of one machine translation (Indonesian -> English) against its source.

Each check looks for one known way a paragraph goes wrong and returns ``Flag``s: a
number that did not survive, a name that went missing, Indonesian left in the
output, a repetition loop, a length that cannot be right, or no output at all.
``attention`` folds a paragraph's flags into one score in 0..1, so compare mode can
put the paragraphs most worth a human look first.

The checks are heuristics tuned to err towards silence: a flag on a sound
translation costs the reader's trust, so conversions a good translator makes
(``1.500`` -> ``1,500``, ``pukul 10.30`` -> ``10:30``, ``Rusia`` -> ``Russia``,
``dua`` -> ``two``) must pass. Standard library only.

Numbers
    Every run of digits is read with the side's conventions into a set of candidate
    keys; a source number survives when any of its keys is among the target's.
    Keys are exact ``Decimal`` values (so ``1.5 * 10**9`` equals ``1,500,000,000``)
    or clock times as ``"h:mm"`` on a 12-hour dial (``15.00`` and ``3 p.m.`` meet).
    Indonesian: ``1.500.000`` thousands dots, ``2,75`` decimal comma, ``10.30``
    a clock time or a decimal, a scale word after (``ribu``, ``juta``,
    ``miliar``/``milyar``, ``triliun``) multiplies. English: ``1,500,000``,
    ``1.5``, ``10:30``, ``a.m.``/``p.m.``, ``thousand``... ``trillion``, ``bn``,
    ``5m``. Number words (``dua puluh``, ``twenty-five``) count as values for
    matching but are never required: only digits are.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from . import lexicon


@dataclass(frozen=True)
class Flag:
    check: str  # "numbers" | "names" | "untranslated" | "repetition" | "length" | "empty"
    reason: str  # short, names the offending item: "1.500 (1,500) missing"
    weight: float  # 0..1, how much this raises a paragraph's attention score


# Weights, against compare mode's FLAG_AT = 0.3: one flag of a kind that is nearly
# always a real error flags the paragraph on its own; weaker evidence needs company.
W_NUMBER_MISSING = 0.5
W_NUMBER_INVENTED = 0.2  # MT rarely invents digits, but a sloppy source makes this noisy
W_NAME_MISSING = 0.4
W_FUNCTION_WORD = 0.5  # "yang" in English output means a chunk went through untouched
W_CONTENT_WORD = 0.15  # a lone content word may be a deliberate loanword
W_REPETITION = 0.7
W_EMPTY = 1.0


def attention(flags: list[Flag]) -> float:
    """Combine flags as independent pieces of evidence: ``1 - prod(1 - weight)``.

    No flags give 0; every further flag raises the score, heavier ones more, and it
    never passes 1. Two flags of 0.5 give 0.75; one of 1.0 gives 1.
    """
    keep = 1.0
    for flag in flags:
        keep *= 1.0 - min(1.0, max(0.0, flag.weight))
    return round(1.0 - keep, 6)


def run_checks(source: str, target: str) -> list[Flag]:
    """Every check; a blank translation of a non-blank source is only "empty"."""
    if not target.strip():
        return check_length(source, target)
    return [
        *check_numbers(source, target),
        *check_names(source, target),
        *check_untranslated(source, target),
        *check_repetition(target),
        *check_length(source, target),
    ]


# --------------------------------------------------------------------------- text


def _fold(text: str) -> str:
    """Casefolded, without accents: "Zelenskyy" ~ "zelenskyy", "Tsikhanouskaya"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_WORD = re.compile(r"[^\W\d_]+")  # letters only: hyphens, apostrophes and digits split


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


# Letter patterns Indonesian spelling does not use: a word with one is a foreign
# word or name ("Lukashenko", "Xi", "phalanx"), whatever its capitalisation.
_FOREIGN = re.compile(r"[xq]|ph|th|sh|ch|ck|ee|oo|tion|w$")


def _looks_foreign(word: str) -> bool:
    return bool(_FOREIGN.search(_fold(word)))


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it passes limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


# ------------------------------------------------------------------------ numbers

_DIGITS = re.compile(r"\d{1,2}:\d{2}(?!\d)|\d+(?:[.,]\d+)*")
_ID_SCALE = re.compile(r"\s*(ribu|rb|juta|jt|miliar|milyar|triliun)\b", re.IGNORECASE)
_EN_SCALE = re.compile(
    r"[\s-]*(thousand|million|billion|trillion|mln|mn|bn|bln|tn|trn)\b", re.IGNORECASE
)
# One-letter scales are ambiguous ("5m": million or metres; "Rp 5 M": miliar),
# so a number followed by one keeps both readings.
_EN_SCALE_LETTER = re.compile(r"([kmb])\b", re.IGNORECASE)  # "$5m", "5k": attached
_ID_SCALE_LETTER = re.compile(r"\s?([MT])\b")  # "Rp 5 T" (triliun), "Rp 2,5 M" (miliar)
_LETTER_SCALES = {"k": 3, "m": 6, "b": 9, "M": 9, "T": 12}
_MERIDIEM = re.compile(r"\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)

Key = Decimal | str  # a value, or a clock time "h:mm"


@dataclass(frozen=True)
class _Number:
    text: str  # as written, scale word included: "1,5 miliar"
    keys: frozenset[Key]
    english: str  # how an English text would write it: "1.5 billion"


def _clock(hour: int, minute: int) -> str | None:
    """A 12-hour key, so 15:00, 3 p.m. and 3.00 meet; None when not a time."""
    if not (0 <= hour <= 24 and 0 <= minute < 60):
        return None
    return f"{(hour - 1) % 12 + 1}:{minute:02d}"


def _readings(raw: str, english: bool) -> tuple[list[Key], str]:
    """Candidate keys of a bare digit string, and how English would write it.

    The source is read the Indonesian way, the target the English way. Where a
    string has two sensible readings ("1,500" in an Indonesian text, "1.500" in an
    English one) both are kept: the check errs towards silence, and flagging
    formatting is not its job.
    """
    if ":" in raw:
        hour, minute = (int(p) for p in raw.split(":"))
        clock = _clock(hour, minute)
        return ([clock] if clock else [Decimal(hour), Decimal(minute)]), raw
    groups = re.split(r"[.,]", raw)
    seps = set(re.findall(r"[.,]", raw))
    if not seps:
        return [Decimal(raw)], raw
    head, tail = groups[0], groups[1:]
    grouped = len(head) <= 3 and all(len(g) == 3 for g in tail)  # "1.500.000", "1,500"
    thousands = "," if english else "."
    if len(seps) == 1 and grouped:
        whole = Decimal("".join(groups))
        if seps == {thousands} or len(tail) > 1:  # "1.500" / "1,500,000" in Indonesian
            return [whole], f"{whole:,}"
        value = Decimal(f"{head}.{tail[0]}")  # "1,500" in Indonesian: 1.5 or 1500
        return [value, whole], f"{value:,}"
    if len(seps) == 1 and len(tail) == 1:
        # A decimal in either convention ("2,5"; "2.5" from an English-minded
        # writer), or with a dot and two digits a clock time ("pukul 10.30").
        value = Decimal(f"{head}.{tail[0]}")
        clock = _clock(int(head), int(tail[0])) if seps == {"."} and len(tail[0]) == 2 else None
        if clock:
            return [value, clock], f"{int(head)}:{tail[0]}"
        return [value], f"{value:,}"
    # Thousands groups then a decimal part, in either language's order.
    *whole_groups, fraction = groups
    last_sep = raw[-len(fraction) - 1]
    inner = set(re.findall(r"[.,]", raw[: -len(fraction) - 1]))
    if (
        inner
        and last_sep not in inner
        and len(whole_groups[0]) <= 3
        and all(len(g) == 3 for g in whole_groups[1:])
    ):
        value = Decimal(f"{''.join(whole_groups)}.{fraction}")
        return [value], f"{value:,}"
    return [raw], raw  # "1.2.3": a version or a code, compared as written


def _scaled(value: Decimal, power: int) -> Decimal:
    return (value * Decimal(10) ** power).normalize()


def _numbers(text: str, english: bool) -> Iterator[_Number]:
    """Every digit-written number of one side, with its scale word or meridiem."""
    for match in _DIGITS.finditer(text):
        raw, end = match.group(), match.end()
        keys, spelled = _readings(raw, english)
        after = text[end:]
        scale = (_EN_SCALE if english else _ID_SCALE).match(after)
        letter = (_EN_SCALE_LETTER if english else _ID_SCALE_LETTER).match(after)
        meridiem = _MERIDIEM.match(after) if english else None
        if scale:
            power = lexicon.SCALES[scale.group(1).lower()]
            values = [k for k in keys if isinstance(k, Decimal)]
            keys = [_scaled(v, power) for v in values]
            spelled = f"{values[0]:,} {lexicon.EN_SCALE_NAME[power]}" if values else spelled
            raw = text[match.start() : end + scale.end()].strip()
        elif letter:
            name = letter.group(1).lower() if english else letter.group(1)
            power = _LETTER_SCALES[name]
            keys += [_scaled(k, power) for k in keys if isinstance(k, Decimal)]
        elif meridiem:
            keys = _with_meridiem(raw, meridiem.group(1).lower())
        yield _Number(
            raw, frozenset(k.normalize() if isinstance(k, Decimal) else k for k in keys), spelled
        )


def _with_meridiem(raw: str, half: str) -> list[Key]:
    """ "3 p.m." / "10.30 a.m." -> the clock key, plus the bare hour."""
    parts = re.split(r"[.:]", raw)
    if len(parts) > 2 or not all(p.isdigit() for p in parts):
        return [raw]
    hour, minute = int(parts[0]), int(parts[1]) if len(parts) == 2 else 0
    clock = _clock(hour + (12 if half == "p" and hour < 12 else 0), minute)
    keys: list[Key] = [Decimal(hour)]
    if clock:
        keys.append(clock)
    return keys


def _word_values(text: str, english: bool) -> set[Decimal]:
    """Values written in words: every word alone, and each run combined."""
    units = lexicon.EN_NUMBER_WORDS if english else lexicon.ID_NUMBER_WORDS
    values: set[Decimal] = set()
    total = group = 0.0
    in_run = False

    def close() -> None:
        nonlocal total, group, in_run
        if in_run:
            values.add(Decimal(str(total + group)).normalize())
        total = group = 0.0
        in_run = False

    for word in re.findall(r"[^\W\d_]+|\S", _fold(text)):
        scale = lexicon.SCALES.get(word)
        if word in units:
            group += units[word]
            values.add(Decimal(str(units[word])).normalize())
        elif word in lexicon.MULTIPLIERS and in_run:
            group = (group or 1) * lexicon.MULTIPLIERS[word]
        elif word == lexicon.TEEN and in_run:
            group += 10
        elif scale and in_run:
            total += (group or 1) * 10**scale
            group = 0.0
        elif (word in lexicon.JOINERS or word == "-") and in_run:
            continue
        else:
            close()
            continue
        in_run = True
    close()
    return values


def check_numbers(source: str, target: str) -> list[Flag]:
    """Digits of the source missing (by value) from the target, and digits invented."""
    source_numbers = list(_numbers(source, english=False))
    target_numbers = list(_numbers(target, english=True))
    target_keys = set().union(*(n.keys for n in target_numbers), _word_values(target, True))
    source_keys = set().union(*(n.keys for n in source_numbers), _word_values(source, False))
    flags: list[Flag] = []
    for number in _unique(source_numbers):
        if not number.keys & target_keys:
            shown = number.text
            if number.english != number.text:
                shown += f" ({number.english})"
            flags.append(Flag("numbers", f"{shown} missing", W_NUMBER_MISSING))
    for number in _unique(target_numbers):
        if not number.keys & source_keys:
            flags.append(Flag("numbers", f"{number.text} not in source", W_NUMBER_INVENTED))
    return flags


def _unique(numbers: Iterable[_Number]) -> list[_Number]:
    """One per spelling: a figure repeated in a paragraph is reported once."""
    return list({n.text: n for n in reversed(list(numbers))}.values())[::-1]


# -------------------------------------------------------------------------- names


# Ke-...-an, per-...-an, pe(N)-...-an: Indonesian derived nouns ("Kementerian",
# "Pertahanan", "Keamanan") that head official names and are always translated.
_DERIVED = re.compile(r"^(ke|per|pe[nm]g?|peny?)[a-z]{3,}an$")

_SENTENCE_GAP = re.compile(r"[.!?:;\n“”\"‘(\[–—]")


@dataclass(frozen=True)
class _Token:
    word: str
    initial: bool  # capitalisation says nothing: first word, after a stop or quote
    run: int  # consecutive capitalised tokens share a run ("Xi Jinping")


def _capitalised(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    run, prev_end, prev_cap = 0, 0, False
    for match in _WORD.finditer(text):
        word, gap = match.group(), text[prev_end : match.start()]
        initial = prev_end == 0 or bool(_SENTENCE_GAP.search(gap))
        capital = word[0].isupper() and len(word) >= 2
        if capital:
            if not (prev_cap and gap.strip() in ("", "-")):
                run += 1
            tokens.append(_Token(word, initial, run))
        prev_end, prev_cap = match.end(), capital
    return tokens


def _shouting(words: list[str]) -> bool:
    long = [w for w in words if len(w) >= 4]
    return len(long) >= 3 and sum(w.isupper() for w in long) >= 0.6 * len(long)


def _title_case(words: list[str]) -> bool:
    """A headline in Title Case: hardly a long lowercase word that is not a function
    word. (Counting capitals instead would misjudge a short sentence full of names.)"""
    long = [w for w in words if len(w) >= 4]
    lower = [w for w in long if w.islower() and w not in lexicon.FUNCTION_WORDS]
    return len(long) >= 3 and len(lower) < 0.2 * len(long)


def _name_candidates(source: str) -> list[_Token]:
    """Capitalised source tokens that are names, as far as capitals can tell.

    Sentence-initial words and title-case headlines capitalise common words, so
    there a token counts only when it looks foreign, is an acronym, or is seen
    capitalised mid-sentence elsewhere in the source.
    """
    words = _words(source)
    if _shouting(words):
        return []  # an all-caps headline: no way to tell names from words
    tokens = _capitalised(source)
    unreliable = _title_case(words)
    mid_sentence = {_fold(t.word) for t in tokens if not t.initial} if not unreliable else set()
    keep = []
    for token in tokens:
        folded = _fold(token.word)
        if folded in lexicon.TRANSLATED and not lexicon.TRANSLATED[folded]:
            continue
        if _DERIVED.match(folded) and len(folded) >= 8:
            continue
        trusted = (
            (not token.initial and not unreliable)
            or folded in mid_sentence
            or token.word.isupper()
            or _looks_foreign(token.word)
        )
        if trusted:
            keep.append(token)
    return keep


def _present(name: str, target_words: set[str], target_text: str) -> bool:
    """Whether a source name shows up in the target, allowing transliteration."""
    folded = _fold(name)
    forms = lexicon.TRANSLATED.get(folded, ())
    for form in forms:
        if " " in form and re.search(rf"\b{re.escape(form)}", target_text):
            return True
        if any(w == form or (len(form) >= 4 and w.startswith(form)) for w in target_words):
            return True
    if folded in target_words:
        return True
    if len(folded) >= 4 and any(w.startswith(folded) for w in target_words):
        return True  # "Belarus" -> "Belarusian"
    if folded.endswith("nya") and len(folded) > 6:
        return _present(name[:-3], target_words, target_text)  # "Putinnya"
    limit = 2 if len(folded) >= 6 else 1 if len(folded) == 5 else 0
    if limit and any(_edit_distance(folded, w, limit) <= limit for w in target_words):
        return True  # "Lukashenka" ~ "Lukashenko", "Moskow" ~ "Moscow"
    skeleton = _skeleton(folded)
    return len(folded) >= 6 and any(_skeleton(w) == skeleton for w in target_words)


_SPELLINGS = (("x", "ks"), ("ph", "f"), ("w", "v"), ("c", "k"), ("q", "k"))


def _skeleton(word: str) -> str:
    """First letter and consonants, spelling variants merged: "Alyaksandr" and
    "Alexander" are both "alksndr", as transliterations differ mostly in vowels."""
    for old, new in _SPELLINGS:
        word = word.replace(old, new)
    consonants = re.sub(r"[aeiouy]", "", word[1:])
    return word[:1] + re.sub(r"(.)\1+", r"\1", consonants)


def check_names(source: str, target: str) -> list[Flag]:
    """Names of the source (capitalised, not Indonesian words) missing from the target."""
    target_text = " ".join(_fold(w) for w in _words(target))
    target_words = set(target_text.split())
    missing: dict[int, list[str]] = {}
    seen: set[str] = set()
    for token in _name_candidates(source):
        folded = _fold(token.word)
        if folded in seen:
            continue
        seen.add(folded)
        if not _present(token.word, target_words, target_text):
            missing.setdefault(token.run, []).append(token.word)
    return [Flag("names", f"{' '.join(ws)} missing", W_NAME_MISSING) for ws in missing.values()]


# ------------------------------------------------------------------- untranslated


# Web addresses and e-mail addresses are copied, not translated ("slawifm.com").
_ADDRESS = re.compile(r"https?://\S+|\S+@\S+|\S+\.(?:com|net|org|id|co|go|ac|io|info)\b\S*")


def check_untranslated(source: str, target: str) -> list[Flag]:
    """Indonesian words of the source that reappear, lowercase, in the English."""
    source, target = _ADDRESS.sub(" ", source), _ADDRESS.sub(" ", target)
    source_words = [w for w in _words(source) if w.islower()]
    target_words = {w for w in _words(target) if w.islower()}  # "Yang Jiechi" is a name
    function, content = [], []
    for word in dict.fromkeys(w for w in source_words if w in target_words):
        if word in lexicon.FUNCTION_WORDS:
            function.append(word)
        elif len(word) >= 4 and word not in lexicon.SHARED_WORDS and not _looks_foreign(word):
            content.append(word)
    if not function and not content:
        return []
    weight = 1 - (1 - W_FUNCTION_WORD) ** len(function) * (1 - W_CONTENT_WORD) ** len(content)
    words = function + content
    shown = ", ".join(words[:6]) + (f" (+{len(words) - 6})" if len(words) > 6 else "")
    return [Flag("untranslated", f"left in Indonesian: {shown}", round(min(weight, 0.95), 3))]


# --------------------------------------------------------------------- repetition

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_MAX_PERIOD = 12


def _loops(tokens: list[str]) -> Iterator[tuple[int, int, int]]:
    """(start, period, repeats) of each run of one n-gram repeated back to back.

    Short n-grams (1-4 tokens) must come three times, since "very, very" and
    "that that" are English; longer ones twice, which prose does not do.
    """
    i = 0
    while i < len(tokens):
        for period in range(1, _MAX_PERIOD + 1):
            gram = tokens[i : i + period]
            if len(gram) < period:
                break
            repeats = 1
            while tokens[i + repeats * period : i + (repeats + 1) * period] == gram:
                repeats += 1
            if repeats >= (3 if period <= 4 else 2):
                yield i, period, repeats
                i += period * repeats - 1
                break
        i += 1


def check_repetition(target: str) -> list[Flag]:
    """Repetition loops, a known failure of MT decoders: "the the the", a phrase
    over and over, or one 3-gram filling much of the output."""
    shown = _TOKEN.findall(target)
    tokens = [t.casefold() for t in shown]
    flags: list[Flag] = []
    for start, period, repeats in _loops(tokens):
        phrase = " ".join(shown[start : start + period])
        flags.append(Flag("repetition", f"“{_clip(phrase)}” ×{repeats}", W_REPETITION))
        if len(flags) == 2:
            break
    if not flags and len(tokens) >= 12:
        grams = Counter(tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2))
        gram, count = grams.most_common(1)[0]
        if count >= 4 and count * 3 >= 0.3 * len(tokens):
            phrase = " ".join(gram)
            flags.append(Flag("repetition", f"“{_clip(phrase)}” ×{count}", W_REPETITION))
    return flags


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ------------------------------------------------------------------------- length

LENGTH_BAND = (0.5, 2.0)  # target/source characters; id->en is typically 0.8-1.1
# Added to both lengths before dividing: short texts ("CNN", a title) swing widely
# in ratio for a few characters, long ones do not.
_SMOOTHING = 12


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def check_length(source: str, target: str) -> list[Flag]:
    """A translation much shorter or longer than its source, or none at all."""
    source, target = _squeeze(source), _squeeze(target)
    if not source:
        return []
    if not target:
        return [Flag("empty", "no translation", W_EMPTY)]
    ratio = (len(target) + _SMOOTHING) / (len(source) + _SMOOTHING)
    shown = len(target) / len(source)
    low, high = LENGTH_BAND
    if ratio < low:
        # The shorter, the surer something was dropped: 0.45 at the band's edge,
        # 0.9 for output a tenth of the source.
        weight = min(0.9, 0.45 + (low - ratio) * 1.2)
        reason = f"{len(target)} chars for {len(source)} ({shown:.2f}×)"
        return [Flag("length", reason, round(weight, 3))]
    if ratio > high:
        weight = min(0.9, 0.45 + math.log2(ratio / high) * 0.3)
        reason = f"{len(target)} chars for {len(source)} ({shown:.1f}×)"
        return [Flag("length", reason, round(weight, 3))]
    return []
