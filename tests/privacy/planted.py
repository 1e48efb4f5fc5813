"""A labelled synthetic test set for the identifier scan.

``cases()`` returns transcript-like sentences with planted identifiers, each
labelled with its exact text and kind, plus clean controls that must give no
finding. ``build(cases)`` lays them out as a Corpus and returns the gold spans as
offsets into ``Transcript.text``. Everything is synthetic (Ofcom drama numbers,
example.* domains, invented names).
"""

from __future__ import annotations

import random

import pandas as pd

from qualkit.corpus import Corpus, Transcript, Turn

KNOWN_NAMES = ["Jane Whitfield", "Tomasz Nowak", "Priya Raman", "Declan Mulholland",
               "Olu Adebayo"]


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
    while True:
        nine = str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(8))
        c = nhs_check(nine)
        bad = [d for d in range(10) if d != c]
        return nine + str(rng.choice(bad))


def fmt_nhs(d: str, style: int) -> str:
    return [f"{d[:3]} {d[3:6]} {d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", d][style % 3]


Case = tuple[str, list[tuple[str, str]]]  # sentence, [(identifier text, kind)]


def cases(seed: int = 0) -> list[Case]:
    rng = random.Random(seed)
    out: list[Case] = []
    # --- NHS numbers (36)
    nhs_t = ["My NHS number is {x} and it's on every letter.", "They wrote {x} on the form.",
             "The hospital number, {x}, was wrong on the letter.", "I gave them {x} over the phone.",
             "NHS no. {x} is printed on my card.", "It's {x}, I think, my number."]
    for i in range(36):
        x = fmt_nhs(valid_nhs(rng), i)
        out.append((nhs_t[i % len(nhs_t)].format(x=x), [(x, "NHS_NUMBER")]))
    # --- phones (36)
    phones = ["07700 900123", "07700900456", "07700-900-789", "+44 7700 900321", "+44 (0)7700 900654",
              "+447700900987", "01632 960123", "(01632) 960456", "020 7946 0958", "(020) 7946 0111",
              "+44 20 7946 0222", "0113 496 0333", "0117 496 0444", "01632-960-555", "0161 496 0666",
              "028 9018 0777", "07911 123456", "+44 1632 960888"]
    phone_t = ["Ring me on {x} if you need to.", "You can reach the surgery on {x}.",
               "Her mobile is {x}, she said.", "The number was {x} for the helpline."]
    for i in range(36):
        x = phones[i % len(phones)]
        out.append((phone_t[i % len(phone_t)].format(x=x), [(x, "PHONE")]))
    # --- postcodes (30)
    pcs = ["ME14 2LX", "CT1 2AB", "ct2 7nz", "SW1A 1AA", "TN23 1HU", "BN1 1AA", "RH10 9AB", "GU1 4XY",
           "ME42LX", "me7 1uu", "DA1 5PR", "W1A 0AX", "EC1A 1BB", "M1 1AE", "B33 8TH"]
    pc_t = ["I live at 4 Mill Lane, {x}, near the shops.", "The clinic is in {x} I think.",
            "Post it to {x} please."]
    for i in range(30):
        x = pcs[i % len(pcs)]
        out.append((pc_t[i % len(pc_t)].format(x=x), [(x, "POSTCODE")]))
    for x, s in [("ME14", "We're near ME14 so it's a long drive."),
                 ("TN23", "Most of us are in TN23 anyway."),
                 ("CT1", "My postcode is CT1 and that's all I'll say."),
                 ("BN2", "Anyone around BN2 would use that hospital."),
                 ("RH10", "The postcode RH10 covers a lot of people.")]:
        out.append((s, [(x, "POSTCODE")]))
    # --- emails (20)
    emails = ["jo.bloggs@example.co.uk", "sam_p+study@example.net", "a.khan@example.nhs.uk",
              "rosie1958@example.com", "TED.DAVIES@EXAMPLE.ORG"]
    em_t = ["Email me at {x} and I'll send it.", "It was sent to {x}, not me.",
            "Contact {x} for the forms.", "My address is {x}."]
    for i in range(20):
        x = emails[i % len(emails)]
        out.append((em_t[i % len(em_t)].format(x=x), [(x, "EMAIL")]))
    # --- URLs (15)
    urls = ["https://www.example.org/my-care-record", "www.example-surgery.co.uk",
            "http://example.com/groups/kent-carers", "example-patients.org.uk/forum",
            "https://forum.example.net/t/12345"]
    url_t = ["I read about it on {x} last week.", "There's a page, {x}, that explains it.",
             "Look at {x} for the details."]
    for i in range(15):
        x = urls[i % len(urls)]
        out.append((url_t[i % len(url_t)].format(x=x), [(x, "URL")]))
    # --- dates of birth (20)
    dobs = [("I was born 3 March 1958 in Dover.", "3 March 1958"),
            ("Born on 12th of May 1947, so I remember rationing.", "12th of May 1947"),
            ("It asked for my DOB 03/03/1958 every time.", "03/03/1958"),
            ("My date of birth is 14/07/1962 and they still got it wrong.", "14/07/1962"),
            ("Date of birth: 1 Jan 1950, it said on the letter.", "1 Jan 1950"),
            ("He was born on June 5, 1949 in Margate.", "June 5, 1949"),
            ("D.O.B. 21.11.1939 is on the wristband.", "21.11.1939"),
            ("She was born 30th September 1944.", "30th September 1944"),
            ("My birthday is 2 Feb 1961, same as my twin.", "2 Feb 1961"),
            ("The form had date of birth 07-08-1955 filled in.", "07-08-1955")]
    for s, x in dobs * 2:
        out.append((s, [(x, "DATE_OF_BIRTH")]))
    # --- ages over 89 (20)
    ages = [("I'm 93 and I still drive.", "93"), ("My mother, aged 95, was in for a week.", "95"),
            ("She's 91 now and sharp as anything.", "91"),
            ("I am 90 years old and I've seen it all.", "90"),
            ("A 97-year-old neighbour was moved.", "97-year-old"),
            ("Dad turned 100 last spring.", "100"), ("He is 92, you know.", "92"),
            ("My gran is 94 years old.", "94 years old"), ("I'm 99 in May.", "99"),
            ("Aged 103, she had the jab first.", "103")]
    for s, x in ages * 2:
        if x == "90":
            x = "90"
        out.append((s, [(x, "AGE")]))
    # --- names by title (30)
    titled = [("Dr Patel", "Patel"), ("Mrs Hughes", "Hughes"), ("Nurse Amira", "Amira"),
              ("Sister O'Brien", "O'Brien"), ("Prof Okonkwo", "Okonkwo"),
              ("Mr John Smith", "John Smith"), ("Ms Kowalczyk", "Kowalczyk"),
              ("Miss Fairweather", "Fairweather"), ("Dr. Lindqvist", "Lindqvist"),
              ("Professor Anne Marsh", "Anne Marsh")]
    name_t = ["{x} told me the results were fine.", "I saw {x} at the practice.",
              "We complained to {x} about it."]
    for i in range(30):
        full, x = titled[i % len(titled)]
        out.append((name_t[i % len(name_t)].format(x=full), [(x, "NAME")]))
    # --- known names (20): whole, first alone, surname alone, lower case
    known = [("Jane Whitfield said the same thing.", "Jane Whitfield"),
             ("I agree with jane on that.", "jane"), ("Whitfield's point stands.", "Whitfield"),
             ("Tomasz, you said that earlier.", "Tomasz"),
             ("As Priya Raman put it, nobody asked us.", "Priya Raman"),
             ("Raman's sister works there.", "Raman"),
             ("Declan Mulholland was my neighbour.", "Declan Mulholland"),
             ("MULHOLLAND is on the list.", "MULHOLLAND"),
             ("Olu told me about the app.", "Olu"), ("Ask Nowak about it.", "Nowak")]
    for s, x in known * 2:
        out.append((s, [(x, "NAME")]))
    # --- two identifiers in one turn (6)
    v = fmt_nhs(valid_nhs(rng), 0)
    out += [(f"Mrs Hughes gave {v} and 07700 900999 to them.",
             [("Hughes", "NAME"), (v, "NHS_NUMBER"), ("07700 900999", "PHONE")]),
            ("Write to jo@example.org or ring 01632 960999.",
             [("jo@example.org", "EMAIL"), ("01632 960999", "PHONE")]),
            ("Dr Patel at CT1 2AB, born 4 April 1940.",
             [("Patel", "NAME"), ("CT1 2AB", "POSTCODE"), ("4 April 1940", "DATE_OF_BIRTH")])]
    # --- clean controls (no identifier)
    controls = [f"The number {fmt_nhs(invalid_nhs(rng), i)} was just a reference." for i in range(30)]
    controls += [
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
    ]
    out += [(c, []) for c in controls]
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


def score(findings: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Per-kind precision and recall (a match is the same kind and an overlapping span)."""
    kinds = sorted(set(gold["kind"]) | set(findings["kind"]))
    rows = []
    for kind in kinds:
        g = gold[gold["kind"] == kind]
        f = findings[findings["kind"] == kind]

        def hit(r, other):
            o = other[other["transcript_id"] == r.transcript_id]
            return bool(((o["start"] < r.end) & (r.start < o["end"])).any())

        tp_g = sum(hit(r, f) for r in g.itertuples())
        tp_f = sum(hit(r, g) for r in f.itertuples())
        exact = len(g.merge(f, on=["transcript_id", "start", "end"]))
        rows.append(dict(kind=kind, planted=len(g), found=len(f),
                         recall=tp_g / len(g) if len(g) else float("nan"),
                         precision=tp_f / len(f) if len(f) else float("nan"),
                         exact=exact))
    return pd.DataFrame(rows)
