"""The export layouts of transcription tools, one fixture in each tool's style.

Every fixture is our own synthetic wording, laid out as the tool writes its export
(see the README's list of layouts read). Each test checks speakers, text, times and
that every word of the file is in ``Transcript.text``.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter

import docx
import pytest

import qualkit as qk

WORD = re.compile(r"\w+")
CLOCK = re.compile(r"(?<![\w.:])\d{1,3}(?::\d{1,2}){1,2}(?:[:;]\d{2})?(?:[.,]\d{1,3})?(?![\w:])")


def words(s):
    return Counter(WORD.findall(s.casefold()))


def read_text(tmp_path, name, text, *, expect_low=False, label_words=()):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return _read(p, text, expect_low, label_words)


def read_docx(tmp_path, name, paragraphs, *, expect_low=False, styles=None):
    d = docx.Document()
    for i, para in enumerate(paragraphs):
        d.add_paragraph(para, style=(styles or {}).get(i))
    p = tmp_path / name
    d.save(p)
    return _read(p, "\n".join(paragraphs), expect_low)


def _read(p, source, expect_low, label_words=()):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        t = qk.read_transcript(p)
    low = [str(x.message) for x in w if "W120" in str(x.message)]
    assert bool(low) == expect_low, low
    for r in t.utterances.itertuples():
        assert t.text[r.start:r.end] == r.text
    # nothing leaves but speaker labels (they become the speaker) and clock times
    src = CLOCK.sub(" ", source)
    for sp in set(t.utterances["speaker"]):
        src = src.replace(sp, " ")
    lost = words(src) - words(t.text) - words(" ".join(list(label_words) * 9))
    assert not lost, lost
    return t


def rows(t, *cols):
    return t.utterances[list(cols)].values.tolist()


def test_layout_otter_txt(tmp_path):
    t = read_text(tmp_path, "otter.txt", "Ana Lima  0:03\nSo the first thing is consent.\n"
                  "And who asks for it.\n\nBen Okoro  0:41\nThe practice, I suppose.\n\n"
                  "Ana Lima  1:02:05\nFair enough.\n")
    assert rows(t, "speaker", "text", "t_start") == [
        ["Ana Lima", "So the first thing is consent. And who asks for it.", 3.0],
        ["Ben Okoro", "The practice, I suppose.", 41.0], ["Ana Lima", "Fair enough.", 3725.0]]
    assert "Otter" in t.reading["layout"]


def test_layout_rev(tmp_path):
    t = read_text(tmp_path, "rev.txt", "Speaker 1 (00:00):\nWelcome, everyone.\n\n"
                  "Speaker 2 (00:07):\nThanks for having us.\n\nSpeaker 1 (01:12):\nRight.\n")
    assert rows(t, "speaker", "t_start") == [["Speaker 1", 0.0], ["Speaker 2", 7.0],
                                             ["Speaker 1", 72.0]]
    t = read_text(tmp_path, "rev_inline.txt", "Interviewer: [00:00:05] How was it?\n"
                  "Respondent: [00:00:09] Slow, honestly.\n")
    assert rows(t, "speaker", "t_start") == [["Interviewer", 5.0], ["Respondent", 9.0]]


def test_layout_zoom_web_transcript(tmp_path):
    t = read_text(tmp_path, "zoom_web.txt", "Ana Lima\n00:00:02\nGood morning all.\nLet us begin.\n"
                  "Ben Okoro\n00:00:40\nMorning.\nAna Lima\n00:01:05\nFirst, the records.\n")
    assert rows(t, "speaker", "text", "t_start") == [
        ["Ana Lima", "Good morning all. Let us begin.", 2.0], ["Ben Okoro", "Morning.", 40.0],
        ["Ana Lima", "First, the records.", 65.0]]


def test_layout_zoom_chat_both_exports(tmp_path):
    t = read_text(tmp_path, "chat_cloud.txt", "00:01:02\tAna Lima:\tCan everyone hear me?\n"
                  "00:01:30\tBen Okoro:\tYes, loud and clear\n")
    assert rows(t, "speaker", "t_start") == [["Ana Lima", 62.0], ["Ben Okoro", 90.0]]
    t = read_text(tmp_path, "chat_local.txt",
                  "10:01:02 From Ana Lima to Everyone: Is the link working?\n"
                  "10:01:40 From Ben Okoro to Everyone:\n\tIt is now\n"
                  "10:02:05 From Cy Diallo to Ana Lima(Direct Message): thanks\n",
                  label_words=["From to Everyone"])  # Zoom's label: "From <name> to Everyone"
    assert rows(t, "speaker", "text") == [
        ["Ana Lima", "Is the link working?"], ["Ben Okoro", "It is now"],
        ["Cy Diallo", "(to Ana Lima(Direct Message)) thanks"]]


def test_layout_teams_docx_both_versions(tmp_path):
    t = read_docx(tmp_path, "teams_new.docx", [
        "Weekly panel", "3 May 2024, 10:02AM", "41m 12s", "Ana Lima started transcription",
        "Ana Lima   0:03", "Shall we start with the first question?",
        "Ben Okoro   0:19", "Yes. I have a view on it.", "Ana Lima   1:02", "Go on then."])
    assert rows(t, "speaker", "t_start") == [["Ana Lima", 3.0], ["Ben Okoro", 19.0],
                                             ["Ana Lima", 62.0]]
    assert "started transcription" in t.notes["text"].iloc[0]
    t = read_docx(tmp_path, "teams_old.docx", [
        "0:0:0.0 --> 0:0:4.200", "Ana Lima", "Shall we start?",
        "0:0:4.900 --> 0:0:9.10", "Ben Okoro", "Yes, let's."])
    assert rows(t, "speaker", "text", "t_start") == [
        ["Ana Lima", "Shall we start?", 0.0], ["Ben Okoro", "Yes, let's.", 4.9]]
    assert "Teams" in t.reading["layout"]


def test_layout_word_transcribe_and_nvivo_transcription(tmp_path):
    t = read_docx(tmp_path, "word.docx", [
        "00:00:00 Speaker 1", "Thanks for joining the panel.", "00:00:06 Speaker 2",
        "Happy to be here.", "00:00:11 Speaker 1", "Let us begin."])
    assert rows(t, "speaker", "t_start") == [["Speaker 1", 0.0], ["Speaker 2", 6.0],
                                             ["Speaker 1", 11.0]]
    t = read_text(tmp_path, "nvivo.txt", "Timespan\tSpeaker\tContent\n"
                  "00:00:00\tOkoro, Ben (Student)\tI was not sure at first.\n"
                  "00:00:08\tInterviewer\tWhy not?\n"
                  "00:00:11\tOkoro, Ben (Student)\tIt felt rushed.\n")
    assert rows(t, "speaker", "t_start") == [["Okoro, Ben (Student)", 0.0],
                                             ["Interviewer", 8.0], ["Okoro, Ben (Student)", 11.0]]
    assert t.notes["text"].tolist() == ["Timespan Speaker Content"]


def test_layout_nvivo_heading_style_speakers(tmp_path):
    t = read_docx(tmp_path, "headings.docx", [
        "Interviewer", "How did the session go?", "Mika", "Better than I feared.",
        "It was calm.", "Interviewer", "Good.", "Mika", "Yes."],
        styles={0: "Heading 2", 2: "Heading 2", 5: "Heading 2", 7: "Heading 2"})
    assert rows(t, "speaker", "text") == [
        ["Interviewer", "How did the session go?"], ["Mika", "Better than I feared. It was calm."],
        ["Interviewer", "Good."], ["Mika", "Yes."]]


def test_layout_descript_trint_sonix_happyscribe_fireflies(tmp_path):
    cases = {
        "descript.txt": "[00:00:03] Ana Lima: Welcome.\n[00:00:09] Ben Okoro: Thanks.\n",
        "descript_md.txt": "**Ana Lima:** Welcome.\n\n**Ben Okoro:** Thanks.\n",
        "trint.txt": "Ana Lima [00:00:03]\nWelcome.\n\nBen Okoro [00:00:09]\nThanks.\n",
        "sonix.txt": "Ana Lima: [00:00:03] Welcome.\n\nBen Okoro: [00:00:09] Thanks.\n",
        "happyscribe.txt": "[00:00:03.12] - Ana Lima\nWelcome.\n\n[00:00:09.40] - Ben Okoro\nThanks.\n",
        "fireflies.txt": "Ana Lima - 00:03\nWelcome.\nBen Okoro - 00:09\nThanks.\n",
    }
    for name, text in cases.items():
        t = read_text(tmp_path, name, text)
        assert rows(t, "speaker", "text") == [["Ana Lima", "Welcome."], ["Ben Okoro", "Thanks."]], name
        if "md" not in name:
            assert [math.floor(x) for x in t.utterances["t_start"]] == [3, 9], name


def test_layout_whisper_google_meet_youtube_f4(tmp_path):
    t = read_text(tmp_path, "whisper.txt", "[00:00.000 --> 00:04.000]  So the records are linked.\n"
                  "[00:04.000 --> 00:07.500]  And then shared.\n", expect_low=True)
    assert rows(t, "speaker", "t_start") == [["unknown", 0.0], ["unknown", 4.0]]
    t = read_text(tmp_path, "whisperx.txt", "[00:00.000 --> 00:04.000] SPEAKER_00: Hello there.\n"
                  "[00:04.000 --> 00:07.500] SPEAKER_01: Hi.\n")
    assert rows(t, "speaker", "t_start") == [["SPEAKER_00", 0.0], ["SPEAKER_01", 4.0]]
    t = read_text(tmp_path, "meet.txt", "00:00:00\nAna Lima: Morning.\nBen Okoro: Morning to you.\n"
                  "00:05:00\nAna Lima: Next item.\n")
    assert rows(t, "speaker", "t_start")[0] == ["Ana Lima", 0.0]
    assert rows(t, "speaker", "t_start")[2] == ["Ana Lima", 300.0]
    t = read_text(tmp_path, "youtube.txt", "0:00\nso today we look at\n0:04\nhow records are kept\n",
                  expect_low=True)
    assert rows(t, "speaker", "t_start") == [["unknown", 0.0]]
    t = read_text(tmp_path, "f4.txt", "I: How did you find it? #00:00:04-2#\n\n"
                  "B: Mostly fine. #00:00:09-8#\n\nI: Good. #00:00:12-0#\n")
    assert rows(t, "speaker", "text")[1] == ["B", "Mostly fine. #00:00:09-8#"]


def test_layout_video_editors_timecodes_and_markdown_headers(tmp_path):
    # DaVinci Resolve's transcript export: a bracketed timecode range with frames, the
    # name, the text indented by a space
    t = read_text(tmp_path, "resolve.txt", "[00:00:03:18 - 00:00:08:08]\nMorgan\n Shall we start "
                  "with who holds the records?\n\n[00:00:08:10 - 00:00:15:22]\nPriya\n The "
                  "surgery, I think.\n\n[00:00:16:01 - 00:00:21:05]\nMorgan\n And researchers?\n")
    assert rows(t, "speaker", "text", "t_start") == [
        ["Morgan", "Shall we start with who holds the records?", 3.0],
        ["Priya", "The surgery, I think.", 8.0], ["Morgan", "And researchers?", 16.0]]
    assert "DaVinci" in t.reading["layout"]
    # SMPTE timecodes (frames after the seconds, ';' when drop-frame) before the label
    t = read_text(tmp_path, "smpte.txt", "01:00:03:12 Morgan: Shall we start?\n"
                  "01:00:08;02 Priya: Yes, go on.\n01:00:15:20 Morgan: Right.\n")
    assert rows(t, "speaker", "t_start") == [["Morgan", 3603.0], ["Priya", 3608.0],
                                             ["Morgan", 3615.0]]
    # a Markdown header in italics or bold, time in parentheses (podcast show notes)
    t = read_text(tmp_path, "notes.md.txt", "*Morgan (00:00)*\nShall we start?\n\n"
                  "**Priya (00:15)**\nThe surgery, I think.\n\n*Morgan (1:02:43)*\nRight.\n")
    assert rows(t, "speaker", "text", "t_start") == [
        ["Morgan", "Shall we start?", 0.0], ["Priya", "The surgery, I think.", 15.0],
        ["Morgan", "Right.", 3763.0]]
    # a time line above each turn, and a name alone on its line in capitals (Lumberjack)
    t = read_text(tmp_path, "lj.txt", "0:00:00\nSpeaker 1: Shall we start?\n00:00:17\nSPEAKER 2:"
                  "\nThe surgery, I think.\n[00:00:35]\nSpeaker 1: Right.\n")
    assert rows(t, "speaker", "text", "t_start") == [
        ["Speaker 1", "Shall we start?", 0.0], ["SPEAKER 2", "The surgery, I think.", 17.0],
        ["Speaker 1", "Right.", 35.0]]


@pytest.mark.parametrize("bracket", [False, True])
def test_layout_time_name_header_seen_once_where_headers_stand(tmp_path, bracket):
    # Happy Scribe / Word Transcribe style "00:00:09 Name" headers: a name heading one
    # turn only is a speaker where recurring ones set the layout, not text of the last turn
    ts = (lambda x: f"[{x}]") if bracket else (lambda x: x)
    t = read_text(tmp_path, "h.txt", f"{ts('00:00:05')} Riya Patel\nShall we start?\n"
                  f"{ts('00:00:09')} Tom Hale\nYes please.\n{ts('00:00:12')} Riya Patel\nGood.\n"
                  f"{ts('00:00:15')} Ines Duarte\nAnd me.\n{ts('00:00:19')} Riya Patel\nThanks.\n")
    assert rows(t, "speaker", "text", "t_start") == [
        ["Riya Patel", "Shall we start?", 5.0], ["Tom Hale", "Yes please.", 9.0],
        ["Riya Patel", "Good.", 12.0], ["Ines Duarte", "And me.", 15.0],
        ["Riya Patel", "Thanks.", 19.0]]
    # a time and a word that is no name stays text
    t = read_text(tmp_path, "h2.txt", "00:00:05 Riya Patel\nShall we start?\n00:00:09 Riya Patel"
                  "\nYes.\n00:00:12 Okay\nthen go on.\n")
    assert rows(t, "speaker") == [["Riya Patel"]]
    assert t.utterances["text"].iloc[0].endswith("Yes. 00:00:12 Okay then go on.")


def test_layout_broadcast_marks_in_plain_text(tmp_path):
    t = read_text(tmp_path, "cc.txt", ">> RIYA: Shall we start?\n>> TOM HALE: Yes please.\n"
                  ">> RIYA: Good.\n")
    assert rows(t, "speaker", "text") == [["RIYA", "Shall we start?"],
                                          ["TOM HALE", "Yes please."], ["RIYA", "Good."]]


@pytest.mark.parametrize("name", ["ana.txt"])
def test_layout_labels_seen_once_in_a_short_exchange(tmp_path, name):
    t = read_text(tmp_path, name, "Ana: Are you coming?\nBen: In a minute.\n")
    assert rows(t, "speaker", "text") == [["Ana", "Are you coming?"], ["Ben", "In a minute."]]


def test_layout_docx_name_alone_in_bold_above_the_text(tmp_path):
    # interview transcripts typed in Word: the speaker's name in bold on a paragraph of its
    # own, what they said in the paragraphs below
    d = docx.Document()
    d.add_paragraph("Interview 7, by telephone")
    said = [("Interviewer", ["Shall we start?"]), ("Ines Duarte", ["Yes.", "Go ahead."]),
            ("Interviewer", ["Who should hold the records?"]), ("Ines Duarte", ["My GP."]),
            ("Interviewer", ["Thanks."])]
    for name, paras in said:
        d.add_paragraph().add_run(name).bold = True
        for x in paras:
            d.add_paragraph(x)
    p = tmp_path / "bold.docx"
    d.save(p)
    t = _read(p, "Interview 7, by telephone\n" + "\n".join(
        f"{n}\n" + "\n".join(x) for n, x in said), False)
    assert rows(t, "speaker", "text") == [
        ["Interviewer", "Shall we start?"], ["Ines Duarte", "Yes. Go ahead."],
        ["Interviewer", "Who should hold the records?"], ["Ines Duarte", "My GP."],
        ["Interviewer", "Thanks."]]
    assert t.notes["text"].tolist() == ["Interview 7, by telephone"]
