"""The rule-based identifier detectors and their registry.

Each detector is a function ``find(text)`` yielding ``(start, end, score)`` for
whole identifiers: a name after a title covers every part of it (Mc, Mac, O',
hyphens, particles, accents, any case), an e-mail its whole local part, a number
every digit group of it. Numbers are read as people type and say them: groups
split by spaces, hyphens, dots or slashes, ``+44``, ``+44 (0)`` and ``0044``, and
digits spoken as words ("oh seven seven double oh ...").

Examples
--------
>>> text = "Dr McDonald-O'Neill gave nine four three four seven six five nine one nine."
>>> [text[s:e] for s, e, _ in find_title_name(text)]
["McDonald-O'Neill"]
>>> [text[s:e] for s, e, _ in find_nhs(text)]
['nine four three four seven six five nine one nine']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

__all__ = ["Detector", "DETECTORS", "nhs_number_valid", "POSTCODE_AREAS", "PLACEHOLDER_RE",
           "find_nhs", "find_phone", "find_postcode", "find_email", "find_url", "find_dob",
           "find_age", "find_title_name", "find_fragment", "find_ni_number", "find_card",
           "find_hospital_number", "find_address", "find_vehicle_reg", "find_relation_name"]

Span = tuple[int, int, float]


@dataclass(frozen=True)
class Detector:
    """A named identifier detector: ``find(text)`` yields ``(start, end, score)``."""

    name: str
    kind: str
    find: Callable[[str], Iterable[Span]]
    description: str = ""


def nhs_number_valid(digits: str) -> bool:
    """Return whether a 10-digit string passes the NHS modulus-11 check.

    >>> nhs_number_valid("9434765919"), nhs_number_valid("9434765918")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _near(text: str, start: int, end: int, pattern: re.Pattern[str], before: int = 40,
          after: int = 15) -> bool:
    return bool(pattern.search(text[max(0, start - before):start])
                or pattern.search(text[end:end + after]))


# --------------------------------------------------------------------- numbers
_DIGIT_WORDS = {"zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0", "one": "1",
                "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                "eight": "8", "nine": "9"}
_REPEAT = {"double": 2, "triple": 3, "treble": 3}
_DW = "|".join(sorted(_DIGIT_WORDS, key=len, reverse=True))
_ELEM = (rf"(?:\(?\d+\)?|(?:(?:double|triple|treble)[ -]+)?(?:{_DW}|\d)(?:[ -]+hundred)?"
         rf"(?![\w'’]))")
# horizontal white space of any kind (a no-break space from a word processor too)
_HS = r"[^\S\r\n]"
_SEP = (rf"(?:{_HS}*(?:\.{{2,3}}|…|[-./,–·_]){_HS}*|{_HS}*,?{_HS}+and(?:{_HS}+then)?{_HS}+|"
        rf"{_HS}+)")
_INTL = (r"(?:\+[ ]?44|\(\+44\)|00[ ]?44|(?:plus|double[ -](?:oh|o|zero|nought))[ ]+four[ ]+four"
         r"(?![\w'’]))(?:[ \t]*\([ \t]*0[ \t]*\))?")
_RUN_RE = re.compile(rf"(?:(?<=[^\W\d_]#)|(?<![\w+£$€#.,/-]))(?:{_INTL}{_HS}*(?:[-,]{_HS}*)?)?"
                     rf"{_ELEM}(?:{_SEP}{_ELEM})*", re.I)
_ELEM_RE = re.compile(rf"(?P<intl>{_INTL})|(?P<el>{_ELEM})", re.I)
_NHS_CUE = re.compile(r"\b(?:nhs|number|no\.?|num|hospital|patient|chi)\b", re.I)
_NHS_NAMED = re.compile(r"\b(?:nhs|chi)\b", re.I)
_PHONE_CUE = re.compile(r"\b(?:ring|rang|call|called|phone|mobile|tel|telephone|landline|text|"
                        r"whatsapp|number|reach|contact)\b", re.I)
_PHONE_PREFIXES = ("01", "02", "03", "05", "07", "08", "09")


def _elem_digits(s: str) -> str:
    s = s.strip("() ").lower()
    if s.isdigit():
        return s
    words = s.replace("-", " ").split()
    hundred = words[-1] == "hundred" and len(words) > 1
    if hundred:  # "oh seven seven hundred, nine hundred ...": a digit then two noughts
        words = words[:-1]
    times = _REPEAT.get(words[0], 1) if len(words) > 1 else 1
    d = words[-1] if words[-1].isdigit() else _DIGIT_WORDS.get(words[-1], "")
    return d * times + ("00" if hundred and d else "")


_HAS_DIGIT = re.compile(r"\d")
_SPOKEN_RUN = re.compile(rf"\b(?:{_DW}|double|triple|treble|plus)(?:[\s,.…-]+(?:{_DW}|double|"
                         rf"triple|treble|hundred|and|then)\b){{4}}", re.I)


def _runs(text: str) -> Iterator[list[tuple[int, int, str, bool]]]:
    """Runs of digit groups (or spoken digits): [(start, end, digits, is_intl_prefix)]."""
    if not _HAS_DIGIT.search(text) and not _SPOKEN_RUN.search(text):
        return
    for m in _RUN_RE.finditer(text):
        if len(m.group(0)) < 10:
            continue
        elems = []
        for e in _ELEM_RE.finditer(m.group(0)):
            s, t = m.start() + e.start(), m.start() + e.end()
            intl = e.group("intl")
            if intl and elems and intl[0].isdigit():
                # "880 009 0044": a typed 0044 after other digits ends a number, it does
                # not begin an international one
                elems.append((s, t, re.sub(r"\D", "", intl), False))
            elif intl:
                elems.append((s, t, "", True))
            else:
                elems.append((s, t, _elem_digits(e.group(0)), False))
        # "15,000,020 6,000,030": a comma between typed digit groups is a thousands
        # separator or a list, never inside a number (people say commas, not type them)
        part: list[tuple[int, int, str, bool]] = []
        skip = -1
        for k, el in enumerate(elems):
            if k <= skip:
                continue
            nxt = elems[k + 1] if k + 1 < len(elems) else None
            if text[el[0]:el[1]] == "0" and nxt is not None and text[el[1]:nxt[0]] == "." \
                    and text[nxt[0]].isdigit():
                # "0.247 (6), 0.202": a decimal fraction is a measure, never part of a number
                if _n_digits(text, part) >= 10:
                    yield part
                part, skip = [], k + 1
                continue
            if part and "," in text[part[-1][1]:el[0]] and text[part[-1][1] - 1].isdigit() \
                    and text[el[0]].isdigit() and all(text[a].isdigit() or text[a] in "+(0"
                                                      for a, _, _, _ in part):
                if _n_digits(text, part) >= 10:
                    yield part
                part = []
            part.append(el)
        if _n_digits(text, part) >= 10:
            yield part


def _n_digits(text: str, part: list[tuple[int, int, str, bool]]) -> int:
    """Digits in a run; a typed 0044 prefix counts, as it may be the start of a number."""
    return sum(len(d) if not intl or not text[s].isdigit() else
               sum(c.isdigit() for c in text[s:t]) for s, t, d, intl in part)


def _phone_digits(elems: list[tuple[int, int, str, bool]]) -> str | None:
    """The national digits of a phone candidate, or None when it is not one."""
    if elems[0][3]:
        rest = "".join(d for _, _, d, _ in elems[1:])
        national = rest if rest.startswith("0") else "0" + rest
    else:
        national = "".join(d for _, _, d, _ in elems)
    if national[:2] in _PHONE_PREFIXES and (len(national) == 11 or len(national) == 10
                                            and national[:2] in ("01", "08")):
        return national
    return None


def _numbers(text: str) -> tuple[tuple[str, int, int, float], ...]:
    """(kind, start, end, score) for NHS numbers and phone numbers in ``text``."""
    global _LAST
    if _LAST[0] is not text:
        _LAST = (text, tuple(_find_numbers(text)))
    return _LAST[1]


_LAST: tuple[str | None, tuple[tuple[str, int, int, float], ...]] = (None, ())


def _find_numbers(text: str) -> Iterator[tuple[str, int, int, float]]:
    for elems in _runs(text):
        i, n = 0, len(elems)
        while i < n:
            best: list[tuple[str, int, float]] = []
            if elems[i][2] or elems[i][3]:
                total = 0
                for j in range(i, n):
                    total += len(elems[j][2])
                    if total > 11:
                        break
                    part = elems[i:j + 1]
                    s, e = part[0][0], part[-1][1]
                    if _phone_digits(part) is not None:
                        score = 0.95 if _near(text, s, e, _PHONE_CUE) else 0.9
                        best.append(("PHONE", j, score))
                    digits = "".join(d for _, _, d, _ in part)
                    if not part[0][3] and nhs_number_valid(digits):
                        score = 0.99 if _near(text, s, e, _NHS_CUE) else 0.92
                        best.append(("NHS_NUMBER", j, score))
                    elif not part[0][3] and len(digits) == 10 and \
                            _near(text, s, e, _NHS_NAMED, after=0):
                        # "my NHS number is 485 777 3456": mistyped or misheard, still a
                        # person's number when it is called one
                        best.append(("NHS_NUMBER", j, 0.7))
            if not best:
                raw = text[elems[i][0]:elems[i][1]]
                if elems[i][3] and raw[0].isdigit():
                    # "0044 526 830" is no +44 phone number: read the 0044 as digits
                    elems = [*elems[:i], (elems[i][0], elems[i][1], re.sub(r"\D", "", raw),
                                          False), *elems[i + 1:]]
                    continue
                i += 1
                continue
            far = max(j for _, j, _ in best)
            for kind, j, score in best:
                if j == far:
                    yield kind, elems[i][0], elems[j][1], score
            i = far + 1


def find_nhs(text: str) -> Iterator[Span]:
    """NHS numbers: 10 digits in any grouping or spoken, with a valid check digit.

    Ten digits that fail the check are still found when the sentence calls them
    an NHS (or CHI) number before they are given: a mistyped or misheard number.
    """
    for kind, s, e, score in _numbers(text):
        if kind == "NHS_NUMBER":
            yield s, e, score


def find_phone(text: str) -> Iterator[Span]:
    """UK telephone numbers: national, +44, +44 (0), 0044, typed or spoken."""
    for kind, s, e, score in _numbers(text):
        if kind == "PHONE":
            yield s, e, score


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        k = int(d) * (2 if i % 2 else 1)
        total += k - 9 if k > 9 else k
    return total % 10 == 0


def find_card(text: str) -> Iterator[Span]:
    """Payment card numbers: 13 to 19 typed digits passing the Luhn check."""
    for elems in _runs(text):
        if any(el[3] or not text[el[0]:el[1]].strip("()").isdigit() for el in elems):
            continue
        digits = "".join(d for _, _, d, _ in elems)
        if 13 <= len(digits) <= 19 and _luhn(digits) and len(set(digits)) > 1:
            yield elems[0][0], elems[-1][1], 0.9


_NI_SEP = r"(?:[^\S\r\n]|[.-])?"
_NI_RE = re.compile(rf"(?<![\w-])(?P<a>[A-CEGHJ-PR-TW-Z]){_NI_SEP}(?P<b>[A-CEGHJ-NPR-TW-Z])"
                    rf"(?:{_NI_SEP}\d){{6}}{_NI_SEP}[A-D](?![\w-])", re.I)
_NI_CUE = re.compile(r"\b(?:national\s+insurance|n\.?i\.?\s+(?:number|no)|nino|ni)\b", re.I)
_NI_NOT = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def find_ni_number(text: str) -> Iterator[Span]:
    """National Insurance numbers: two letters, six digits, A-D; any case, any grouping.

    Written as typed or spelled out: "JK 12 34 56 C", "JK 123 456 C", "jk123456c",
    "J K 1 2 3 4 5 6 C", "JK.12.34.56.C". The prefix letters follow HMRC's rules,
    so few other codes fit; lower case without a cue in the sentence scores lower.
    """
    if not _HAS_DIGIT.search(text):
        return
    for m in _NI_RE.finditer(text):
        if (m.group("a") + m.group("b")).upper() in _NI_NOT:
            continue
        if m.group(0).isupper() or _near(text, m.start(), m.end(), _NI_CUE, before=60):
            yield m.start(), m.end(), 0.95 if m.group(0).isupper() else 0.9
        else:
            yield m.start(), m.end(), 0.8


# --------------------------------------------------------------------- postcodes
#: The UK postcode areas (the letters that start every postcode).
POSTCODE_AREAS = (
    "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L "
    "LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA "
    "SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV "
    "YO ZE").split()
_AREAS = frozenset(POSTCODE_AREAS)
_INWARD = r"\d[ABD-HJLNP-UW-Z]{2}"
_OUTWARD = r"([A-Z]{1,2})\d[A-Z\d]?"
_POSTCODE_RE = re.compile(rf"(?<![\w-]){_OUTWARD}(?:[^\S\r\n]{{1,2}}|-)?{_INWARD}(?![\w-])", re.I)
_OUTWARD_ONLY_RE = re.compile(rf"(?<![\w/-]){_OUTWARD}(?![\w/-])(?![ \t]?\d)", re.I)
_CUE_BEFORE = re.compile(r"\b(?:postcode|post code|in|near|around|from|at|area|round|outside|"
                         r"live|lives|living)\s*(?:is|was|:)?\s*(?:the\s+)?$", re.I)
_CUE_SENTENCE = re.compile(
    r"\b(?:post\s?codes?|postal|live|lives|lived|living|moved?|address|area|district|near|"
    r"nearby|around|round|from|house|home|flat|street|estate|where)\b", re.I)
_POSTCODE_WORD = re.compile(r"\b(?:post\s?codes?|postal|area|district)\b", re.I)
_NOT_AFTER = re.compile(r"^\s*(?:summit|countries|nations|motorway|mask|masks|vitamins?|"
                        r"emissions|levels?|road|junction|jn|j\d|form|forms|ratings?|"
                        r"visa|bus|buses|train|flight|tablets?|mg|%)\b", re.I)
_AREA_AFTER_THE = re.compile(r"^\s*(?:area|postcode|post code|district|side|end|bit|way|lot)\b",
                             re.I)
_SENTENCE_END = re.compile(r"[.!?;]\s")


def _sentence(text: str, start: int, end: int) -> str:
    a = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, end)
    return text[a:m.start() if m else len(text)]


#: Number words, as regular-expression alternatives (also for dates and ages below).
_UNITS_W = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_W = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_W = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
#: Each number word (0-99) and its digits.
_NUM_WORDS = {w: str(i) for i, w in enumerate(
    ["oh", *_UNITS_W.split("|"), *_TEENS_W.split("|")])} | {"zero": "0", "nought": "0"}
for _t, _tw in enumerate(_TENS_W.split("|")):
    _NUM_WORDS[_tw] = str(20 + 10 * _t)
    for _u, _uw in enumerate(_UNITS_W.split("|"), 1):
        _NUM_WORDS[f"{_tw}-{_uw}"] = _NUM_WORDS[f"{_tw} {_uw}"] = str(20 + 10 * _t + _u)
_NUMW = "|".join(sorted(_NUM_WORDS, key=len, reverse=True)).replace(" ", "[ -]")
_SPELT_TOKEN = rf"(?:[^\W\d_]|\d{{1,2}}|{_NUMW})(?![\w'’-])"
_SPELT_RE = re.compile(rf"(?<![\w'’-]){_SPELT_TOKEN}(?:[ \t]*,?[ \t]+{_SPELT_TOKEN}){{3,8}}", re.I)
_SPELT_PIECE = re.compile(_SPELT_TOKEN, re.I)
_FULL_POSTCODE = re.compile(rf"{_OUTWARD}{_INWARD}")
_POSTCODE_CUE = re.compile(r"\b(?:post\s?codes?|postal)\b", re.I)


def _spelt_postcodes(text: str) -> Iterator[Span]:
    """Postcodes spelled out: "S W 1 A 1 A A", "C T one, two A B", "M E fourteen, two L X"."""
    for m in _SPELT_RE.finditer(text):
        pieces = [(p.start(), p.end(), p.group(0)) for p in _SPELT_PIECE.finditer(m.group(0))]
        best = None
        for i in range(len(pieces)):
            for j in range(len(pieces), i + 3, -1):
                part = pieces[i:j]
                code = "".join(w.upper() if w.isalpha() and len(w) == 1 else
                               _NUM_WORDS.get(re.sub(r"[ -]+", " ", w.lower()), w)
                               for _, _, w in part)
                letters = [w for _, _, w in part if w.isalpha() and len(w) == 1]
                pm = _FULL_POSTCODE.fullmatch(code)
                if pm is None or pm.group(1) not in _AREAS or len(letters) < 2:
                    continue
                if not all(w.isupper() for w in letters) and \
                        not _POSTCODE_CUE.search(_sentence(text, m.start(), m.end())):
                    continue  # "s w one a ...": lower-case letters only after "postcode"
                best = (m.start() + part[0][0], m.start() + part[-1][1])
                break
            if best:
                break
        if best:
            yield best[0], best[1], 0.85


def find_postcode(text: str) -> Iterator[Span]:
    """Full UK postcodes in any case; outward codes ("ME14") with a cue in the sentence.

    Spelled-out postcodes ("S W 1 A 1 A A", "C T one, two A B") are found in capitals,
    and in lower case after the word postcode.
    """
    yield from _spelt_postcodes(text)
    if not _HAS_DIGIT.search(text):
        return
    for m in _POSTCODE_RE.finditer(text):
        if m.group(1).upper() in _AREAS:
            yield m.start(), m.end(), 0.95
    for m in _OUTWARD_ONLY_RE.finditer(text):
        code = m.group(0)
        if m.group(1).upper() not in _AREAS or len(code) < 2:
            continue
        before = text[max(0, m.start() - 25):m.start()]
        after = text[m.end():m.end() + 25]
        if _NOT_AFTER.search(after) or re.search(r"\b(?:vitamin|the|a|an)\s+$", before, re.I) \
                and not _AREA_AFTER_THE.search(after):
            continue
        cue_before = bool(_CUE_BEFORE.search(before))
        sentence = _sentence(text, m.start(), m.end())
        upper = code.isupper()
        single = len(m.group(1)) == 1
        if single and m.group(1).upper() in ("M", "G", "N", "E") and \
                not _POSTCODE_WORD.search(sentence):
            continue  # M25, G7, N95, E10: roads, summits, masks, fuels more often than places
        postcode_word = bool(_POSTCODE_WORD.search(sentence))
        if upper and cue_before:
            yield m.start(), m.end(), 0.8
        elif upper and _CUE_SENTENCE.search(sentence):
            yield m.start(), m.end(), 0.7
        elif (cue_before or _AREA_AFTER_THE.search(after)) and (not single or postcode_word):
            yield m.start(), m.end(), 0.7


# --------------------------------------------------------------------- e-mail, URL
_EMAIL_RE = re.compile(
    r"(?<![\w.!#$%&*+/=?^`{|}~@-])[\w!#$%&'’*+/=?^`{|}~-]+(?:\.[\w!#$%&'’*+/=?^`{|}~-]+)*"
    r"\s?@\s?[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}(?![\w-])")
_URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:co\.uk|org\.uk|nhs\.uk|"
    r"gov\.uk|ac\.uk|com|org|net|io)\b(?:/[^\s<>\"]*)?", re.I)


_SAID_PART = r"[^\W_][\w'’-]*"
_SAID_TLD = r"(?:com|org|net|uk|io|info|me|biz|edu|scot|wales|cymru|ie|eu|gov|ac)"
_BRACKETED = r"(?:\[{w}\]|\({w}\)|\{{{w}\}}|<{w}>)"
_SAID_AT = (rf"(?:[^\S\r\n]*(?:{_BRACKETED.format(w='at')}|@|＠)[^\S\r\n]*|[^\S\r\n]+at[^\S\r\n]+)")
_SAID_DOT = (rf"(?:[^\S\r\n]*{_BRACKETED.format(w='dot')}[^\S\r\n]*|[^\S\r\n]+dot[^\S\r\n]+|\.)")
_SAID_LOCAL = (rf"{_SAID_PART}(?:(?:[^\S\r\n]+(?:dot|underscore|dash|hyphen)[^\S\r\n]+|[._+-])"
               rf"{_SAID_PART})*")
_SAID_EMAIL_RE = re.compile(
    rf"(?<![\w.@-])(?P<local>{_SAID_LOCAL})(?P<at>{_SAID_AT})(?P<domain>{_SAID_PART}"
    rf"(?:{_SAID_DOT}{_SAID_PART})*{_SAID_DOT}{_SAID_TLD})(?![\w-])", re.I)
_SAID_QUICK = re.compile(r"\bat\b|\[at\]|\(at\)|\{at\}|<at>|@|＠", re.I)
#: words before a spoken "at" that make it a place or a page, not an e-mail's local part
_NOT_LOCAL = frozenset("look looked looking looks visit visited online site website page web "
                       "link internet find found search searched".split())


def find_email(text: str) -> Iterator[Span]:
    """E-mail addresses, the whole local part included; also read out or disguised.

    Read out ("jo dot b at example dot co dot uk", "sam AT example DOT com"), half
    typed ("jo@example dot com", "m.h at example.co.uk") or disguised
    ("jo[at]example[dot]org", "jo (at) example (dot) org").
    """
    for m in _EMAIL_RE.finditer(text) if "@" in text else ():
        s = m.start()
        while s < m.end() and text[s] in "'’":
            s += 1
        yield s, m.end(), 0.99
    if not _SAID_QUICK.search(text):
        return
    for m in _SAID_EMAIL_RE.finditer(text):
        at, local, domain = m.group("at"), m.group("local"), m.group("domain")
        said = at.strip().lower() == "at"
        if "@" in at and "." in domain and not re.search(r"\bdot\b|[\[({<]", domain, re.I):
            continue  # a typed address: _EMAIL_RE has it
        if said and at.strip() != "AT" and not re.search(r"\bdot\b|[\[({<]", domain, re.I) and \
                not re.search(r"[._+\d]|\bdot\b|\bunderscore\b", local, re.I):
            continue  # "looked at example.org": a web page, not an e-mail
        if said and local.casefold() in _STOP | _NOT_LOCAL:
            continue
        yield m.start(), m.end(), 0.9


_URL_QUICK = re.compile(r"www|https?:|\.(?:co|org|nhs|gov|ac|com|net|io|uk|info|scot|wales|"
                        r"me|ly|ie|eu|app)\b|\w\.[a-z]{2,6}/|\bdot\b", re.I)
_URL_PATH_RE = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:[a-z]{2,6})/[^\s<>\"]*", re.I)
_URL_TLD_RE = re.compile(r"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|info|scot|wales|cymru|ie|eu|"
                         r"app|me)\b(?:/[^\s<>\"]*)?", re.I)
_SAID_URL_RE = re.compile(
    rf"\b(?P<www>www[^\S\r\n]+dot[^\S\r\n]+)?{_SAID_PART}(?:[^\S\r\n]+dot[^\S\r\n]+{_SAID_PART})*"
    rf"[^\S\r\n]+dot[^\S\r\n]+(?P<tld>(?:co|org|ac|gov|nhs)[^\S\r\n]+dot[^\S\r\n]+uk|{_SAID_TLD})"
    rf"(?P<path>(?:[^\S\r\n]+(?:forward[^\S\r\n]+)?slash[^\S\r\n]+{_SAID_PART})*)\b", re.I)


def find_url(text: str) -> Iterator[Span]:
    """Web addresses (scheme, www., a known top-level domain, or a path), also read out.

    Read out ("www dot example dot co dot uk", "example dot org slash carers"), a
    spoken address needs www, a path or a two-part ending (co dot uk).
    """
    if not _URL_QUICK.search(text):
        return
    spans = []
    for rx in (_URL_RE, _URL_PATH_RE, _URL_TLD_RE):
        for m in rx.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in ".,;:!?)'":
                end -= 1
            if text[m.start() - 1:m.start()] == "@" or "@" in text[max(0, m.start() - 1):end]:
                continue
            spans.append((m.start(), end))
    if " dot " in text.lower():
        for m in _SAID_URL_RE.finditer(text):
            if m.group("www") or m.group("path") or " " in m.group("tld"):
                before = text[max(0, m.start() - 12):m.start()]
                if re.search(r"(?:\bat|\[at\]|\(at\)|\{at\}|<at>|@)\s*$", before, re.I) and \
                        not re.search(r"\b(?:look|looked|visit|on|try|see)\s+at\s*$", before, re.I):
                    continue  # the domain of a read-out e-mail
                spans.append((m.start(), m.end()))
    for s, e in sorted(set(spans)):
        if not any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans):
            yield s, e, 0.9


# --------------------------------------------------------------------- dates of birth
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_ORD_W = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
          "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
          "twentieth|thirtieth|(?:twenty|thirty)[ -](?:first|second|third|fourth|fifth|sixth|"
          "seventh|eighth|ninth)")
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_ORD_W})"
_YEAR_W = (rf"(?:nineteen|eighteen|twenty)[ -](?:hundred|oh[ -](?:{_UNITS_W})|{_TEENS_W}|"
           rf"(?:{_TENS_W})(?:[ -](?:{_UNITS_W}))?)|two thousand(?: and)?(?:[ -](?:{_UNITS_W}|"
           rf"{_TEENS_W}|(?:{_TENS_W})(?:[ -](?:{_UNITS_W}))?))?")
_YEAR2_W = rf"(?:{_TENS_W})(?:[ -](?:{_UNITS_W}))?"
_YEAR = rf"(?:\d{{4}}|['’]?\d{{2}}(?!\d)|{_YEAR_W}|{_YEAR2_W})"
_YEAR4 = rf"(?:\d{{4}}|{_YEAR_W})"
_DAY_W = (rf"(?:{_ORD_W}|(?:twenty|thirty)[ -](?:{_UNITS_W})|{_TEENS_W}|{_UNITS_W}|twenty|thirty)")
_MONTH_W = (r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|"
            r"twelfth|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)")
_DATE = (rf"(?:(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH},?\s+(?:in\s+)?{_YEAR}|"
         rf"{_MONTH}\s+(?:the\s+)?{_DAY},?\s+{_YEAR}|"
         rf"\d{{1,2}}[-/]{_MONTH}[-/]{_YEAR}|"
         rf"{_YEAR4},?\s+(?:on\s+)?(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?![\w])|"
         r"\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|"
         r"(?:0?[1-9]|[12]\d|3[01])[ ](?:0?[1-9]|1[0-2])[ ](?:19|20)\d\d|"
         r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d(?!\d)|"
         rf"(?:the\s+)?{_DAY_W}(?:\s+of\s+the\s+|[\s,/-]+){_MONTH_W},?[\s/-]+{_YEAR}|"
         rf"{_MONTH}\s+(?:of\s+)?{_YEAR4})")
_DAY_MONTH = rf"(?:(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+(?:the\s+)?{_DAY})"
_DOB_CUE = r"(?:born|b\.|d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday)(?:['’]s)?"
_FILLER = r"(?:[\s,:;-]+(?!born\b)[\w'’]+){0,8}?"
_DOB_RE = re.compile(rf"\b{_DOB_CUE}{_FILLER}(?:\s*[:\-]\s*|\s+|\s*,\s*)(?:on\s+)?({_DATE})(?!\d)",
                     re.I)
_BIRTHDAY_RE = re.compile(rf"\bbirthday(?:['’]s)?{_FILLER}\s+(?:on\s+)?({_DAY_MONTH}\b|"
                          r"(?:0?[1-9]|[12]\d|3[01])[/.](?:0?[1-9]|1[0-2])(?![/.]?\d))", re.I)
_DOB_AFTER_RE = re.compile(
    rf"(?<![\w/.-])({_DATE})(?!\d),?\s+(?:that['’]s|that\s+is|is|was|being|as)\s+(?:my|his|her|"
    r"their|your|the)\s+(?:date\s+of\s+birth|d\.?o\.?b\b|birthday|birth\s*date)", re.I)


_DOB_QUICK = re.compile(r"born|d\.?o\.?b|birth|\bb\.", re.I)


def find_dob(text: str) -> Iterator[Span]:
    """Dates after born / DOB / date of birth / birthday, or before "is my date of birth".

    Numeric (any separator, with spaces, or eight digits run together), ISO, written
    ("5-Nov-1958", "May 1961"), or spoken, words for numbers included ("the fifth of
    the eleventh, fifty-eight"); up to eight words may come between the cue and the date.
    """
    if not _DOB_QUICK.search(text):
        return
    seen = set()
    for m in _DOB_RE.finditer(text):
        seen.add(m.start(1))
        end = m.end(1)
        if text[end - 1] == "." and re.search(r"[^\W\d_]{4,}\.$", text[m.start(1):end]):
            end -= 1  # "... the fifth of November." ends the sentence
        yield m.start(1), end, 0.95
    for m in _BIRTHDAY_RE.finditer(text):
        if m.start(1) not in seen:
            seen.add(m.start(1))
            yield m.start(1), m.end(1), 0.85
    for m in _DOB_AFTER_RE.finditer(text):  # "05/11/58, that's my date of birth"
        if m.start(1) not in seen:
            yield m.start(1), m.end(1), 0.9


# --------------------------------------------------------------------- ages over 89
_AGE = (rf"(?:9\d|1[01]\d|ninety(?:[ -](?:{_UNITS_W}))?|(?:(?:a|one)\s+)?hundred(?:\s+and\s+"
        rf"(?:{_UNITS_W}|{_TEENS_W}))?)")
_AGE_ORD = (rf"(?:9\dth|9\d(?:st|nd|rd)|1[01]\d(?:th|st|nd|rd)|ninetieth|ninety[ -](?:{_ORD_W})|"
            rf"hundredth|hundred\s+and\s+(?:{_ORD_W}))")
_AGE_BIRTHDAY = re.compile(rf"(?<![\w.,£$])({_AGE_ORD})(?:\s+birthday|\s+bday)\b", re.I)
_AGE_WITH_UNIT = re.compile(rf"(?<![\w.,£$])({_AGE})(?:[\s-]+(?:years?|yrs?)[\s-]+old|-year-old|"
                            r"\s+years?\s+of\s+age|\s?y/?o)\b", re.I)
_AGE_DIRECT = re.compile(
    rf"\b(?:aged|age|ages|turned|turning|turns|reached|reaching|hit|hits|celebrated|celebrating|"
    rf"reach|made\s+it\s+to|lived\s+to|live\s+to|got\s+to)\s+(?:of\s+)?({_AGE})(?!\w|[.,]\d)", re.I)
_AGE_AFTER_BE = re.compile(
    rf"(?:\b(?:is|was|be|being|am|are|were|now|nearly|almost|over)|['’]s|['’]m|['’]re)\s+"
    rf"(?:(?:nearly|almost|just|now|over|about|turned|coming\s+up(?:\s+to)?|getting\s+on\s+for|"
    rf"knocking\s+on)\s+)?({_AGE})(?!\w|[.,]\d)", re.I)
_AGE_AT = re.compile(rf"\b(?:at|by)\s+(?:the\s+age\s+of\s+)?({_AGE})(?!\w|[.,]\d)"
                     r"(?=\s*(?:[.,;!?)]|$|\s+(?:years|and|he|she|they|I|you|we|so|but|still|now|"
                     r"when|though|too|which)\b))", re.I)
_PERSON = re.compile(
    r"\b(?:I|I'm|I’m|he|she|they|who|he's|she's|dad|mum|mom|mother|father|gran|granny|grandma|"
    r"grandmother|grandad|granddad|grandpa|grandfather|nan|nana|nanna|wife|husband|partner|"
    r"sister|brother|aunt|auntie|uncle|neighbour|neighbor|friend|son|daughter|patient|lady|man|"
    r"woman|gentleman|mate|relative|resident|cousin|parents?|in-law)\b", re.I)
_AGE_APPOSITIVE = re.compile(rf"(?:{_PERSON.pattern}|\b[A-Z][a-z]+)\s*,\s*({_AGE})\s*,")
_NOT_AGE_AFTER = re.compile(
    r"^\s*(?:%|percent|per\b|pounds|quid|p\b|pence|minutes|mins|hours|hrs|days|weeks|months|"
    r"years(?!\s+old)|miles|mph|km|degrees|°|people|patients|times|bus|seconds|metres|meters|kg|"
    r"stone|points|calls|pages?|beds?|staff|members|out\s+of|of\s+(?:us|them|you|those|the)|"
    r"\d)", re.I)


_AGE_QUICK = re.compile(r"9\d|1[01]\d|ninet|hundred", re.I)


def find_age(text: str) -> Iterator[Span]:
    """Ages of 90 and over: with "years old", after an age verb, or of a person ("she's 91").

    Also "ninety years of age", "his 90th birthday", "coming up to ninety-five" and
    "hundred and one". Younger ages, and bands such as "in her nineties", are not
    identifiers (the HIPAA Safe Harbor rule: ages over 89 are grouped as 90+).
    """
    if not _AGE_QUICK.search(text):
        return
    for m in _AGE_WITH_UNIT.finditer(text):
        yield m.start(1), m.end(), 0.9
    for m in _AGE_BIRTHDAY.finditer(text):  # "his 90th birthday", "her hundredth birthday"
        yield m.start(1), m.end(1), 0.85
    for rx, score in ((_AGE_DIRECT, 0.85), (_AGE_AT, 0.75)):
        for m in rx.finditer(text):
            if not _NOT_AGE_AFTER.search(text[m.end(1):m.end(1) + 20]):
                yield m.start(1), m.end(1), score
    for m in _AGE_APPOSITIVE.finditer(text):  # "my grandad, 99, lives alone"
        if not _NOT_AGE_AFTER.search(text[m.end():m.end() + 20]):
            yield m.start(1), m.end(1), 0.75
    for m in _AGE_AFTER_BE.finditer(text):
        if _NOT_AGE_AFTER.search(text[m.end(1):m.end(1) + 20]):
            continue
        if m.group(0)[:4].lower() == "over" and re.search(r"\d\s*$", text[:m.start()]):
            continue  # "150 over 95": a blood pressure reading
        window = text[max(0, m.start() - 30):m.start() + 3]
        if _PERSON.search(window):
            yield m.start(1), m.end(1), 0.8


# --------------------------------------------------------------------- hospital numbers
_HOSP_CUE = (r"(?:hospital\s+(?:number|no\.?|num|id|record\s+number)|unit\s+(?:number|no\.?)|"
             r"patient\s+(?:id|identifier|number|no\.?)|m\.?r\.?n\.?|medical\s+record\s+(?:number|no\.?)|"
             r"case\s+(?:number|no\.?)|chi(?:\s+(?:number|no\.?))?|h\s*(?:&|and)\s*c\s+(?:number|no\.?)|"
             r"k\s+number|rtx\s+number)")
_HOSP_RE = re.compile(
    rf"\b{_HOSP_CUE}(?:['’]s|\s+(?:is|was|being|of))?\s*[:#,-]?\s*"
    r"(?P<id>(?<![\w-])[A-Z]{0,4}(?:[ \t-]?\d){6,12}[A-Z]?)(?![\w-])", re.I)


def find_hospital_number(text: str) -> Iterator[Span]:
    """Hospital, unit, patient-ID, MRN and CHI numbers given after their name.

    "hospital number RX1234567", "MRN: 00123456", "my unit number is 123 4567": up
    to four letters and six to twelve digits, in any grouping. Without the cue a
    code is a reference like any other and is not reported.
    """
    if not _HAS_DIGIT.search(text):
        return
    for m in _HOSP_RE.finditer(text):
        # above a phone number's score: "CHI number 0101561234" is not a landline
        yield m.start("id"), m.end("id"), 0.97


# --------------------------------------------------------------------- vehicle registrations
_REG_RE = re.compile(r"(?<![\w-])(?:[A-HJ-PR-Y][A-HJ-PR-Y](?:0[1-9]|[1-9]\d)[^\S\r\n]?[A-HJ-PR-Z]{3}|"
                     r"[A-HJ-PR-Y]\d{1,3}[^\S\r\n]?[A-HJ-PR-Y]{3})(?![\w-])", re.I)
_REG_CUE = re.compile(r"\b(?:reg|registration|number\s*plates?|plates?|car|van|vehicle|motor|"
                      r"motorbike|lorry|taxi|cab|parked|dvla)\b", re.I)


def find_vehicle_reg(text: str) -> Iterator[Span]:
    """UK vehicle registrations: "KX19 ABC" in capitals; "kx19abc" or "A123 BCD" after a cue.

    The current form (two letters, the age digits, three letters) with its space
    in capitals stands alone; lower case, no space and the older prefix form
    ("A123 BCD") need a word such as reg, plate, car or van within the sentence.
    """
    if not _HAS_DIGIT.search(text):
        return
    for m in _REG_RE.finditer(text):
        x = m.group(0)
        current = x[:2].isalpha()
        if current and x.isupper() and re.search(r"\s", x):
            yield m.start(), m.end(), 0.85
        elif _REG_CUE.search(_sentence(text, m.start(), m.end())):
            yield m.start(), m.end(), 0.8


# --------------------------------------------------------------------- street addresses
_STREET = (r"(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Cl|Drive|Way|Crescent|Cres|Gardens|"
           r"Gdns|Place|Pl|Terrace|Tce|Grove|Court|Ct|Hill|Rise|View|Walk|Mews|Row|Square|Sq|"
           r"Park|Green|Parade|Vale|Meadows?|Fields?|Wharf|Chase|Croft|Gate|Yard|Wynd|Brow|"
           r"Bank|End|Crossway|Boulevard|Heights|Villas|Cottages|Parkway|Approach|Circus|Quay)")
_BUILDING = r"(?:House|Court|Lodge|Tower|Towers|Mansions|Buildings|Heights|Point|Block|Hall)"
_CAP_WORD = r"(?:St\.?\s+)?[A-Z][\w'’-]*"
_ADDRESS_RE = re.compile(
    rf"(?<![\w£$.,/-])(?:(?:[Ff]lat|[Aa]partment|[Aa]pt\.?|[Uu]nit)\s+\d{{1,4}}[A-Za-z]?,?\s+)?"
    rf"(?:[Nn]umber\s+|[Nn]o\.?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:(?:{_CAP_WORD}\s+){{1,3}}{_STREET}(?![\w'’-])|The\s+[A-Z][\w'’-]*s\b|"
    rf"(?:[a-z][\w'’-]*\s+){{1,2}}(?:road|street|lane|avenue|close|drive|crescent|gardens|"
    rf"terrace|grove)(?![\w'’-]))")
_FLAT_RE = re.compile(
    rf"(?<![\w-])(?:[Ff]lat|[Aa]partment|[Aa]pt\.?)\s+\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?:{_CAP_WORD}\s+){{1,3}}(?:{_BUILDING}|{_STREET})(?![\w'’-])")
_NOT_STREET_WORD = frozenset("""miles mile minutes minute mins hours hour yards yard metres meters
km doors door houses times weeks days years people of in on at the a an down up along across
from to my our your his her their this that""".split())


def find_address(text: str) -> Iterator[Span]:
    """Street addresses: a house number and a street ("12 Mill Road", "flat 3, 14 Church St").

    Also "6 The Paddocks" and a flat in a named building ("Flat 2, Rose Court"). The
    street is capitalised, or one of road, street, lane ... after lower-case words
    that are not a distance ("58 high street", not "2 miles down the road").
    """
    if not _HAS_DIGIT.search(text):
        return
    seen: list[tuple[int, int]] = []
    for rx in (_ADDRESS_RE, _FLAT_RE):
        for m in rx.finditer(text):
            words = re.findall(r"(?<![\w'’])[^\W\d_][\w'’-]*", m.group(0))
            if any(w.casefold() in _NOT_STREET_WORD for w in words[:-1] if w.islower()):
                continue
            if any(s <= m.start() and m.end() <= e for s, e in seen):
                continue
            seen.append((m.start(), m.end()))
            yield m.start(), m.end(), 0.8


# --------------------------------------------------------------------- names after a title
_TITLE_ABBR = r"(?:Dr|Mrs|Mr|Ms|Mx|Prof|Rev|Revd|Cllr|Sgt|Capt)"
_TITLE_WORD = (r"(?:Staff\s+Nurse|Charge\s+Nurse|Nurse\s+Practitioner|Health\s+Visitor|"
               r"Senior\s+Sister|Mister|Missus|Missis|Doctor|Miss|Nurse|Sister|Professor|Matron|Reverend|Father|Sir|Dame|Lady|Lord|"
               r"Councillor|Midwife|Pastor|Imam|Rabbi|Canon|Brother|Auntie|Aunty|Uncle|Nanny|"
               r"Grandma|Grandad|Consultant|Surgeon|Sergeant|Captain)")
_LETTER = r"[^\W\d_]"
_NAME_TOKEN = rf"{_LETTER}+(?:['’]{_LETTER}+|-{_LETTER}+)*"
_PARTICLES = frozenset("van von de der den du da di del della dos das le la bin ibn al el ter "
                       "ten st mac mc ap".split())
_TITLE_RE = re.compile(rf"(?<![\w'’-])(?:(?P<abbr>{_TITLE_ABBR})\.?|(?P<word>{_TITLE_WORD}))"
                       rf"[ \t]+(?={_LETTER})", re.I)
_TOKEN_RE = re.compile(rf"{_LETTER}\.(?=[ \t])|{_NAME_TOKEN}")
_STOP = frozenset("""a about above after again against all also am an and any are as at back be
because been before being below between both but by can could did do does doing done down during
each either else even ever every few for from further get gets got had has have having he her here
hers him his how however i if in into is it its just least less like made make many may me might
more most much must my near neither never next no nor not now of off often on once one only or other
our out over own per perhaps please quite rather really said same say says see seems several she
should since so some still such than that the their them then there these they this those though
through to too under until up upon us very was we well were what when where whether which while who
whom whose why will with within without would yet you your came come comes went go goes going gave
give gives told tell tells asked ask asks rang ring rings called calls saw sees seen thinks think
thought wrote writes knows know knew wants want wanted sent sends left leaves took takes put puts
looked looks seemed explained explains mentioned mentions suggested suggests agreed agrees admitted
replied answered says yes okay ok right sure thanks thank sorry hello hi um er erm yeah oh
""".split())
_NOT_NAMES = frozenset("""the and or but if so i we you they he she it nhs gp who what when where
why how yes no well practitioner practitioners foster christmas google said says monday tuesday
wednesday thursday friday saturday sunday january february march april june july august september
october november december""".split())


def _possessive(tok: str) -> tuple[str, bool]:
    if len(tok) > 3 and tok[-2:].casefold() in ("'s", "’s"):
        return tok[:-2], True
    return tok, False


def _name_tokens(text: str, pos: int, abbreviated: bool) -> tuple[int, int] | None:
    """The span of the name that starts at ``pos`` (just after a title), or None."""
    tokens = list(_TOKEN_RE.finditer(text, pos, min(len(text), pos + 120)))
    start = end = None
    lower_name = False
    for k, t in enumerate(tokens):
        if k > 4 or text[end if end is not None else pos:t.start()] not in ("", " ", "\t"):
            break
        tok, possessive = _possessive(t.group(0))
        low = tok.casefold()
        nxt = tokens[k + 1].group(0) if k + 1 < len(tokens) else ""
        if low in _NOT_NAMES:
            break
        if tok[:1].isupper():
            if start is not None and (tok.isupper() and len(tok) > 1 and low in _STOP):
                break  # "DR PATEL SAID"
        elif low in _PARTICLES and nxt[:1].isupper():
            pass  # "van der Berg", "de Souza"
        elif abbreviated and low not in _STOP and (start is None or lower_name) and k < 2:
            lower_name = True  # "dr patel", "dr jane smith": any case after Dr, Mr, Mrs, Ms
        else:
            break
        if start is None:
            start = t.start()
        end = t.start() + len(tok)
        if possessive:
            break
    if start is None:
        return None
    while end > start and text[end - 1] == ".":
        end -= 1
    piece = text[start:end]
    if sum(ch.isalpha() for ch in piece) < 2:
        return None
    return start, end


def find_title_name(text: str) -> Iterator[Span]:
    """The whole name after a title: every part, in any case after Dr, Mr, Mrs, Ms, Prof."""
    for m in _TITLE_RE.finditer(text):
        word = m.group("word")
        if word is not None and word.islower():
            continue  # "the nurse said", "my uncle was": common nouns, not titles
        span = _name_tokens(text, m.end(), abbreviated=m.group("abbr") is not None)
        if span is not None:
            yield span[0], span[1], 0.85


# --------------------------------------------------------------------- names by relation
_RELATION = (r"(?:son|daughter|mother|father|brother|sister)-in-law|husband|wife|partner|son|daughter|mum|mam|mom|mother|dad|father|brother|sister|"
             r"nan|nana|nanna|gran|granny|grandma|grandad|granddad|grandpa|grandson|granddaughter|"
             r"neighbour|neighbor|friend|mate|carer|aunt|auntie|aunty|uncle|cousin|niece|nephew|"
             r"boyfriend|girlfriend|fianc[ée]e?|colleague|boss|manager|gp|doctor|consultant|nurse|"
             r"physio|physiotherapist|midwife|counsellor|therapist|social\s+worker|key\s+worker|"
             r"support\s+worker|health\s+visitor|surgeon|dentist|pharmacist|receptionist|"
             r"lodger|landlord|landlady|stepson|stepdaughter|stepdad|stepmum|ex")
_PERSON_NOUN = r"man|woman|lady|bloke|guy|girl|boy|chap|fella|fellow|gentleman|someone|somebody|person"
_NAME_WORD = r"[^\W\d_a-z][^\W\d_]*(?:['’-][^\W\d_]+)*"
_RELATION_NAME_RE = re.compile(
    rf"(?:(?i:\b(?:my|our|his|her|their|your|the)\s+(?:(?:late|old|best|little|big|eldest|"
    rf"youngest|other)\s+)?(?:{_RELATION}))\s*,?\s+|"
    rf"(?i:\b(?:{_RELATION}|{_PERSON_NOUN})\s+(?:called|named)\s+)|"
    rf"(?i:\b(?:my|his|her|their|your)\s+name(?:['’]s|\s+is|\s+was)\s+))"
    rf"(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})")
_TITLE_ONLY = re.compile(rf"^(?:{_TITLE_ABBR}|{_TITLE_WORD})\.?$", re.I)


def find_relation_name(text: str) -> Iterator[Span]:
    """A capitalised name given with a relation or role ("my neighbour Sue Barker").

    Also after "called" or "named" following a person ("a nurse called Bernadette")
    and after "my name's". Only capitalised words that are not ordinary English
    words count, so "my GP Surgery" is not a name; lower-case names are not found.
    """
    common = None
    for m in _RELATION_NAME_RE.finditer(text):
        tokens = m.group("name").split()
        keep = []
        for tok in tokens:
            tok, possessive = _possessive(tok)
            low = tok.casefold()
            if common is None:
                from ._ner import common_words
                common = common_words()
            if low in _STOP or low in _NOT_NAMES or _TITLE_ONLY.match(tok) \
                    or (tok.isupper() and len(tok) > 1 and keep == []):
                break
            keep.append(tok)
            if possessive:
                break
        # "Sue Barker" is a name though "sue" is a word; "Surgery" or "Said" alone is not
        if keep and all(t.casefold() in common for t in keep):
            keep = []
        if keep:
            start = m.start("name")
            end = start + len(" ".join(keep))
            if text[start:end] == " ".join(keep):
                yield start, end, 0.75


# --------------------------------------------------------------------- fragments
#: A qualkit placeholder such as ``[NAME_4]``.
PLACEHOLDER_RE = re.compile(r"\[[A-Z][A-Z_]*_\d+\]")
_GLUE_AFTER = re.compile(r"(?:[.@'’-]?[^\W_])")
_POSSESSIVE_AFTER = re.compile(r"['’]s(?![^\W_])")


def find_fragment(text: str) -> Iterator[Span]:
    """A placeholder glued to letters or digits ("Dr [NAME_4]Donald", "jane.o'[EMAIL_1]").

    Such a token means an identifier was replaced only in part: the visible rest
    is itself identifying.
    """
    for m in PLACEHOLDER_RE.finditer(text):
        s, e = m.start(), m.end()
        glued_after = bool(_GLUE_AFTER.match(text, e)) and not _POSSESSIVE_AFTER.match(text, e) \
            and not PLACEHOLDER_RE.match(text, e)
        before = text[max(0, s - 2):s]
        glued_before = bool(before) and (
            before[-1:].isalnum() or (before[-1:] in ".@'’-" and before[:1].isalnum()))
        if not (glued_after or glued_before):
            continue
        a, b = s, e
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        while b > e and not text[b - 1].isalnum():
            b -= 1
        while a < s and not (text[a].isalnum() or text[a] == "["):
            a += 1
        yield a, b, 0.99


#: The detector registry, by name.
DETECTORS: dict[str, Detector] = {d.name: d for d in [
    Detector("qualkit.nhs_number.v1", "NHS_NUMBER", find_nhs,
             "10 digits (any grouping, typed or spoken) with a valid modulus-11 check digit"),
    Detector("qualkit.phone_uk.v1", "PHONE", find_phone,
             "UK telephone numbers: national, +44, +44 (0), 0044; typed or spoken"),
    Detector("qualkit.ni_number.v1", "NI_NUMBER", find_ni_number,
             "UK National Insurance numbers"),
    Detector("qualkit.card_number.v1", "CARD_NUMBER", find_card,
             "payment card numbers (13-19 digits with a valid Luhn check digit)"),
    Detector("qualkit.postcode_uk.v1", "POSTCODE", find_postcode,
             "full UK postcodes in any case; outward codes with a cue in the sentence"),
    Detector("qualkit.email.v1", "EMAIL", find_email, "e-mail addresses"),
    Detector("qualkit.url.v1", "URL", find_url, "web addresses"),
    Detector("qualkit.date_of_birth.v1", "DATE_OF_BIRTH", find_dob,
             "dates (numeric, ISO, written, spoken) after born / DOB / date of birth / birthday"),
    Detector("qualkit.age_over_89.v1", "AGE", find_age, "ages of 90 and over"),
    Detector("qualkit.title_name.v1", "NAME", find_title_name,
             "the whole name after a title (Dr, Mrs, Nurse ...), any case after Dr/Mr/Mrs/Ms"),
    Detector("qualkit.hospital_number.v1", "HOSPITAL_NUMBER", find_hospital_number,
             "hospital, unit, patient-ID, MRN and CHI numbers after their name"),
    Detector("qualkit.address_uk.v1", "ADDRESS", find_address,
             "street addresses: a house (or flat) number and a street or building"),
    Detector("qualkit.vehicle_reg_uk.v1", "VEHICLE_REG", find_vehicle_reg,
             "UK vehicle registrations (current form in capitals; other forms after a cue)"),
    Detector("qualkit.relation_name.v1", "NAME", find_relation_name,
             "a capitalised name after a relation or role ('my neighbour Sue Barker')"),
    Detector("qualkit.placeholder_fragment.v1", "FRAGMENT", find_fragment,
             "a redaction placeholder glued to the rest of an identifier"),
]}
