"""Every writer of text scans all it writes, and a refused export leaves no file.

The writers the older export tests (test_export_safety.py, test_share.py) did not
reach: codebooks in every format, the coder comparison's tables, figures (their
labels), and the command line's ``read --out/--utterances`` and ``agree --out``.
Each is given an identifier where its text comes from and must refuse with
Q501, naming the place and never the text; ``allow_identifiers=True`` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import qualkit as qk
from qualkit.cli import main
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import IdentifierFoundError
from qualkit.report import save_figure

PHONE = "07700 900123"


def _codebook(where: str) -> qk.Codebook:
    fields = {"examples": (f"ring me on {PHONE}",)} if where == "examples" else (
        {"definition": f"calls to {PHONE}"} if where == "definition" else {})
    return qk.Codebook([qk.Code("risk", "Risk", **fields), qk.Code("trust", "Trust")],
                       name="Study codebook",
                       description=f"see {PHONE}" if where == "description" else "")


def _comparison() -> qk.compare.CoderComparison:
    p = qk.Project.in_memory()
    t = Transcript.from_turns("fg1", [Turn("P01", f"Ring me on {PHONE} any time."),
                                      Turn("P02", "No thanks, I would rather not.")])
    p.add_corpus(Corpus([t]))
    p.set_codebook(qk.Codebook([qk.Code("risk", "Risk"), qk.Code("trust", "Trust")]))
    u = p.corpus.utterances
    a, b = int(u.start[0]), int(u.end[0])
    p.code("KS", "fg1", a, b, "risk")
    p.code("KG", "fg1", a, b, "trust")
    p.code("KS", "fg1", int(u.start[1]), int(u.end[1]), "trust")
    p.code("KG", "fg1", int(u.start[1]), int(u.end[1]), "trust")
    return qk.compare_coders(p, ("KS", "KG"))


def _figure(title: str):  # noqa: ANN202
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar(["north", "south"], [6, 7])
    ax.set_title(title)
    return ax


WRITERS: dict[str, tuple[str, Callable[..., object]]] = {
    **{f"codebook {w} {s}": (f"cb{s}", lambda p, w=w, **kw: _codebook(w).write(p, **kw))
       for w in ("examples", "definition", "description")
       for s in (".yaml", ".csv", ".xlsx", ".qdc", ".docx")},
    "comparison xlsx (disagreements)": ("c.xlsx", lambda p, **kw: _comparison().to_xlsx(p, **kw)),
    "figure title": ("f.png", lambda p, **kw: save_figure(
        _figure(f"Call {PHONE}"), p, formats=("png",), dpi=50, **kw)),
}


@pytest.mark.parametrize("name", list(WRITERS))
def test_privacy_every_writer_refuses_identifiers(tmp_path: Path, name: str) -> None:
    file, write = WRITERS[name]
    out = tmp_path / file
    with pytest.raises(IdentifierFoundError, match=r"\[Q501\].*PHONE") as err:
        write(out)
    assert PHONE not in str(err.value)  # the place, never the text
    assert not out.exists() and not list(tmp_path.iterdir())  # nothing written, no partial
    write(out, allow_identifiers=True)
    assert out.exists()


def test_privacy_comparison_writers_scan_every_table(tmp_path: Path) -> None:
    cmp = _comparison()
    assert PHONE in " ".join(cmp.disagreements()["text"])  # what the workbook would hold
    cmp.to_csv(tmp_path / "by_code.csv")  # per-code counts: nothing to find
    cmp.to_docx(tmp_path / "by_code.docx")
    assert sorted(f.name for f in tmp_path.iterdir()) == ["by_code.csv", "by_code.docx"]


def test_privacy_figure_texts_cover_ticks_and_legends() -> None:
    from qualkit.report._figures import figure_texts

    ax = _figure("Willingness")
    ax.legend(["jo@example.org"])
    texts = figure_texts(ax.figure)
    assert {"Willingness", "north", "south", "jo@example.org"} <= set(texts)


def _folder(tmp_path: Path) -> Path:
    d = tmp_path / "t"
    d.mkdir()
    (d / "fg1.txt").write_text(f"Facilitator: Welcome.\nP01: Ring me on {PHONE}.\nP02: No.\n",
                               encoding="utf-8")
    return d


def test_privacy_cli_read_utterances_scanned(tmp_path: Path, capsys) -> None:
    out = tmp_path / "u.csv"
    assert main(["read", str(_folder(tmp_path)), "--utterances", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Q501" in err and "PHONE" in err and PHONE not in err
    assert not out.exists()
    main(["read", str(tmp_path / "t"), "--utterances", str(out), "--allow-identifiers"])
    assert PHONE in out.read_text(encoding="utf-8")
    report = tmp_path / "report.csv"  # file names and what was said of them: scanned too
    assert main(["read", str(tmp_path / "t"), "--out", str(report)]) in (0, 1)
    assert report.exists()


def test_privacy_cli_agree_out_scanned(tmp_path: Path, capsys) -> None:
    d = _folder(tmp_path)
    text = qk.read_transcript(d / "fg1.txt").text
    s = text.index("Ring")
    rows = [("KS", "fg1", s, s + 20, "risk"), ("KG", "fg1", s, s + 20, "trust"),
            ("KS", "fg1", 0, 5, "trust"), ("KG", "fg1", 0, 5, "trust")]
    codings = tmp_path / "codings.csv"
    pd.DataFrame(rows, columns=["coder", "transcript_id", "start", "end", "code_id"]).to_csv(
        codings, index=False)
    out = tmp_path / "agree.xlsx"
    code = main(["agree", str(codings), "--transcripts", str(d), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "Q501" in err and PHONE not in err
    assert not out.exists()
    assert main(["agree", str(codings), "--transcripts", str(d), "--out", str(out),
                 "--allow-identifiers"]) == 0
    assert out.exists()
