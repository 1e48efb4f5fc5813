"""``qualkit report``, ``qualkit map`` and ``qualkit themes`` (#19 item 1): thin, and every
mistake a qualkit error (exit 2, one line naming the file or option, no traceback)."""

from __future__ import annotations

import docx
import pandas as pd
import pytest

import qualkit as qk
from qualkit.cli import main


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    from qualkit.datasets import synthetic_codebook_path, synthetic_path

    path = tmp_path_factory.mktemp("cli") / "study.qkproj"
    with qk.Project.create(path) as pr:
        pr.add_corpus(qk.read_transcripts(synthetic_path()))
        pr.set_codebook(qk.Codebook.read(synthetic_codebook_path()))
        for coder in ("KS", "KG"):
            pr.import_codings(synthetic_path() / f"codings_{coder}.csv", coder=coder)
    return path


def test_cli_report_writes_a_section_per_framework(study, tmp_path, capsys):
    out = tmp_path / "report.docx"
    assert main(["report", str(study), "--framework", "ksss2022", "--framework", "kent_medway2025",
                 "--coder", "KS", "--out", str(out), "--paper", "Letter", "--author", "KS"]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    d = docx.Document(str(out))
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert "Themes and principles: Kent and Medway Social Licence 2025: Our Data, For Our Good" in heads
    assert d.core_properties.author == "KS"
    assert round(d.sections[0].page_width.cm, 2) == 21.59
    assert not any(p.text.startswith("KS and KG agreed") for p in d.paragraphs)


def test_cli_report_with_the_agreement_of_two_coders(study, tmp_path):
    out = tmp_path / "report.docx"
    assert main(["report", str(study), "--agreement", "KS, KG", "--coder", "KS",
                 "--out", str(out)]) == 0
    d = docx.Document(str(out))
    assert any(p.text.startswith("KS and KG agreed on ") for p in d.paragraphs)
    assert any(p.text == "Table 1. Agreement between KS and KG by theme (utterances)"
               for p in d.paragraphs)


@pytest.mark.parametrize("suffix", [".docx", ".csv", ".md", ".xlsx"])
def test_cli_map_writes_the_theme_to_principle_table(study, tmp_path, suffix, capsys):
    out = tmp_path / f"km{suffix}"
    assert main(["map", str(study), "--framework", "kent_medway2025", "--coder", "KS",
                 "--out", str(out)]) == 0
    assert "15 themes, Kent and Medway Social Licence 2025" in capsys.readouterr().out
    if suffix == ".csv":
        t = pd.read_csv(out)
        assert list(t.columns) == ["theme", "principles", "rationale", "evidence", "quotes"]
        assert len(t) == 15 and t.principles.str.contains("Keeping data safe").any()
        assert not t.principles.str.contains("_").any()  # names, not ids


def test_cli_map_crosswalk_and_manual_links(study, tmp_path):
    cw = tmp_path / "crosswalk.csv"
    assert main(["map", str(study), "--crosswalk", "--out", str(cw)]) == 0
    t = pd.read_csv(cw)
    assert set(t.framework) == {"ksss2022", "carter2015", "stockdale2019", "kent_medway2025"}
    assert t.theme.nunique() == 15
    mine = tmp_path / "mine.csv"
    pd.DataFrame({"theme": ["trust"], "tenet": ["honest_clear"], "rationale": ["ours"]}).to_csv(mine, index=False)
    out = tmp_path / "m.csv"
    assert main(["map", str(study), "--framework", "kent_medway2025", "--manual", str(mine),
                 "--quotes", "0", "--out", str(out)]) == 0
    t = pd.read_csv(out)
    assert "quotes" not in t.columns
    assert t.loc[t.theme == "Building trust", "principles"].tolist() == ["Honest and clear"]


def test_cli_themes_writes_candidates_quotes_and_map(study, tmp_path, capsys):
    out, q, png = tmp_path / "themes.csv", tmp_path / "q.xlsx", tmp_path / "map.png"
    assert main(["themes", str(study), "--coder", "KS", "--n-themes", "6", "--out", str(out),
                 "--quotes", str(q), "--plot", str(png)]) == 0
    assert len(pd.read_csv(out)) == 6
    assert len(pd.read_excel(q)) > 0 and png.stat().st_size > 10_000


@pytest.mark.parametrize("argv, match", [
    (["report", "{missing}", "--out", "{tmp}/r.docx"], r"\[Q220\].*nothing\.qkproj"),
    (["report", "{study}", "--out", "{tmp}/r.pdf"], r"'--out' parameter of qualkit report must be one of \{'\.docx'\}"),
    (["report", "{study}", "--framework", "carter2016", "--out", "{tmp}/r.docx"], r"\[Q701\] Unknown framework 'carter2016'"),
    (["report", "{study}", "--coder", "ZZ", "--out", "{tmp}/r.docx"], r"'--coder'.*coders \['KG', 'KS'\].*'ZZ'"),
    (["report", "{study}", "--agreement", "KS", "--out", "{tmp}/r.docx"], r"'--agreement'.*two of the project's coders \['KG', 'KS'\].*'KS'"),
    (["report", "{study}", "--agreement", "KS,ZZ", "--out", "{tmp}/r.docx"], r"'--agreement'.*'KS,ZZ'"),
    (["map", "{study}", "--out", "{tmp}/m.txt"], r"'--out' parameter of qualkit map"),
    (["map", "{study}", "--crosswalk", "--out", "{tmp}/m.docx"], r"'--out' parameter of qualkit map must be one of \{'\.csv'\}"),
    (["map", "{study}", "--framework", "{tmp}/bad.yaml", "--out", "{tmp}/m.csv"], r"\[Q70[23]\].*bad\.yaml"),
    (["map", "{study}", "--manual", "{tmp}/links.csv", "--out", "{tmp}/m.csv"], r"\[Q704\].*unknown tenet 'kindness'"),
    (["themes", "{study}", "--out", "{tmp}/t.json"], r"'--out' parameter of qualkit themes"),
    (["themes", "{study}", "--out", "{tmp}/t.csv", "--plot", "{tmp}/t.gif"], r"'--plot' parameter"),
])
def test_cli_report_mistakes_are_qualkit_errors(study, tmp_path, capsys, argv, match):
    (tmp_path / "bad.yaml").write_text("id: x\nname: [unclosed\n")
    pd.DataFrame({"theme": ["trust"], "tenet": ["kindness"]}).to_csv(tmp_path / "links.csv", index=False)
    args = [a.format(study=study, tmp=tmp_path, missing=tmp_path / "nothing.qkproj") for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("qualkit: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    import re

    assert re.search(match, err), err
    assert not (tmp_path / "nothing.qkproj").exists()
