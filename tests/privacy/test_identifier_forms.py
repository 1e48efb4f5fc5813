"""Whole identifiers in the forms people type and say; fragments; messages without text."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit._hint import shape, text_hint
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import IdentifierFoundError
from qualkit.privacy import nhs_number_valid, scan_identifiers


def found(text, **kw):
    kw.setdefault("ner", False)
    return scan_identifiers(text, **kw)[["text", "kind"]].values.tolist()


@pytest.mark.parametrize("text, name", [
    ("Dr McDonald said so.", "McDonald"), ("Dr MacLeod came.", "MacLeod"),
    ("Nurse Renée came.", "Renée"), ("Sister Ó Súilleabháin rang.", "Ó Súilleabháin"),
    ("Mrs Smith-Jones-Okoro agreed.", "Smith-Jones-Okoro"), ("dr patel came", "patel"),
    ("DR PATEL CAME", "PATEL"), ("Dr Ólafsson was kind.", "Ólafsson"),
    ("Dr van der Berg left.", "van der Berg"), ("Mr D'Souza's clinic", "D'Souza"),
    ("Prof. Ngozi Okonkwo-Adeyemi spoke.", "Ngozi Okonkwo-Adeyemi"),
    ("mr o'connor said no", "o'connor"), ("Dr J. Mackintosh wrote.", "J. Mackintosh"),
    ("Ms Fitzgerald-McGuire's letter", "Fitzgerald-McGuire"),
])
def test_privacy_whole_names_after_a_title(text, name):
    assert [t for t, k in found(text) if k == "NAME"] == [name]


@pytest.mark.parametrize("text", ["the nurse said it was fine", "my uncle was a doctor",
                                  "Mr and Mrs", "Doctor Who is on tonight"])
def test_privacy_titles_that_are_not_names(text):
    assert found(text) == []


@pytest.mark.parametrize("number", ["943 476 5919", "943-476-5919", "9434765919", "943.476.5919",
                                    "943 476-5919", "943/476/5919", "9434 765 919",
                                    "94 34 76 59 19",
                                    "nine four three four seven six five nine one nine",
                                    "nine four three, four seven six, five nine one nine",
                                    "nine four three, four seven six, five nine one nine"])
def test_privacy_nhs_numbers_any_separator_or_spoken(number):
    assert found(f"My NHS number is {number}.") == [[number, "NHS_NUMBER"]]


@pytest.mark.parametrize("text, number", [
    ("my nhs no is 485-777-3456 if you need it", "485-777-3456"),
    ("NHS#: 4857773456", "4857773456"),
    ("My NHS number's four eight five, seven seven seven, three four five six.",
     "four eight five, seven seven seven, three four five six"),
])
def test_privacy_nhs_numbers_called_so_even_with_a_wrong_check_digit(text, number):
    assert found(text) == [[number, "NHS_NUMBER"]]
    # the same ten digits said without the name NHS are a reference, not a finding
    assert found(text.replace("NHS", "order").replace("nhs", "order")) == []


@pytest.mark.parametrize("phone", ["+44 7700 900123", "+44 (0)7700 900123", "+44 (0) 7700 900 123",
                                   "0044 7700 900123", "0044 (0)20 7946 0958", "00 44 7700 900123",
                                   "07700.900.123", "(01632) 960123",
                                   "oh seven seven double oh, nine double oh one two three"])
def test_privacy_phone_forms(phone):
    assert found(f"Ring me on {phone} please.") == [[phone, "PHONE"]]


@pytest.mark.parametrize("text, dob", [
    ("I was born 1958-03-03 in Deal.", "1958-03-03"),
    ("He was born on 3 Mar 50, in Hythe.", "3 Mar 50"),
    ("born on the third of March, nineteen fifty-eight", "the third of March, nineteen fifty-eight"),
    ("My date of birth's March the fourth, 1952.", "March the fourth, 1952"),
    ("DOB 12.5.47", "12.5.47"), ("I was born in Rye on 9 October '46.", "9 October '46"),
    ("my birthday's the twenty-first of June", "the twenty-first of June"),
])
def test_privacy_dates_of_birth_iso_and_spoken(text, dob):
    assert found(text) == [[dob, "DATE_OF_BIRTH"]]


@pytest.mark.parametrize("text, age", [
    ("my dad is 98", "98"), ("she died at 91.", "91"), ("He's ninety-three now.", "ninety-three"),
    ("my nan, who's 96, lives alone", "96"), ("still driving at 92, my uncle", "92"),
    ("Granddad made it to 101.", "101"), ("she's a hundred and two", "a hundred and two"),
    ("my grandad, 99, lives alone", "99"), ("Grandma, ninety-four, still walks", "ninety-four"),
])
def test_privacy_ages_over_89_in_running_text(text, age):
    assert found(text) == [[age, "AGE"]]


@pytest.mark.parametrize("text", ["The ward is 98 percent full.", "at 91 pence a litre",
                                  "Over 90 people came.", "We waited 93 minutes.",
                                  "the 95 bus", "Out of 95 patients, two",
                                  "In Kent, 95, percent agreed", "Rooms 12, 95, and 101"])
def test_privacy_numbers_that_are_not_ages(text):
    assert found(text) == []


@pytest.mark.parametrize("text, code", [
    ("ME14 is where I grew up.", "ME14"), ("we're in the me14 area", "me14"),
    ("I live near ct5", "ct5"), ("I moved to TN24 last year.", "TN24"),
    ("post it to me14 2lx", "me14 2lx"), ("It's ME142LX.", "ME142LX"),
])
def test_privacy_postcodes_any_case_and_cued_outward_codes(text, code):
    assert found(text) == [[code, "POSTCODE"]]


@pytest.mark.parametrize("text", ["The M25 was solid.", "Everyone wore N95 masks.",
                                  "CO2 levels were high.", "vitamin B12 jabs",
                                  "The G7 countries met.", "Sales in Q3 were up."])
def test_privacy_codes_that_are_not_postcodes(text):
    assert found(text) == []


@pytest.mark.parametrize("email", ["jane.o'brien@example.com", "mary-kate.mcdonald@example.org.uk",
                                   "d.ólafsson@example.is", "sam_p+study@mail.example.co.uk",
                                   "jane dot whitfield at example dot co dot uk"])
def test_privacy_whole_emails(email):
    assert found(f"Write to {email} today.") == [[email, "EMAIL"]]


def test_privacy_national_insurance_and_card_numbers():
    assert found("NI number AB 12 34 56 C, and card 4539 1488 0343 6467.") == [
        ["AB 12 34 56 C", "NI_NUMBER"], ["4539 1488 0343 6467", "CARD_NUMBER"]]
    assert found("card 4539 1488 0343 6468") == []  # Luhn check fails


def test_privacy_known_names_ignore_accents_and_keep_possessives():
    f = found("Renee said so; RENÉE's point; renée-ish.", known_names=["Renée Fairclough"])
    assert f == [["Renee", "NAME"], ["RENÉE", "NAME"]]


@pytest.mark.parametrize("text, fragment", [
    ("Dr [NAME_4]Donald rang.", "[NAME_4]Donald"), ("Mr Mc[NAME_5] rang.", "Mc[NAME_5]"),
    ("Nurse [NAME_6]ë came.", "[NAME_6]ë"), ("write to jane.o'[EMAIL_4] now", "jane.o'[EMAIL_4]"),
    ("ring [PHONE_1]23 now", "[PHONE_1]23"),
])
def test_privacy_fragments_next_to_placeholders(text, fragment):
    assert found(text) == [[fragment, "FRAGMENT"]]
    with pytest.raises(IdentifierFoundError, match="FRAGMENT"):
        qk.check_export([text])


def test_privacy_placeholders_alone_are_clean():
    assert qk.check_export(["[NAME_1]'s view, and [NAME_2]. ([PHONE_1]) [NAME_1]/[NAME_2]"]).empty


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=9, max_size=9), st.sampled_from(" -./"),
       st.sampled_from([(3, 6), (4, 7), (2, 5), (5, 8)]))
@example([8, 8, 0, 0, 0, 9, 0, 0, 4], " ", (3, 6))  # last group "0044", not a +44 prefix
@example([0, 0, 4, 4, 5, 2, 6, 8, 3], " ", (4, 7))  # "0044 526 830": not a +44 prefix
def test_privacy_hypothesis_nhs_any_grouping(nine, sep, cuts):
    digits = "".join(map(str, nine))
    for check in range(10):
        if nhs_number_valid(digits + str(check)):
            d = digits + str(check)
            x = sep.join([d[:cuts[0]], d[cuts[0]:cuts[1]], d[cuts[1]:]])
            assert found(f"NHS number {x}, thanks.") == [[x, "NHS_NUMBER"]]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_privacy_hint_never_carries_a_letter_or_digit(text):
    s = shape(text)
    assert not any(ch.isalnum() and ch not in "Xxd" for ch in s)
    assert text_hint(text) == "empty" or text_hint(text).startswith("shape ")


def test_privacy_redaction_leaves_no_fragment():
    c = Corpus([Transcript.from_turns("t", [
        Turn("P01", "Dr McDonald and Nurse Renée saw mrs o'connor; mail jane.o'brien@example.com."),
        Turn("P02", "McDonald's ward, and 0044 (0) 7700 900123 or nine four three four seven six "
                    "five nine one nine.")])])
    clean = qk.redact(c, ner=False)
    text = " ".join(clean.utterances["text"])
    assert qk.check_export([text]).empty
    for piece in ("Donald", "Ren", "connor", "brien", "7700", "nine four"):
        assert piece not in text, piece
