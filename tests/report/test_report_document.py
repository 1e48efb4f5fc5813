"""The Word report as a journal would receive it: page size, core properties, sentences from numbers."""

from __future__ import annotations

import datetime as dt

import docx
import pandas as pd
import pytest

import qualkit as qk
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import InvalidParameterError
from qualkit.report import report
from qualkit.report._docx import agreement_sentence, method_sentences, new_document, number_words, percent


def _project() -> qk.Project:
    ts = [Transcript.from_turns(f"fg{i}", [Turn("P01", "Never sell our records to anyone at all.")],
                                group=f"FG{i}") for i in range(1, 6)]
    pr = qk.Project.in_memory()
    pr.add_corpus(Corpus(ts))
    pr.set_codebook(qk.Codebook([{"id": "risks", "name": "Risks"},
                                 {"id": "commercial", "name": "Commercial use", "parent": "risks"}]))
    for i in range(1, 6):
        pr.code("KS", f"fg{i}", 0, 28, "commercial")
    pr.code("KG", "fg1", 0, 28, "commercial")
    return pr


@pytest.mark.parametrize("paper,width,height", [("A4", 21.0, 29.7), ("Letter", 21.59, 27.94)])
def test_report_page_size_and_core_properties(tmp_path, paper, width, height):
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    out = report(_project(), out=tmp_path / "r.docx", paper=paper, title="Test report",
                 agreement={"percentage agreement": 0.99, "Cohen's kappa": 0.8123})
    d = docx.Document(str(out))
    for sec in d.sections:
        assert round(sec.page_width.cm, 2) == width and round(sec.page_height.cm, 2) == height
    cp = d.core_properties
    assert cp.title == "Test report"
    assert cp.author == "KS, KG"
    assert cp.author != "python-docx" and cp.last_modified_by == "KS, KG"
    created = cp.created.replace(tzinfo=None)
    assert before - dt.timedelta(seconds=1) <= created <= before + dt.timedelta(minutes=5)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "coder(s)" not in text and "= 0.99" not in text
    assert "one coder, KS, coded all five transcripts; a second coder, KG, coded 20% of them" in text
    assert "Coders agreed on 99% of the text (Cohen's kappa 0.81)." in text


def test_unknown_paper_is_a_qualkit_error():
    with pytest.raises(InvalidParameterError, match="Q001.*paper"):
        new_document(paper="A5")


def test_words_and_percentages():
    assert [number_words(n, "coder") for n in (0, 1, 2, 10, 11)] == [
        "no coders", "one coder", "two coders", "ten coders", "11 coders"]
    assert number_words(2, "child", "children") == "two children"
    assert [percent(x) for x in (1.0, 0.994, 0.2, 0.047, 0.0)] == ["100%", "99%", "20%", "4.7%", "0%"]
    c = pd.DataFrame({"coder": ["KS", "KS", "KG", "AB"], "transcript_id": ["a", "b", "a", "b"]})
    assert method_sentences(c) == ("4 extracts were coded: one coder, KS, coded both transcripts; "
                                   "a second coder, KG, coded 50% of them (one transcript); "
                                   "a third coder, AB, coded 50% of them (one transcript). ")
    assert agreement_sentence({"kappa": 0.5}) == "Agreement between coders: kappa 0.50."


def test_second_coder_of_everything():
    c = pd.DataFrame({"coder": ["KS"] * 3 + ["KG"] * 3, "transcript_id": list("abcabc")})
    assert method_sentences(c) == ("6 extracts were coded: one coder, KS, coded all three transcripts; "
                                   "a second coder, KG, also coded all three. ")


@pytest.fixture(scope="module")
def synthetic_report(tmp_path_factory):
    from qualkit.datasets import synthetic_codebook_path, synthetic_path

    pr = qk.Project.in_memory()
    pr.add_corpus(qk.read_transcripts(synthetic_path()))
    pr.set_codebook(qk.Codebook.read(synthetic_codebook_path()))
    for coder in ("KS", "KG"):
        pr.import_codings(synthetic_path() / f"codings_{coder}.csv", coder=coder)
    rep = qk.compare_coders(pr, ("KS", "KG"), unit="utterance", level=1)
    out = report(pr, out=tmp_path_factory.mktemp("rep") / "r.docx", coder="KS", agreement=rep)
    return pr, docx.Document(str(out)), rep


def test_report_agreement_table_a_reader_needs(synthetic_report):
    """A compare_coders result gives a sentence and a numbered table with the columns a
    reader needs (by name), not the ~20 columns of ``by_code`` (se, p, CI bounds, ids)."""
    pr, d, rep = synthetic_report
    assert len(rep.by_code.columns) > 15
    titles = [p.text for p in d.paragraphs if p.text.startswith("Table ")]
    assert titles[0] == "Table 1. Agreement between KS and KG by theme (utterances)"
    assert [int(t.split()[1].rstrip(".")) for t in titles] == list(range(1, len(titles) + 1))
    table = next(t for t in d.tables if t.rows[0].cells[0].text.lower() == "theme")
    head = [c.text for c in table.rows[0].cells]
    assert head == ["Theme", "Coded by KS", "Coded by KG", "Agreement", "Cohen's kappa",
                    "Krippendorff's alpha", "Gwet's AC1", "Kappa 95% CI", "Interpretation"]
    names = {c.name for c in pr.codebook}
    first = [r.cells[0].text for r in table.rows[1:]]
    assert len(first) == 15 and set(first) <= names
    o = rep.overall.iloc[0]
    sentence = next(p.text for p in d.paragraphs if p.text.startswith("KS and KG agreed on"))
    assert sentence == (
        f"KS and KG agreed on {percent(o.percent_agreement)} of their decisions whether an "
        f"utterance carried a theme (pooled over the 15 themes: Cohen's kappa {o.kappa:.2f}, "
        f"Krippendorff's alpha {o.alpha:.2f}, Gwet's AC1 {o.ac1:.2f}); Table 1 gives each theme.")
    kappa = {r.cells[0].text: r.cells[4].text for r in table.rows[1:]}
    names_of = {c.id: c.name for c in pr.codebook}
    for r in rep.by_code.itertuples():
        assert kappa[names_of[r.code_id]] == f"{r.kappa:.2f}"


def test_report_synthetic_words_names_and_quotes(synthetic_report):
    from qualkit.report._quotes import same_sentence, sentence_key

    pr, d, _ = synthetic_report
    cells = [c.text for t in d.tables for r in t.rows for c in r.cells]
    text = "\n".join([p.text for p in d.paragraphs] + cells)
    for bad in ("(s)", "= 0.", "_"):  # no "coder(s)", no "= 0.99", no ids such as public_voice
        assert bad not in text, bad
    ids = {c.id for c in pr.codebook}
    assert not ids & set(cells)
    t2 = next(t for t in d.tables if t.rows[0].cells[-1].text == "Quotes")
    quotes = [q for r in t2.rows[1:] for q in r.cells[-1].text.split("\n") if q]
    assert len(quotes) == 2 * 15
    keys = [sentence_key(q.rsplit(" (", 1)[0]) for q in quotes]
    assert not any(same_sentence(a, b) for i, a in enumerate(keys) for b in keys[i + 1:])
    flat = {t.id: " ".join(t.text.split()) for t in pr.corpus}
    for q in quotes:  # verbatim, whole sentences (capital or digit first, stop last)
        body = q[1:q.rindex('" (')]
        assert any(body in t for t in flat.values()), body
        assert body[0].isupper() or body[0].isdigit() or body[0] in "'\"", body
        assert body[-1] in ".!?\"'", body
