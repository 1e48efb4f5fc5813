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
