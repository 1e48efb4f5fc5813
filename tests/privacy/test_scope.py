"""Scan and redaction cover everything a Corpus holds; check-anon tells the truth."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest

import qualkit as qk
from qualkit.cli import main
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.privacy import identifier_column_kind, label_is_name, scan_identifiers

SECRETS = ("Whitfield", "Nowak", "07700 900461", "07700 900777", "943 476 5919", "McDonald",
           "olu@example.org", "Adebayo", "Raman", "07700 900111", "Okafor", "Hollis")


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "study"
    d.mkdir()
    (d / "jane_whitfield_fg1_session1.txt").write_text(
        "Notes: host Jane Whitfield, 07700 900461, recorded at the library.\n\n"
        "# Introductions\n\n"
        "Jane Whitfield: Welcome, everyone.\n\n"
        "P01: Thanks Jane. I'm with Dr McDonald at the surgery.\n\n"
        "Jane Whitfield: Lovely. Who's next?\n\n"
        "# After the visit to Dr Okafor's clinic\n\n"
        "P02: My NHS number is 943 476 5919 and I don't want it sold.\n", encoding="utf-8")
    (d / "jane_whitfield_fg1_session1.yaml").write_text(
        "facilitator: Jane Whitfield\nnote_taker: Tomasz Nowak\n"
        "notes: Call Tomasz on 07700 900777 if the room changes\n", encoding="utf-8")
    (d / "participants.csv").write_text(
        "participant_id,full_name,email,sex,age,county,x\n"
        "P01,Olu Adebayo,olu@example.org,male,67,Kent,07700 900111\n"
        "P02,Priya Raman,priya@example.net,female,93,Surrey,07700 900222\n"
        "Sam Hollis,Sam Hollis,sam@example.com,male,41,Kent,07700 900333\n", encoding="utf-8")
    return d


@pytest.fixture()
def corpus(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return qk.read_transcripts(_folder(tmp_path))


def test_privacy_scan_covers_every_part(corpus):
    f = scan_identifiers(corpus, ner=False)
    where = {(r.field, r.text) for r in f.itertuples()}
    assert ("note", "Jane Whitfield") in where and ("note", "07700 900461") in where
    assert ("speaker", "Jane Whitfield") in where
    assert ("speech", "Jane") in where and ("speech", "McDonald") in where
    assert ("heading", "Okafor") in where
    assert ("metadata:facilitator", "Jane Whitfield") in where
    assert ("metadata:note_taker", "Tomasz Nowak") in where
    assert ("metadata:notes", "07700 900777") in where
    assert ("transcript_id", "jane whitfield") in where and ("source", "jane whitfield") in where
    assert ("participants:full_name", "Olu Adebayo") in where
    assert ("participants:email", "olu@example.org") in where
    assert ("participants:x", "07700 900111") in where  # a phone column found by content
    assert ("participants:participant_id", "Sam Hollis") in where
    assert {"speech", "speaker", "note", "heading", "metadata", "participants",
            "transcript_id", "source"} <= set(f.attrs["scan_report"]["fields"])
    t = corpus.transcripts[0]
    for r in f[f["field"].isin(["speech", "speaker", "note", "heading"])].itertuples():
        assert t.text[r.start:r.end] == r.text


def test_privacy_redact_covers_every_part(corpus):
    clean, log = qk.privacy.redact_with_log(corpus, ner=False)
    t = clean.transcripts[0]
    everything = " ".join([t.id, str(t.source), t.text, str(t.metadata), str(t.group),
                           clean.participants.to_string(), log.to_string(),
                           clean.reading_report.to_string()])
    for secret in SECRETS:
        assert secret.casefold() not in everything.casefold(), secret
    assert scan_identifiers(clean, ner=False,
                            known_names=["Jane Whitfield", "Tomasz Nowak", "Sam Hollis"]).empty
    u = t.utterances
    # one name, one placeholder: label, address, metadata, id, file name
    assert u["speaker"].tolist() == ["[NAME_1]", "P01", "[NAME_1]", "P02"]
    assert re.fullmatch(r"Thanks \[NAME_1\]\. I'm with Dr \[NAME_\d\] at the surgery\.",
                        u["text"].iat[1])
    assert t.metadata["facilitator"] == "[NAME_1]" and t.id == "NAME_1_fg1_session1"
    assert t.source == "NAME_1_fg1_session1.txt" and t.group == "FG1"
    assert u["role"].tolist() == corpus.transcripts[0].utterances["role"].tolist()
    sec = u["section"].tolist()[-1]
    assert re.fullmatch(r"After the visit to Dr \[NAME_\d\]'s clinic", sec)
    assert f"# {sec}" in t.text
    assert t.notes["text"].tolist() == ["Notes: host [NAME_1], [PHONE_1], recorded at the "
                                        "library."]
    for r in u.itertuples():
        assert t.text[r.start:r.end] == r.text
    assert all(x.startswith("NAME_1_fg1_session1:") for x in u["utterance_id"])
    # direct identifiers dropped; a participant id that is a name pseudonymised
    assert clean.participants.columns.tolist() == ["participant_id", "sex", "age", "county"]
    pid = clean.participants["participant_id"].tolist()
    assert pid[:2] == ["P01", "P02"] and re.fullmatch(r"\[NAME_\d\]", pid[2])
    assert set(log.columns) >= {"field", "placeholder"} and "(column dropped)" in set(
        log["placeholder"])


def test_privacy_speaker_names_consistent_across_transcripts():
    a = Transcript.from_turns("a", [Turn("Ana Lima", "Hello."), Turn("P01", "Hi Ana.")])
    b = Transcript.from_turns("b", [Turn("P02", "Ana Lima said so."), Turn("Ana Lima", "Yes.")])
    clean = qk.redact(Corpus([a, b]), ner=False)
    assert clean["a"].utterances["speaker"].tolist() == ["[NAME_1]", "P01"]
    assert clean["b"].utterances["text"].tolist() == ["[NAME_1] said so.", "Yes."]
    assert clean["b"].utterances["speaker"].tolist() == ["P02", "[NAME_1]"]


def test_privacy_redact_a_corpus_with_nothing_to_redact():
    # no finding at all: the empty findings frame must not break redaction (CI without NER)
    c = Corpus([Transcript.from_turns("t", [Turn("P01", "Nothing to hide here."),
                                            Turn("P02", "Nor here.")])])
    clean, log = qk.privacy.redact_with_log(c, ner=False)
    assert clean["t"].text == c["t"].text
    assert clean["t"].utterances["speaker"].tolist() == ["P01", "P02"]
    assert len(log) == 0 and "placeholder" in log.columns


def test_privacy_label_not_written_in_the_text():
    text = "Hello there.\nYes indeed."
    table = pd.DataFrame({"speaker": ["Ana Lima", "P01"], "start": [0, 13], "end": [12, 24],
                          "text": ["Hello there.", "Yes indeed."]})
    t = Transcript("t", text, table)
    f = scan_identifiers(t, ner=False)
    assert f[["text", "field", "utterance_id"]].values.tolist() == [
        ["Ana Lima", "label", "t:u0001"]]
    assert qk.redact(Corpus([t]), ner=False)["t"].utterances["speaker"].tolist() == [
        "[NAME_1]", "P01"]


@pytest.mark.parametrize("label, is_name", [
    ("Jane Whitfield", True), ("Dr Patel", True), ("Siobhán Ó Briain", True), ("Moderator", False),
    ("P12", False), ("Speaker 3", False), ("Participant #3", False), ("KS", False),
    ("Interviewer", False), ("Female participant", False), ("Crosstalk", False),
    ("Facilitator (Ana)", True), ("unknown", False), ("Respondent 4", False)])
def test_privacy_which_labels_are_names(label, is_name):
    assert label_is_name(label) is is_name


@pytest.mark.parametrize("column, kind", [
    ("Full name", "NAME"), ("surname", "NAME"), ("E-mail", "EMAIL"), ("mobile_number", "PHONE"),
    ("Home address", "ADDRESS"), ("Post code", "POSTCODE"), ("NHS No", "NHS_NUMBER"),
    ("date_of_birth", "DATE_OF_BIRTH"), ("NI number", "NI_NUMBER"), ("county", None),
    ("age", None), ("participant_id", None), ("ethnicity", None)])
def test_privacy_identifier_columns_by_name(column, kind):
    assert identifier_column_kind(column) == kind


def test_privacy_check_export_scans_every_column():
    df = pd.DataFrame({"quote": ["We should be asked."], "speaker": ["Ana Lima"],
                       "section": ["Benefits"]})
    with pytest.raises(qk.errors.IdentifierFoundError, match=r"NAME in 0 column:speaker row 0"):
        qk.check_export(df)
    assert qk.check_export(df.assign(speaker="P01")).empty


# --------------------------------------------------------------------- check-anon
def _run(path, capsys, *extra):
    code = main(["check-anon", str(path), "--no-ner", *extra])
    return code, capsys.readouterr().out


def _clean(d: Path) -> None:
    d.mkdir()
    (d / "fg1.txt").write_text("Facilitator: Welcome.\n\nP01: The NHS in Kent is fine.\n",
                               encoding="utf-8")


def test_privacy_check_anon_exit_codes(tmp_path, capsys):
    c = tmp_path / "clean"
    _clean(c)
    assert _run(c, capsys)[0] == 0
    # something that cannot be read: never 0, a distinct code, and the file named
    (c / "fg2.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    code, out = _run(c, capsys)
    assert code == 3 and "fg2.xlsx" in out and "not known to be clean" in out
    (c / "fg2.xlsx").unlink()
    (c / "scan.pdf").write_bytes(b"%PDF-1.4 binary")
    code, out = _run(c, capsys)
    assert code == 3 and "scan.pdf" in out
    # identifiers found: 1, and what could not be read is still listed
    (c / "fg3.txt").write_text("P02: NHS number 943 476 5919.\n", encoding="utf-8")
    code, out = _run(c, capsys)
    assert code == 1 and "NHS_NUMBER" in out and "scan.pdf" in out


@pytest.mark.parametrize("name, content", [
    ("fg1.txt", "Notes: recorded by Jane Whitfield\n\nP01: Fine.\n\nP02: Also fine.\n"),
    ("fg1.txt", "# Visit to Dr Okafor\n\nP01: Fine.\n\nP02: Also fine.\n"),
    ("fg1.txt", "Jane Whitfield: Welcome.\n\nP01: Fine.\n\nJane Whitfield: Good.\n"),
    ("fg1.yaml", "facilitator: Jane Whitfield\n"),
    ("participants.csv", "participant_id,email\nP01,p1@example.org\n"),
    ("codings.csv", "coder,transcript_id,start,end,code_id,memo\nKS,fg1,0,4,x,ring 07700 900123\n"),
    ("table.csv", "Speaker Name,Transcript Text\nP01,NHS number 943 476 5919\n"),
    ("notes.md", "# Notes\nCall 07700 900123 to rebook.\n"),
    ("jane_whitfield.txt", "P01: Fine.\n\nP02: Good.\n"),
])
def test_privacy_check_anon_finds_what_sits_beside_speech(tmp_path, capsys, name, content):
    d = tmp_path / "hostile"
    _clean(d)
    (d / name).write_text(content, encoding="utf-8")
    code, out = _run(d, capsys, "--known-names", str(_names(tmp_path)))
    assert code == 1, out


def _names(tmp_path: Path) -> Path:
    p = tmp_path / "names.txt"
    p.write_text("Jane Whitfield\n", encoding="utf-8")
    return p


def test_privacy_check_anon_unreadable_participants(tmp_path, capsys):
    d = tmp_path / "p"
    _clean(d)
    (d / "participants.csv").write_bytes(b"\x00\x01\x02\xff\xfe binary")
    code, out = _run(d, capsys)
    assert code == 3 and "participants.csv" in out


def test_privacy_export_column_names_need_person_content():
    themes = pd.DataFrame({"name": ["Public Benefit", "Trust"], "participants": [12, 7],
                           "label": ["benefit", "trust"]})
    assert qk.check_export(themes).empty  # a theme's name and a count are not people
    people = pd.DataFrame({"quote": ["Fine.", "Good."], "full_name": ["Ana Lima", "P02"],
                           "email": ["ana@example.org", "p2@example.org"]})
    found = qk.check_export(people, allow_identifiers=True)
    assert sorted(zip(found["field"], found["kind"])) == [
        ("column:email", "EMAIL"), ("column:email", "EMAIL"), ("column:full_name", "NAME")]


def test_privacy_participant_codes_are_never_ner_findings():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": "P09"}, {"label": "PERSON", "pattern": "R12"},
                        {"label": "ORG", "pattern": "FG2"},
                        {"label": "PERSON", "pattern": "Participant 8"},
                        {"label": "PERSON", "pattern": "Gwen Adeyemi"}])
    t = Transcript.from_turns("fg1", [Turn("P01", "As P09 and R12 said in FG2, and Participant 8."),
                                      Turn("P02", "Gwen Adeyemi agreed.")])
    c = Corpus([t], participants=pd.DataFrame({"participant_id": ["P01", "P02", "P09"]}))
    f = scan_identifiers(c, nlp=nlp)
    assert f["text"].tolist() == ["Gwen Adeyemi"]
    assert scan_identifiers(["P09 agreed with Gwen Adeyemi."], nlp=nlp)["text"].tolist() == [
        "Gwen Adeyemi"]


def test_privacy_check_anon_walks_subfolders_and_hidden_files(tmp_path, capsys):
    d = tmp_path / "walk"
    _clean(d)
    (d / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    code, out = _run(d, capsys)
    assert code == 0 and ".DS_Store: a system file" in out
    (d / "fg2").mkdir()
    (d / "fg2" / "fg2.txt").write_text("P03: NHS number 943 476 5919.\n", encoding="utf-8")
    code, out = _run(d, capsys)
    assert code == 1 and "fg2/fg2" in out and "NHS_NUMBER" in out
    (d / "fg2" / "fg2.txt").unlink()
    (d / "fg2" / "scan.pdf").write_bytes(b"%PDF-1.4")
    code, out = _run(d, capsys)
    assert code == 3 and "fg2/scan.pdf" in out
    (d / "fg2" / "scan.pdf").unlink()
    (d / ".fg3.txt").write_text("P04: ring 07700 900123\n", encoding="utf-8")
    code, out = _run(d, capsys)
    assert code == 1 and "PHONE" in out
    (d / ".fg3.txt").unlink()
    (d / "~$fg1.docx").write_bytes(b"\x0eJane Whitfield" + b" " * 40 + "Jane Whitfield".encode(
        "utf-16-le"))
    code, out = _run(d, capsys)
    assert code == 1 and "~$fg1.docx" in out and "NAME" in out


def test_privacy_check_anon_reads_document_properties(tmp_path, capsys):
    import docx

    d = tmp_path / "props"
    d.mkdir()
    doc = docx.Document()
    doc.add_paragraph("P01: Fine.")
    doc.add_paragraph("P02: Good.")
    doc.core_properties.author = "Microsoft Office User"  # what Word writes for nobody
    doc.core_properties.title = "Focus group 1"
    doc.save(d / "fg1.docx")
    assert _run(d, capsys)[0] == 0
    doc.core_properties.author = "Jane Whitfield"
    doc.save(d / "fg1.docx")
    code, out = _run(d, capsys)
    assert code == 1 and "metadata:author" in out
    doc.core_properties.author = "Surrey research team"
    doc.core_properties.comments = "Her NHS number is 943 476 5919"
    doc.save(d / "fg1.docx")
    code, out = _run(d, capsys)
    assert code == 1 and "NHS_NUMBER" in out and "metadata:author" not in out
