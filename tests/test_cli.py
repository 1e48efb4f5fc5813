"""The command line: a thin layer that returns exit codes."""

from __future__ import annotations

import pytest

from qualkit.cli import build_parser, main


def test_cli_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("qualkit ")


def test_cli_no_command_prints_help_and_fails(capsys):
    assert main([]) == 2
    assert "usage: qualkit" in capsys.readouterr().out


def test_cli_demo_is_registered():
    parser = build_parser()
    args = parser.parse_args(["demo", "--out", "x"])
    assert args.command == "demo" and args.out == "x"


def test_cli_error_becomes_exit_code_2(tmp_path, capsys):
    missing = tmp_path / "nope"
    assert main(["demo", "--out", str(tmp_path / "o"), "--data", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "qualkit: error:" in err and "nope" in err


@pytest.mark.parametrize("argv", [["demo", "--bogus"]])
def test_cli_bad_arguments_exit_2(argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


def test_cli_demo_runs_the_whole_pipeline(tmp_path, capsys):
    import docx
    import pandas as pd

    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for name in ("utterances.csv", "study.qkproj", "agreement_by_theme.xlsx", "candidate_themes.csv",
                 "theme_to_principle.docx", "participants.docx", "report.docx", "quotes.xlsx"):
        assert (out / name).exists(), name
        assert name in printed
    # one row per turn the generator wrote (728 with seed 0)
    from qualkit.synthetic import build_study

    turns = sum(len(t) for t in build_study(seed=0).transcripts.values())
    assert len(pd.read_csv(out / "utterances.csv")) == turns == 728
    principles = pd.read_csv(out / "theme_to_principle.csv")
    assert len(principles) == 15
    assert docx.Document(out / "report.docx").tables, "the report holds its tables"
    # the identifier scan's file names places and kinds, never the words found
    scan = pd.read_csv(out / "identifier_scan.csv")
    assert "text" not in scan.columns and {"transcript_id", "start", "end", "kind"} <= set(
        scan.columns)


def test_cli_demo_on_other_transcripts_scans_what_it_writes(tmp_path, capsys):
    # pointed at a copy of the study in which a participant gives a phone number, the
    # demo stops at its first write with Q501 (the place, never the number), writing no
    # table of speech
    import shutil

    from qualkit.datasets import synthetic_path

    data = tmp_path / "data"
    shutil.copytree(synthetic_path(), data)
    f = data / "fg3_session2.txt"
    f.write_text(f.read_text(encoding="utf-8") + "\nP47: Ring me on 07700 900 123 after.\n",
                 encoding="utf-8")
    out = tmp_path / "out"
    assert main(["demo", "--out", str(out), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "Q501" in err and "PHONE" in err and "07700" not in err and "900 123" not in err
    assert not (out / "utterances.csv").exists()


def test_cli_agree_from_two_csv_files_at_character_unit(tmp_path, capsys):
    import pandas as pd

    from qualkit.datasets import synthetic_codebook_path, synthetic_path

    data = synthetic_path()
    out = tmp_path / "agree.xlsx"
    assert main(["agree", str(data / "codings_KS.csv"), str(data / "codings_KG.csv"),
                 "--coders", "KS", "KG", "--unit", "character", "--level", "1",
                 "--codebook", str(synthetic_codebook_path()), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "unitizing alphas by semantic domain" in printed
    assert "Cu_alpha" in printed and "|u_alpha" in printed
    sheets = pd.read_excel(out, sheet_name=None)
    fam = sheets["unitizing"]
    assert set(fam["domain"]) == {"benefits", "risks", "values", "(all domains)"}
    assert len(sheets["by_code"]) == 15
    assert fam["alpha"].between(-1, 1).sum() >= 12


# ---------------------------------------------------------------- mistakes people make
def _own_study(tmp_path):
    """A folder with one transcript of our own and two coders' codings of it."""
    from qualkit.corpus import Transcript, Turn

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "g1_s1.txt").write_text(
        "Facilitator: What worries you about it?\n\n"
        "P01: Mostly who gets to see it, and whether they sell it on.\n\n"
        "P02: I worry less about that than about mistakes in my notes.\n", encoding="utf-8")
    text = Transcript.from_turns("g1_s1", [
        Turn("Facilitator", "What worries you about it?"),
        Turn("P01", "Mostly who gets to see it, and whether they sell it on."),
        Turn("P02", "I worry less about that than about mistakes in my notes.")]).text
    a = text.index("Mostly")
    b = text.index("I worry")
    rows = [("A", "g1_s1", a, a + 27, "access"), ("A", "g1_s1", b, b + 20, "accuracy"),
            ("B", "g1_s1", a, a + 30, "access"), ("B", "g1_s1", b, len(text), "accuracy")]
    for coder in "AB":
        lines = ["coder,transcript_id,start,end,code_id"] + [
            ",".join(map(str, r)) for r in rows if r[0] == coder]
        (tmp_path / f"{coder}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _fails(argv, capsys, *needles):
    assert main([str(a) for a in argv]) == 2
    out = capsys.readouterr()
    err = out.err + out.out
    assert "qualkit: error:" in out.err and "Traceback" not in err, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def test_cli_agree_own_transcripts_from_csv(tmp_path, capsys):
    folder = _own_study(tmp_path)
    assert main(["agree", str(tmp_path / "A.csv"), str(tmp_path / "B.csv"),
                 "--transcripts", str(folder)]) == 0
    printed = capsys.readouterr().out
    assert "access" in printed and "accuracy" in printed and "bundled" not in printed


def test_cli_agree_never_substitutes_the_bundled_transcripts(tmp_path, capsys):
    _own_study(tmp_path)
    err = _fails(["agree", tmp_path / "A.csv", tmp_path / "B.csv"], capsys,
                 "[Q011]", "4 of 4 codings", "'g1_s1' (4)", "--transcripts DIR")
    assert "Nothing was compared" in err


def test_cli_agree_says_which_codings_it_cannot_place(tmp_path, capsys):
    folder = _own_study(tmp_path)
    bad = tmp_path / "B.csv"
    bad.write_text(bad.read_text() + "B,g9_s9,0,5,access\nB,g1_s1,0,99999,access\n")
    _fails(["agree", tmp_path / "A.csv", bad, "--transcripts", folder], capsys,
           "2 bad row(s)", "B.csv: row 4", "unknown transcript 'g9_s9'", "B.csv: row 5",
           "not within")


@pytest.mark.parametrize("header, needle", [
    ("coder,transcript_id,start,code_id", "missing ['end']"),
    ("coder,transcript_id,end,code_id", "missing ['start']"),
    ("coder,start,end,code_id", "missing ['transcript_id']"),
])
def test_cli_agree_csv_without_a_required_column(tmp_path, capsys, header, needle):
    folder = _own_study(tmp_path)
    (tmp_path / "A.csv").write_text(header + "\nA,g1_s1,5,access\n")
    _fails(["agree", tmp_path / "A.csv", tmp_path / "B.csv", "--transcripts", folder],
           capsys, needle, "A.csv")


def test_cli_agree_csv_cells_that_are_not_numbers(tmp_path, capsys):
    folder = _own_study(tmp_path)
    (tmp_path / "A.csv").write_text("coder,transcript_id,start,end,code_id\n"
                                    "A,g1_s1,five,40,access\nA,g1_s1,3,,access\n")
    _fails(["agree", tmp_path / "A.csv", tmp_path / "B.csv", "--transcripts", folder],
           capsys, "A.csv: row 2", "not whole numbers", "A.csv: row 3")


def test_cli_agree_mistakes(tmp_path, capsys):
    folder = _own_study(tmp_path)
    a, b = tmp_path / "A.csv", tmp_path / "B.csv"
    _fails(["agree", tmp_path / "nope.csv", b], capsys, "No such file", "nope.csv")
    _fails(["agree", a, b, "--transcripts", tmp_path / "nowhere"], capsys, "nowhere")
    _fails(["agree", a, b, "--transcripts", folder, "--level", "1"], capsys,
           "--codebook FILE with --level")
    _fails(["agree", a, b, "--transcripts", folder, "--coders", "A", "Z"], capsys,
           "no codings by 'Z'", "'A', 'B'")
    _fails(["agree", a, b, "--transcripts", folder, "--out", tmp_path / "t.pdf"], capsys,
           ".csv, .xlsx, .docx")
    _fails(["agree", a, b, a, "--transcripts", folder], capsys, "3 sources")
    _fails(["agree", tmp_path / "missing.qkproj"], capsys, "missing.qkproj")
    both = tmp_path / "both.csv"
    both.write_text(a.read_text() + "".join(b.read_text().splitlines(True)[1:])
                    + "C,g1_s1,0,5,access\n")
    _fails(["agree", both, "--transcripts", folder], capsys, "3 coder(s)", "--coders A B")


def test_cli_agree_files_without_a_coder_column_take_coders_in_order(tmp_path, capsys):
    folder = _own_study(tmp_path)
    for name in ("A.csv", "B.csv"):
        p = tmp_path / name
        p.write_text("\n".join(",".join(line.split(",")[1:])
                               for line in p.read_text().splitlines()) + "\n")
    assert main(["agree", str(tmp_path / "A.csv"), str(tmp_path / "B.csv"),
                 "--transcripts", str(folder), "--coders", "Ann", "Bob"]) == 0
    assert "access" in capsys.readouterr().out


@pytest.fixture
def small_project(tmp_path):
    import qualkit as qk
    from qualkit.datasets import synthetic_codebook_path, synthetic_path

    path = tmp_path / "study.qkproj"
    with qk.Project.create(path) as p:
        p.add_corpus(qk.read_transcripts(synthetic_path() / "fg3_session1.txt"))
        p.set_codebook(qk.Codebook.read(synthetic_codebook_path()))
        ks = __import__("pandas").read_csv(synthetic_path() / "codings_KS.csv")
        ks[ks.transcript_id == "fg3_session1"].to_csv(tmp_path / "ks3.csv", index=False)
        p.import_codings(tmp_path / "ks3.csv")
    return path


def test_cli_query_by_does_not_swallow_the_project(small_project, tmp_path, capsys):
    import pandas as pd

    out = tmp_path / "m.csv"
    assert main(["query", "matrix", "--by", "county", str(small_project),
                 "--out", str(out)]) == 0
    cols = pd.read_csv(out, index_col=0).columns
    assert {"Kent", "Surrey", "Sussex"} >= set(cols) and len(cols) >= 2
    out2 = tmp_path / "m2.csv"
    assert main(["query", "matrix", str(small_project), "--by", "county,willing_before",
                 "--out", str(out2)]) == 0
    out3 = tmp_path / "m3.csv"
    assert main(["query", "matrix", str(small_project), "--by", "county", "--by",
                 "willing_before", "--out", str(out3)]) == 0
    assert pd.read_csv(out2).equals(pd.read_csv(out3))


def test_cli_mistakes_are_errors_not_tracebacks(small_project, tmp_path, capsys):
    missing = tmp_path / "missing.qkproj"
    not_project = tmp_path / "notes.csv"
    not_project.write_text("a,b\n1,2\n")
    _fails(["query", "matrix", missing, "--out", tmp_path / "m.csv"], capsys, "missing.qkproj")
    _fails(["query", "quotes", not_project, "--out", tmp_path / "q.csv"], capsys, "notes.csv")
    _fails(["query", "matrix", small_project, "--by", "shoe_size", "--out",
            tmp_path / "m.csv"], capsys, "shoe_size")
    _fails(["code", "import", tmp_path / "none.csv", "--project", small_project], capsys,
           "none.csv")
    (tmp_path / "noend.csv").write_text("coder,transcript_id,start,code_id\nKS,fg3_session1,"
                                        "0,trust\n")
    _fails(["code", "import", tmp_path / "noend.csv", "--project", small_project], capsys,
           "missing ['end']")
    (tmp_path / "latin.csv").write_bytes("coder,transcript_id,start,end,code_id\nK\xe9,x,0,1,"
                                         "trust\n".encode("latin-1"))
    _fails(["code", "import", tmp_path / "latin.csv", "--project", small_project], capsys,
           "latin.csv", "UTF-8")
    _fails(["code", "export", "--project", missing, "--out", tmp_path / "c.csv"], capsys,
           "missing.qkproj")
    _fails(["codebook", "validate", tmp_path / "none.yaml"], capsys, "none.yaml")
    _fails(["read", tmp_path / "nowhere"], capsys, "nowhere")
    _fails(["check-anon", tmp_path / "nowhere"], capsys, "nowhere")
    _fails(["import", tmp_path / "none.qdpx", "--to", tmp_path / "new.qkproj"], capsys,
           "none.qdpx")
    _fails(["export", missing, "--to", tmp_path / "out.qdpx"], capsys, "missing.qkproj")
    _fails(["audit", "verify", missing], capsys, "missing.qkproj")
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    _fails(["demo", "--out", a_file], capsys, "a_file")
    assert not missing.exists()


def _walk(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from ((f"{name} {where}".strip(), a) for where, a in _walk(sub))
        else:
            yield "", action


def test_cli_every_option_has_help():
    import argparse

    missing = [f"{where} {'/'.join(a.option_strings) or a.dest}"
               for where, a in _walk(build_parser())
               if not isinstance(a, argparse._HelpAction) and not (a.help or "").strip()]
    assert missing == []
