"""A labelled synthetic test set for the identifier scan.

``cases()`` returns transcript-like sentences with planted identifiers, each
labelled with its exact text and kind, plus decoys that must give no finding.
Identifiers come in the forms people type and say: NHS numbers grouped any way,
dotted or read out as words; phone numbers national, +44, +44 (0), 0044 or
spoken; postcodes in any case and outward codes after a cue; dates of birth
numeric, ISO, written and spoken; ages over 89 in running text; names after a
title with Mc, Mac, O', hyphens, particles, accents and in any case; known names
as people write them. ``build(cases)`` lays them out as a Corpus and returns the
gold spans as offsets into ``Transcript.text``. Everything is synthetic, written
for qualkit (Ofcom drama numbers, example.* domains, invented people).
"""

from __future__ import annotations

import random

import pandas as pd

from qualkit.corpus import Corpus, Transcript, Turn

KNOWN_NAMES = ["Jane Whitfield", "Tomasz Nowak", "Priya Raman", "Declan Mulholland",
               "Olu Adebayo", "Renée Fairclough", "Siobhán Ó Briain"]

#: The kinds with a fixed form (numbers, codes, addresses, dates), as opposed to names.
STRUCTURED = ("NHS_NUMBER", "PHONE", "POSTCODE", "EMAIL", "URL", "DATE_OF_BIRTH", "AGE",
              "NI_NUMBER", "CARD_NUMBER", "ADDRESS")

_SPOKEN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def nhs_check(nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1)))
    c = 11 - total % 11
    c = 0 if c == 11 else c
    return None if c == 10 else c


def valid_nhs(rng: random.Random) -> str:
    while True:
        nine = "".join(rng.choice("0123456789") for _ in range(9))
        c = nhs_check(nine)
        if c is not None:
            return nine + str(c)


def invalid_nhs(rng: random.Random) -> str:
    nine = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(8))
    c = nhs_check(nine)
    return nine + str(rng.choice([d for d in range(10) if d != c]))


def fmt_nhs(d: str, style: int) -> str:
    return [f"{d[:3]} {d[3:6]} {d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", d][style % 3]


def spoken(digits: str, rng: random.Random, zero: str = "oh") -> str:
    """Digits read out, with 'double' for a repeated digit and pauses as commas."""
    words, i = [], 0
    while i < len(digits):
        d = digits[i]
        w = zero if d == "0" else _SPOKEN[int(d)]
        if i + 1 < len(digits) and digits[i + 1] == d and rng.random() < 0.7:
            words.append(f"double {w}")
            i += 2
        else:
            words.append(w)
            i += 1
    out = []
    for k, w in enumerate(words):
        out.append(w + ("," if k in (2, 5) and rng.random() < 0.5 and k < len(words) - 1 else ""))
    return " ".join(out)


def typed_nhs(d: str, style: int) -> str:
    """The ways people type an NHS number."""
    return [f"{d[:3]} {d[3:6]} {d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", d,
            f"{d[:3]}.{d[3:6]}.{d[6:]}", f"{d[:3]} {d[3:6]}-{d[6:]}", f"{d[:3]}/{d[3:6]}/{d[6:]}",
            f"{d[:4]} {d[4:7]} {d[7:]}", f"{d[:5]} {d[5:]}",
            " ".join(d[i:i + 2] for i in range(0, 10, 2))][style % 9]


Case = tuple[str, list[tuple[str, str]]]  # sentence, [(identifier text, kind)]


def _nhs_cases(rng: random.Random) -> list[Case]:
    out: list[Case] = []
    typed_t = ["My NHS number is {x} and it's on every letter.", "They wrote {x} on the form.",
               "The hospital number, {x}, was wrong on the letter.",
               "I gave them {x} over the phone.", "NHS no. {x} is printed on my card.",
               "It's {x}, I think, my number.", "{x} is what's on my repeat prescription.",
               "She read {x} out in the waiting room, loud as anything.",
               "My number's {x}, if that helps anyone.", "Quote {x} when you ring, they said.",
               "On the app it shows {x} right at the top."]
    for i in range(45):
        x = typed_nhs(valid_nhs(rng), i)
        out.append((typed_t[i % len(typed_t)].format(x=x), [(x, "NHS_NUMBER")]))
    said_t = ["I know it by heart, it's {x}.", "My NHS number is {x}, I had to say it twice.",
              "The receptionist made me read it out: {x}.", "Mine is {x} and I hate saying it."]
    for i in range(15):
        x = spoken(valid_nhs(rng), rng, zero=["oh", "zero", "nought"][i % 3])
        out.append((said_t[i % len(said_t)].format(x=x), [(x, "NHS_NUMBER")]))
    return out


def _phone_cases(rng: random.Random) -> list[Case]:
    typed = ["07700 900123", "07700900456", "07700-900-789", "+44 7700 900321",
             "+44 (0)7700 900654", "+447700900987", "01632 960123", "(01632) 960456",
             "020 7946 0958", "(020) 7946 0111", "+44 20 7946 0222", "0113 496 0333",
             "0117 496 0444", "01632-960-555", "0161 496 0666", "028 9018 0777",
             "07700 900 127", "+44 1632 960888", "0044 7700 900111", "0044 (0) 20 7946 0999",
             "00 44 7700 900222", "07700.900.333", "0808 157 0192", "0131 496 0145",
             "+44(0)121 496 0765", "029 2018 0456", "07700 900-444", "+44 7700-900-555"]
    typed_t = ["Ring me on {x} if you need to.", "You can reach the surgery on {x}.",
               "Her mobile is {x}, she said.", "The number was {x} for the helpline.",
               "Text {x} and they call you back.", "I've still got {x} on the fridge."]
    out: list[Case] = []
    for i, x in enumerate(typed * 2):
        out.append((typed_t[i % len(typed_t)].format(x=x), [(x, "PHONE")]))
    said_t = ["Give us a ring on {x}.", "My mobile's {x}, if you want it.",
              "Write this down: {x}."]
    for i, digits in enumerate(["07700900123", "01632960789", "07700900500", "02079460321",
                                "07700900818", "01134960221"]):
        x = spoken(digits, rng)
        out.append((said_t[i % len(said_t)].format(x=x), [(x, "PHONE")]))
    return out


def _postcode_cases() -> list[Case]:
    full = ["ME14 2LX", "CT1 2AB", "ct2 7nz", "SW1A 1AA", "TN23 1HU", "BN1 1AA", "RH10 9AB",
            "GU1 4XY", "ME42LX", "me7 1uu", "DA1 5PR", "W1A 0AX", "EC1A 1BB", "M1 1AE", "B33 8TH",
            "Tn24 8aa", "CT20 1QT", "da12 2hs", "ME16 9QQ", "RH1 2BZ"]
    full_t = ["I live at 4 Mill Lane, {x}, near the shops.", "The clinic is in {x} I think.",
              "Post it to {x} please.", "Our postcode is {x} so we're miles from anywhere.",
              "Send the letters to {x} and not the old house."]
    # the first template holds a street address too: it is labelled (qualkit finds
    # addresses since the ADDRESS detector; they were in the set, unlabelled, before)
    out: list[Case] = [(full_t[i % len(full_t)].format(x=x), [(x, "POSTCODE")] +
                        ([("4 Mill Lane", "ADDRESS")] if i % len(full_t) == 0 else []))
                       for i, x in enumerate(full * 2)]
    outward = [("ME14", "We're near ME14 so it's a long drive."),
               ("TN23", "Most of us are in TN23 anyway."),
               ("CT1", "My postcode is CT1 and that's all I'll say."),
               ("BN2", "Anyone around BN2 would use that hospital."),
               ("RH10", "The postcode RH10 covers a lot of people."),
               ("ME14", "ME14 is where I grew up, so I know the surgery."),
               ("TN24", "I moved to TN24 a couple of years back."),
               ("DA12", "Everyone in DA12 uses the same two GPs."),
               ("me15", "We're in the me15 area, near the hospital."),
               ("ct5", "I live near ct5, by the sea."),
               ("CT9", "Half my street in CT9 had the same letter."),
               ("GU14", "Post code's GU14 if you need it for the form.")]
    out += [(s, [(x, "POSTCODE")]) for x, s in outward]
    return out


def _email_cases() -> list[Case]:
    emails = ["jo.bloggs@example.co.uk", "sam_p+study@example.net", "a.khan@example.nhs.uk",
              "rosie1958@example.com", "TED.DAVIES@EXAMPLE.ORG", "jane.o'brien@example.com",
              "mary-kate.mcdonald@example.org.uk", "d.ólafsson@example.is",
              "patient.records@mail.example.co.uk", "x_y-z.99@example.io"]
    em_t = ["Email me at {x} and I'll send it.", "It was sent to {x}, not me.",
            "Contact {x} for the forms.", "My address is {x}."]
    out: list[Case] = [(em_t[i % len(em_t)].format(x=x), [(x, "EMAIL")])
                       for i, x in enumerate(emails * 3)]
    said = [("jane dot whitfield at example dot com",
             "It's jane dot whitfield at example dot com, all lower case."),
            ("tom underscore n at example dot co dot uk",
             "Mine's tom underscore n at example dot co dot uk."),
            ("p dot raman at example dot org", "Send it to p dot raman at example dot org.")]
    out += [(s, [(x, "EMAIL")]) for x, s in said]
    return out


def _url_cases() -> list[Case]:
    urls = ["https://www.example.org/my-care-record", "www.example-surgery.co.uk",
            "http://example.com/groups/kent-carers", "example-patients.org.uk/forum",
            "https://forum.example.net/t/12345"]
    url_t = ["I read about it on {x} last week.", "There's a page, {x}, that explains it.",
             "Look at {x} for the details.", "My daughter found {x} for me."]
    return [(url_t[i % len(url_t)].format(x=x), [(x, "URL")]) for i, x in enumerate(urls * 4)]


def _dob_cases() -> list[Case]:
    dobs = [("I was born 3 March 1958 in Dover.", "3 March 1958"),
            ("Born on 12th of May 1947, so I remember rationing.", "12th of May 1947"),
            ("It asked for my DOB 03/03/1958 every time.", "03/03/1958"),
            ("My date of birth is 14/07/1962 and they still got it wrong.", "14/07/1962"),
            ("Date of birth: 1 Jan 1950, it said on the letter.", "1 Jan 1950"),
            ("He was born on June 5, 1949 in Margate.", "June 5, 1949"),
            ("D.O.B. 21.11.1939 is on the wristband.", "21.11.1939"),
            ("She was born 30th September 1944.", "30th September 1944"),
            ("My birthday is 2 Feb 1961, same as my twin.", "2 Feb 1961"),
            ("The form had date of birth 07-08-1955 filled in.", "07-08-1955"),
            ("The app has my date of birth as 1958-03-03, which is right.", "1958-03-03"),
            ("DOB 1947/05/12 on the old system.", "1947/05/12"),
            ("I was born on the third of March, nineteen fifty-eight.",
             "the third of March, nineteen fifty-eight"),
            ("Born March the fourth, 1952, a Tuesday.", "March the fourth, 1952"),
            ("I was born in Chatham on 9 October '46.", "9 October '46"),
            ("My birthday's the twenty-first of June, if you're asking.",
             "the twenty-first of June"),
            ("Date of birth, 05/11/58, they had it as 58 years ago.", "05/11/58"),
            ("They put my birth date as 2 April 1966 but it's the 3rd.", "2 April 1966"),
            ("Born on the 1st of December nineteen forty, I was.",
             "the 1st of December nineteen forty"),
            ("He was born Sept 14th 1938 and he's still going.", "Sept 14th 1938"),
            ("DOB: 12.5.1947, that's me.", "12.5.1947"),
            ("I was born on 2nd Jan 2001 so I'm the youngest here.", "2nd Jan 2001"),
            ("Born 1 May 1990 in Maidstone.", "1 May 1990"),
            ("Her birthday is 14 February, of all days.", "14 February"),
            ("I was born on the 7th of July 1970 at home.", "the 7th of July 1970")]
    return [(s, [(x, "DATE_OF_BIRTH")]) for s, x in dobs * 2]


def _age_cases() -> list[Case]:
    ages = [("I'm 93 and I still drive.", "93"), ("My mother, aged 95, was in for a week.", "95"),
            ("She's 91 now and sharp as anything.", "91"),
            ("I am 90 years old and I've seen it all.", "90 years old"),
            ("A 97-year-old neighbour was moved.", "97-year-old"),
            ("Dad turned 100 last spring.", "100"), ("He is 92, you know.", "92"),
            ("My gran is 94 years old.", "94 years old"), ("I'm 99 in May.", "99"),
            ("Aged 103, she had the jab first.", "103"), ("My dad is 98 and he won't use apps.",
                                                          "98"),
            ("She died at 91, in the hospice.", "91"),
            ("He's ninety-three and still on his allotment.", "ninety-three"),
            ("My nan, who's 96, gets all her letters by post.", "96"),
            ("Still driving at 92, my uncle.", "92"),
            ("Granddad made it to 101 in the end.", "101"),
            ("My neighbour is nearly 95 and lives alone.", "95"),
            ("She'll be 90 next week, we're having a party.", "90"),
            ("He's a hundred and two, bless him.", "a hundred and two"),
            ("My father lived to 97.", "97")]
    return [(s, [(x, "AGE")]) for s, x in ages * 2]


def _name_cases() -> list[Case]:
    titled = [("Dr Patel", "Patel"), ("Mrs Hughes", "Hughes"), ("Nurse Amira", "Amira"),
              ("Sister O'Brien", "O'Brien"), ("Prof Okonkwo", "Okonkwo"),
              ("Mr John Smith", "John Smith"), ("Ms Kowalczyk", "Kowalczyk"),
              ("Miss Fairweather", "Fairweather"), ("Dr. Lindqvist", "Lindqvist"),
              ("Professor Anne Marsh", "Anne Marsh"), ("Dr McDonald", "McDonald"),
              ("Dr MacLeod", "MacLeod"), ("Nurse Renée", "Renée"), ("Dr Ólafsson", "Ólafsson"),
              ("Mrs Smith-Jones", "Smith-Jones"), ("dr patel", "patel"), ("DR PATEL", "PATEL"),
              ("Dr van der Berg", "van der Berg"), ("Mr D'Souza", "D'Souza"),
              ("Sister Nnamdi-Okafor", "Nnamdi-Okafor"), ("mrs o'connor", "o'connor"),
              ("Dr Ngozi Okonkwo-Adeyemi", "Ngozi Okonkwo-Adeyemi"),
              ("Nurse Dubois", "Dubois"), ("Mr de Souza", "de Souza"),
              ("Dr J. Mackintosh", "J. Mackintosh"), ("Mr Zoltán Kovács", "Zoltán Kovács"),
              ("MRS MCALLISTER", "MCALLISTER"), ("Dr al-Hassan", "al-Hassan"),
              ("Dr Fitzgerald-McGuire", "Fitzgerald-McGuire"), ("Mr Ó Súilleabháin",
                                                                 "Ó Súilleabháin")]
    name_t = ["{x} told me the results were fine.", "I saw {x} at the practice.",
              "We complained to {x} about it."]
    out: list[Case] = []
    for i, (full, x) in enumerate(titled * 2):
        out.append((name_t[i % len(name_t)].format(x=full), [(x, "NAME")]))
    known = [("Jane Whitfield said the same thing.", "Jane Whitfield"),
             ("I agree with jane on that.", "jane"), ("Whitfield's point stands.", "Whitfield"),
             ("Tomasz, you said that earlier.", "Tomasz"),
             ("As Priya Raman put it, nobody asked us.", "Priya Raman"),
             ("Raman's sister works there.", "Raman"),
             ("Declan Mulholland was my neighbour.", "Declan Mulholland"),
             ("MULHOLLAND is on the list.", "MULHOLLAND"),
             ("Olu told me about the app.", "Olu"), ("Ask Nowak about it.", "Nowak"),
             ("Renee Fairclough runs the group.", "Renee Fairclough"),
             ("Siobhán said she'd been refused twice.", "Siobhán"),
             ("Like fairclough said, it's about trust.", "fairclough")]
    out += [(s, [(x, "NAME")]) for s, x in known * 2]
    return out


def _other_number_cases() -> list[Case]:
    ni = [("My National Insurance number is JK 12 34 56 C, for the form.", "JK 12 34 56 C"),
          ("NI number AB123456D, if they need it.", "AB123456D"),
          ("They asked for my NI number, it's jt 45 67 89 a.", "jt 45 67 89 a"),
          ("HR have my national insurance, CE-10-20-30-B, on file.", "CE-10-20-30-B"),
          ("I wrote PR 98 76 54 A on the wrong line.", "PR 98 76 54 A")]
    cards = [("I paid with 4539 1488 0343 6467 and never got a receipt.", "4539 1488 0343 6467"),
             ("The card, 5555-5555-5555-4444, was declined.", "5555-5555-5555-4444"),
             ("Someone used 4929000000006 on my account.", "4929000000006")]
    return [(s, [(x, "NI_NUMBER")]) for s, x in ni * 2] + \
        [(s, [(x, "CARD_NUMBER")]) for s, x in cards * 2]


def _decoys(rng: random.Random) -> list[str]:
    decoys = [f"The number {typed_nhs(invalid_nhs(rng), i)} was just a reference."
              for i in range(30)]
    decoys += [
        "Back in 2019 the NHS started sharing records.", "It cost £1,500 to fix the roof.",
        "That's about £25,000 a year.", "We met at 10:30 and left at 12.45.",
        "The NHS in Kent and Medway is stretched.", "My GP in Surrey was brilliant.",
        "Sussex and Kent share a trust.", "I'm 45 and I've never been asked.",
        "I'm 95 percent sure about that.", "I waited 93 minutes on hold.",
        "We were on Ward 10, room 101.", "Call 111 or 999 in an emergency.",
        "About 90% of people said yes.", "In 1958 things were different.",
        "Research could save lives in the next 10 to 20 years.",
        "I think the doctor was right.", "The nurse said it would be fine.",
        "My sister was treated in London.", "The GPs in Medway are great.",
        "Between 2015 and 2020 it doubled.", "It's the A&E at the weekend that worries me.",
        "The data is pseudonymised, with a key held by the NHS.", "Version 3.2 of the app.",
        "It was 3 to 4 weeks before they replied.", "Page 12 of the leaflet.",
        "Around 1,000,000 records were linked.", "Aged 60 or over get it free.",
        "The survey had 1234 567 890 responses, apparently.", "Give it 5 or 10 minutes.",
        "The Yes and No camps both had a point.", "Dr No is a film.",
        "The M25 was solid all the way round.", "We came down the M20 near Maidstone.",
        "Everyone wore N95 masks on the ward.", "CO2 levels in the waiting room were high.",
        "They gave me vitamin B12 injections.", "The G7 countries share health data too.",
        "Over 90 people turned up to the meeting.", "They kept it for 90 days.",
        "The 95 bus goes past the hospital.", "It was 92 degrees in that ward.",
        "Out of 95 patients only two complained.", "My uncle was a nurse in the army.",
        "I was born in 1961 and I've lived here since.", "My birthday's in March.",
        "The 3rd of March meeting was cancelled.", "At 9.30 the clinic opens.",
        "Order 0123 456 789 never arrived.", "Reference 12345 678901 was on the letter.",
        "My nan was a doctor before the war.", "The doctor who saw me was new.",
        "One two three, that's how easy they make the password.",
        "We scored 92 out of 100 on the quiz.", "The trust had 94 complaints last year.",
        "Year 9 and year 10 pupils were involved.", "It's 1 in 4 people, apparently.",
        "The ward was 98 per cent full all winter.", "He's over 90 per cent sure.",
        "At 91 pence a litre it was cheap.", "Sales in Q3 were up.",
        "The A2 was closed again.", "I've got form with the council.",
        "Ask at reception for a leaflet.", "Email is easier than letters for me.",
        "The website was down all morning.", "Write to the trust, they said.",
        "My mum was 65 when she retired.", "He turned 50 last year.",
        "The form was AB 12 and then a tick box.", "Flight BA 1234 5678 was delayed.",
        "The invoice total was 1234 5678 9012 3456 pence, apparently.",
    ]
    return decoys


def cases(seed: int = 0) -> list[Case]:
    rng = random.Random(seed)
    out: list[Case] = []
    out += _nhs_cases(rng)
    out += _phone_cases(rng)
    out += _postcode_cases()
    out += _email_cases()
    out += _url_cases()
    out += _dob_cases()
    out += _age_cases()
    out += _name_cases()
    out += _other_number_cases()
    v = fmt_nhs(valid_nhs(rng), 0)
    out += [(f"Mrs Hughes gave {v} and 07700 900999 to them.",
             [("Hughes", "NAME"), (v, "NHS_NUMBER"), ("07700 900999", "PHONE")]),
            ("Write to jo@example.org or ring 01632 960999.",
             [("jo@example.org", "EMAIL"), ("01632 960999", "PHONE")]),
            ("Dr Patel at CT1 2AB, born 4 April 1940.",
             [("Patel", "NAME"), ("CT1 2AB", "POSTCODE"), ("4 April 1940", "DATE_OF_BIRTH")]),
            (f"My number is 07700 900 456, and my NHS number is {v}.",
             [("07700 900 456", "PHONE"), (v, "NHS_NUMBER")])]
    out += [(c, []) for c in _decoys(rng)]
    return out


def build(case_list: list[Case], *, per_transcript: int = 40) -> tuple[Corpus, pd.DataFrame]:
    """Lay cases out as transcripts; return (corpus, gold spans with kind)."""
    transcripts, gold = [], []
    for k in range(0, len(case_list), per_transcript):
        chunk = case_list[k:k + per_transcript]
        tid = f"planted{k // per_transcript + 1:02d}"
        t = Transcript.from_turns(tid, [Turn(f"P{i % 2 + 1:02d}", s) for i, (s, _) in
                                        enumerate(chunk)], merge_consecutive=False, group="FGX")
        u = t.utterances
        for (s, labels), row in zip(chunk, u.itertuples(index=False)):
            assert row.text == s
            for x, kind in labels:
                i = s.find(x)
                assert i >= 0, (x, s)
                gold.append((tid, row.start + i, row.start + i + len(x), x, kind))
        transcripts.append(t)
    return Corpus(transcripts), pd.DataFrame(gold, columns=["transcript_id", "start", "end",
                                                            "text", "kind"])


def score(findings: pd.DataFrame, gold: pd.DataFrame,
          same_kind: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """Per-kind precision and recall.

    A gold identifier is found when a finding of its kind overlaps it; ``exact``
    counts findings with the gold span exactly and ``whole`` those that cover it
    entirely (a partial finding leaves part of the identifier in the text).
    ``same_kind`` maps a gold kind to the finding kinds that count for it (for a
    peer whose kinds differ).
    """
    same_kind = same_kind or {}
    kinds = sorted(set(gold["kind"]) | {k for k in set(findings["kind"])
                                        if not any(k in v for v in same_kind.values())})
    rows = []
    for kind in kinds:
        g = gold[gold["kind"] == kind]
        fk = same_kind.get(kind, {kind})
        f = findings[findings["kind"].isin(fk)]

        def hits(r, other):
            o = other[other["transcript_id"] == r.transcript_id]
            return o[(o["start"] < r.end) & (r.start < o["end"])]

        tp_g = sum(len(hits(r, f)) > 0 for r in g.itertuples())
        whole = sum(bool(((h := hits(r, f))["start"].le(r.start) & h["end"].ge(r.end)).any())
                    for r in g.itertuples())
        own = findings[findings["kind"].isin(fk)]
        gold_any = gold[gold["kind"] == kind]
        tp_f = sum(len(hits(r, gold_any)) > 0 for r in own.itertuples())
        exact = len(g.merge(f, on=["transcript_id", "start", "end"]))
        rows.append(dict(kind=kind, planted=len(g), found=len(own),
                         recall=tp_g / len(g) if len(g) else float("nan"),
                         precision=tp_f / len(own) if len(own) else float("nan"),
                         whole=whole, exact=exact))
    return pd.DataFrame(rows)
