"""Identifiers in the less common ways people type and say them, and look-alikes that are not.

Every example here is invented for this file (Ofcom drama numbers, example.*
domains, made-up people and streets). Hypothesis varies the spellings of the
formats that have many.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualkit.privacy import DETECTORS, scan_identifiers

_WORDS = ["oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def found(text, **kw):
    kw.setdefault("ner", False)
    return scan_identifiers(text, **kw)[["text", "kind"]].values.tolist()


def kinds(text):
    return {k for _, k in found(text)}


def _nhs(nine: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    c = 0 if c == 11 else c
    return None if c == 10 else nine + str(c)


# ------------------------------------------------------------------ numbers
_SEPARATORS = [" ", "\u00a0", "-", " - ", ".", "·", "_", "–", "  ", " / "]


@settings(max_examples=60, deadline=None)
@given(st.text("0123456789", min_size=9, max_size=9).map(_nhs).filter(bool),
       st.sampled_from(_SEPARATORS), st.sampled_from(["NHS no: {x}", "nhs number {x}, that's me",
                                                      "They read back {x} to me."]))
def test_privacy_nhs_number_any_separator(number, sep, template):
    x = sep.join([number[:3], number[3:6], number[6:]])
    assert [x, "NHS_NUMBER"] in found(template.format(x=x))


def test_privacy_nhs_number_after_a_hash_and_half_spoken():
    assert found("NHS#401 023 2137 on the label") == [["401 023 2137", "NHS_NUMBER"]]
    said = "four oh one, 023, 2137"
    assert found(f"I told her {said} twice.") == [[said, "NHS_NUMBER"]]


@pytest.mark.parametrize("said", [
    "oh seven seven hundred, nine hundred, five six seven",
    "oh one six three two, nine six oh, and then two four eight",
    "oh seven seven double oh... nine double oh... three one three",
    "plus four four, seven seven double oh, nine double oh, six one two",
    "double oh four four, one one three, four nine six, oh five five five",
    "oh one one seven, four nine six, treble oh four",
    "O seven seven double O nine double O seven one seven",
])
def test_privacy_phone_numbers_spoken(said):
    assert found(f"Ring {said} after six.") == [[said, "PHONE"]]


@pytest.mark.parametrize("typed", ["(0118) 496 0712", "+44 (0)118 496 0712", "07700-900-713",
                                   "07700\u00a0900\u00a0714", "(+44) 7700 900 715",
                                   "0044-7700-900716", "07700 – 900 – 717", "+44-118-496-0718",
                                   "07700/900/719", "0 7 7 0 0 9 0 0 7 2 0"])
def test_privacy_phone_numbers_typed_oddly(typed):
    assert found(f"The number is {typed}.") == [[typed, "PHONE"]]


def test_privacy_phone_number_with_an_extension_keeps_the_number():
    assert found("Try 0118 496 0721 ext. 3310 for the ward.")[0] == ["0118 496 0721", "PHONE"]


def test_privacy_decimals_are_not_numbers():
    assert found("kappa 0.418 (7), 0.391 (14) and 0.402") == []


# ------------------------------------------------------------------ NI numbers
@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["HT", "jm", "Pc", "WR"]), st.text("0123456789", min_size=6, max_size=6),
       st.sampled_from("ABCDabcd"),
       st.sampled_from(["{p} {a} {b} {c} {s}", "{p}{d}{s}", "{p} {h} {t} {s}", "{p}-{d}-{s}",
                        "{p}.{a}.{b}.{c}.{s}", "{p0} {p1} {ds} {s}"]))
def test_privacy_ni_numbers_any_case_and_grouping(prefix, digits, suffix, fmt):
    x = fmt.format(p=prefix, d=digits, s=suffix, ds=" ".join(digits), a=digits[:2],
                   b=digits[2:4], c=digits[4:], h=digits[:3], t=digits[3:], p0=prefix[0],
                   p1=prefix[1])
    assert found(f"mine is {x} I think") == [[x, "NI_NUMBER"]]


def test_privacy_ni_prefixes_never_issued_are_not_ni_numbers():
    assert found("GB 11 22 33 A and TN 11 22 33 B") == []


# ------------------------------------------------------------------ postcodes
@pytest.mark.parametrize("text, code", [
    ("the postcode is T N 2 4 8 H Q, by the station", "T N 2 4 8 H Q"),
    ("Our postcode's B N one, three R X.", "B N one, three R X"),
    ("postcode r h ten, two d p", "r h ten, two d p"),
    ("Send it to CT21-4JG.", "CT21-4JG"),
    ("We live in DA11\u00a07QZ.", "DA11\u00a07QZ"),
])
def test_privacy_postcodes_spelled_or_oddly_spaced(text, code):
    assert found(text) == [[code, "POSTCODE"]]


def test_privacy_spelled_letters_without_a_postcode_are_not_one():
    assert found("I said a b c d e, one two three, like at school") == []
    assert found("we went s w one a little way") == []


# ------------------------------------------------------------------ e-mail, URL
@pytest.mark.parametrize("email", [
    "bryn dot hughes at example dot net", "bryn[at]example[dot]net", "bryn (at) example (dot) net",
    "BRYN AT EXAMPLE DOT NET", "b.hughes at example.co.uk", "bryn@example dot net",
    "bryn hyphen h at example dot org dot uk", "bryn {at} example {dot} org", "bryn＠example.net",
])
def test_privacy_email_disguised_or_read_out(email):
    assert found(f"email {email} for the minutes") == [[email, "EMAIL"]]


@pytest.mark.parametrize("text", ["I looked at example.org for it.", "we were at Tesco dot com",
                                  "bryn at reception said to wait"])
def test_privacy_at_a_place_is_not_an_email(text):
    assert "EMAIL" not in kinds(text)


@pytest.mark.parametrize("url", ["www dot example dot org dot uk", "example dot net slash groups",
                                 "example.uk/carers", "bit.ly/4kExmpL", "example-help.scot"])
def test_privacy_urls_read_out_or_short(url):
    assert found(f"see {url} for that") == [[url, "URL"]]


def test_privacy_dot_com_alone_is_not_a_url():
    assert found("back in the dot com days it was different") == []


# ------------------------------------------------------------------ dates of birth, ages
@pytest.mark.parametrize("text, date", [
    ("My date of birth is the ninth of the fourth, sixty-two.", "the ninth of the fourth, sixty-two"),
    ("DOB nine four sixty-two", "nine four sixty-two"),
    ("d.o.b. 09 04 1962 on the form", "09 04 1962"),
    ("DOB 09041962, they typed", "09041962"),
    ("born 9-Apr-1962", "9-Apr-1962"),
    ("I was born in April 1962, a spring baby.", "April 1962"),
    ("I was born in the front bedroom at my nan's on 9 Apr 1962.", "9 Apr 1962"),
    ("09/04/62, that's my date of birth.", "09/04/62"),
    ("I was born nineteen sixty-two, on the ninth of April, so there.",
     "nineteen sixty-two, on the ninth of April"),
    ("My birthday's 09/04, same as my brother.", "09/04"),
    ("born April the ninth, sixty-two", "April the ninth, sixty-two"),
])
def test_privacy_dates_of_birth_in_more_forms(text, date):
    assert found(text) == [[date, "DATE_OF_BIRTH"]]


@pytest.mark.parametrize("text", ["I was born in 1962.", "My appointment's the 9th of April.",
                                  "The clinic on 09/04/2025 was cancelled.",
                                  "My birthday was in lockdown."])
def test_privacy_dates_that_are_not_births(text):
    assert found(text) == []


@pytest.mark.parametrize("text, age", [
    ("Her 93rd birthday was in the ward.", "93rd"), ("for his hundredth birthday", "hundredth"),
    ("She is ninety-four years of age.", "ninety-four years of age"),
    ("My aunt's coming up to ninety-six.", "ninety-six"),
    ("my grandad's hundred and two", "hundred and two"),
])
def test_privacy_ages_over_89_in_more_forms(text, age):
    assert found(text) == [[age, "AGE"]]


@pytest.mark.parametrize("text", ["I'm sixty-eight.", "aged 52, working", "in her nineties",
                                  "She said my pressure was 150 over 95.", "a 90-minute wait",
                                  "two hundred and fifty quid"])
def test_privacy_not_ages_over_89(text):
    assert "AGE" not in kinds(text)


# ------------------------------------------------------------------ new kinds
@pytest.mark.parametrize("text, address", [
    ("We're at 31 Foxglove Lane now.", "31 Foxglove Lane"),
    ("flat 6, 220 Wellington Road", "flat 6, 220 Wellington Road"),
    ("It's 8a Cromwell Terrace.", "8a Cromwell Terrace"),
    ("Flat 4, Harbour Lodge, on the front", "Flat 4, Harbour Lodge"),
    ("number 17 Sandpiper Close", "number 17 Sandpiper Close"),
    ("they moved to 2 The Sidings", "2 The Sidings"),
    ("my son's at 45 bridge street", "45 bridge street"),
])
def test_privacy_street_addresses(text, address):
    assert found(text) == [[address, "ADDRESS"]]


@pytest.mark.parametrize("text", ["It's 3 miles down the road.", "I was on Ward 9, Bay 2.",
                                  "The Station Road surgery is good.", "2 Park Runs a week",
                                  "10 minutes up the road"])
def test_privacy_not_addresses(text):
    assert "ADDRESS" not in kinds(text)


@pytest.mark.parametrize("text, number", [
    ("my hospital number is QX7654321", "QX7654321"), ("MRN: 00765432", "00765432"),
    ("unit no. 765 4321", "765 4321"), ("patient ID B765432 on the band", "B765432"),
    ("CHI number 2307551238", "2307551238"),
])
def test_privacy_hospital_numbers_after_their_name(text, number):
    assert found(text) == [[number, "HOSPITAL_NUMBER"]]


def test_privacy_a_chi_number_with_a_valid_check_digit_is_an_nhs_number():
    # CHI numbers carry the NHS modulus-11 check digit: one that passes is reported as such
    assert found("CHI number 2307551239") == [["2307551239", "NHS_NUMBER"]]


def test_privacy_codes_without_a_hospital_cue_are_not_hospital_numbers():
    assert found("Form QX7654321 is the old one, ward B12.") == []


@pytest.mark.parametrize("text, reg", [
    ("a blue Fiesta, WM21 KTP, in the bay", "WM21 KTP"), ("the reg was wm21ktp", "wm21ktp"),
    ("his old car, J482 RFE", "J482 RFE"),
])
def test_privacy_vehicle_registrations(text, reg):
    assert found(text) == [[reg, "VEHICLE_REG"]]


def test_privacy_covid_and_roads_are_not_registrations():
    assert found("COVID-19 closed the A21 and the M25") == []


# ------------------------------------------------------------------ names
@pytest.mark.parametrize("text, name", [
    ("my neighbour Colin Threlfall drives me", "Colin Threlfall"),
    ("Our daughter, Imogen, came too.", "Imogen"),
    ("a physio called Radek was brilliant", "Radek"),
    ("My name's Pauline, by the way.", "Pauline"),
    ("Missus Threlfall next door", "Threlfall"), ("Mister Adeyemi did the scan", "Adeyemi"),
    ("Staff Nurse Kowalski was on", "Kowalski"),
    ("the Health Visitor Mbeki came round", "Mbeki"),
])
def test_privacy_names_by_relation_or_spoken_title(text, name):
    assert [t for t, k in found(text) if k == "NAME"] == [name]


@pytest.mark.parametrize("text", ["my GP Surgery is shut", "my husband Said no, in capitals",
                                  "it's called Patient Access", "My sister, who lives nearby, came",
                                  "my carer Agency sends someone"])
def test_privacy_relations_without_a_name(text):
    assert "NAME" not in kinds(text)


def test_privacy_new_kinds_are_registered_detectors():
    assert {d.kind for d in DETECTORS.values()} >= {"ADDRESS", "HOSPITAL_NUMBER", "VEHICLE_REG"}
