"""Report tables, figures and the Word report (issue #8)."""

from __future__ import annotations

import pandas as pd
import pytest

import qualkit as qk
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import FrameworkError
from qualkit.report import (participant_table, plot_prevalence_heatmap, plot_theme_tenet_matrix,
                            plot_thematic_map, plot_willingness, principle_table, save_figure,
                            theme_table)

THEMES = {
    "benefits": ["efficiency", "prevention", "communication", "community"],
    "risks": ["accuracy", "breaches", "governance", "commercial"],
    "values": ["stigma", "public_voice", "transparency", "accountability", "diversity", "trust",
               "involvement"],
}


def standin_codebook() -> qk.Codebook:
    codes = []
    for topic, ths in THEMES.items():
        codes.append({"id": topic, "name": topic.capitalize()})
        for t in ths:
            codes.append({"id": t, "name": t.replace("_", " ").capitalize(), "parent": topic,
                          "definition": f"Talk about {t.replace('_', ' ')}."})
    codes.append({"id": "breaches_cyber_attack", "name": "Cyber attack", "parent": "breaches"})
    return qk.Codebook(codes)


def standin_project() -> qk.Project:
    turns1 = [Turn("Facilitator", "What could linked records be used for?"),
              Turn("P01", "Joined up records would stop the hospital asking me the same questions every single time I go in."),
              Turn("P02", "I worry a hacker could get into the whole lot at once if it is all linked together in one place."),
              Turn("P03", "They must never sell it on to insurance companies, that would be a complete betrayal of trust.")]
    turns2 = [Turn("Facilitator", "How should the public be involved?"),
              Turn("P11", "Ordinary people like us should sit on the panel that decides, and be paid for the time we give."),
              Turn("P12", "If someone misuses the data there have to be real consequences and somebody held to account.")]
    t1 = Transcript.from_turns("fg1_s1", turns1, group="FG1", session=1)
    t2 = Transcript.from_turns("fg2_s1", turns2, group="FG2", session=1)
    pr = qk.Project.in_memory()
    pr.add_corpus(Corpus([t1, t2]))
    pr.set_codebook(standin_codebook())
    for tid, code, i in [("fg1_s1", "communication", 1), ("fg1_s1", "breaches_cyber_attack", 2),
                         ("fg1_s1", "commercial", 3), ("fg2_s1", "involvement", 1),
                         ("fg2_s1", "accountability", 2)]:
        u = pr.corpus[tid].utterances.iloc[i]
        pr.code("KS", tid, int(u.start), int(u.end), code)
    return pr


@pytest.fixture(scope="module")
def project() -> qk.Project:
    return standin_project()


HAND = pd.DataFrame({
    "participant_id": [f"P{i:02d}" for i in range(1, 13)],
    "sex": ["female"] * 8 + ["male"] * 3 + ["non-binary"],
    "age": [19, 25, 33, 40, 45, 51, 52, 60, 61, 70, 75, 83],
    "county": ["Sussex"] * 7 + ["Surrey"] * 3 + ["Kent"] * 2,
    "willing_before": ["very willing"] * 5 + ["fairly willing"] * 5 + ["don't know"] * 2,
    "willing_after": ["very willing"] * 6 + ["fairly willing"] * 6,
})


def test_report_participant_table_counts_and_suppression() -> None:
    t = participant_table(HAND, suppress_below=3).table
    sex = t[t.characteristic == "Sex"]
    # the one non-binary participant would be 12 - 8 - 3: the 3 is hidden with it
    assert sex[["category", "n", "%"]].values.tolist() == [
        ["Female", "8", "66.7"], ["Male", "*", ""], ["Non-binary", "*", ""]]
    county = t[t.characteristic == "County"]
    assert county.n.tolist() == ["7", "*", "*"]
    age = t[t.characteristic == "Age (years)"]
    assert age.n.tolist()[0] == "52 (38\u201363)"  # median (interquartile range), no extremes
    assert age.category.tolist() == ["Median (IQR)", "18\u201334", "35\u201354", "55\u201374",
                                     "75 and over"]
    # 75 and 83 (2) hidden, and the smallest other band (3), so 2 = 12 - 4 - 3 - 3 is not told
    assert age.n.tolist()[1:] == ["*", "4", "3", "*"]
    wb = t[t.characteristic.str.endswith("before")]
    assert wb.category.tolist() == ["Very willing", "Fairly willing", "Don't know"]
    assert wb.n.tolist() == ["*", "5", "*"]
    assert any("1 to 2 people are not shown" in n for n in
               participant_table(HAND, suppress_below=3).notes)


def test_report_participant_table_combine() -> None:
    df = HAND.assign(ethnicity=["White"] * 8 + ["Indian", "Pakistani", "Black African", "Black Caribbean"])
    t = participant_table(df, columns=["ethnicity"], suppress_below=3, how="combine").table
    assert t[["category", "n"]].values.tolist() == [["White", "8"], ["Other (combined)", "4"]]
    t2 = participant_table(df, columns=["ethnicity"], suppress_below=3,
                           combine={"ethnicity": {"Indian": "Asian", "Pakistani": "Asian",
                                                  "Black African": "Black", "Black Caribbean": "Black"}}).table
    assert t2[["category", "n"]].values.tolist() == [["White", "8"], ["Asian", "*"], ["Black", "*"]]
    with pytest.raises(FrameworkError, match="how="):
        participant_table(df, how="drop")


def test_report_principle_table_docx_cells(project: qk.Project, tmp_path) -> None:
    import docx

    m = qk.map_themes(project.codebook, framework="ksss2022")
    quotes = pd.DataFrame({"theme": ["involvement"], "text": ["Pay us for our time."],
                           "group": ["FG2"], "participant": ["P14"]})
    pt = principle_table(m, quotes=quotes)
    assert list(pt.table.columns) == ["theme", "principles", "rationale", "evidence", "quotes"]
    assert len(pt.table) == 15
    row = pt.table[pt.table.theme == "Involvement"].iloc[0]
    assert row.principles == "Reciprocity, autonomy and justice"
    assert row.rationale == "Valuing and paying contributors and involving them early"
    assert row.quotes == '"Pay us for our time." (FG2, P14)'
    tr = pt.table[pt.table.theme == "Transparency"].iloc[0]
    assert tr.principles == "Service of the public good\nReciprocity, autonomy and justice (secondary)"
    assert tr.rationale.split("\n")[0] == ("Service of the public good: Clear communication of "
                                           "allowed uses and published results")
    assert list(principle_table(m, definitions=True).table.columns) == [
        "theme", "definition", "principles", "rationale", "evidence"]
    path = pt.to_docx(tmp_path / "t.docx")
    d = docx.Document(str(path))
    tab = d.tables[0]
    assert [c.text for c in tab.rows[0].cells] == ["Theme", "Principles", "Rationale", "Evidence", "Quotes"]
    cells = {r.cells[0].text: r.cells[4].text for r in tab.rows[1:]}
    assert cells["Involvement"] == '"Pay us for our time." (FG2, P14)'
    assert len(tab.rows) == 16
    pt.to_xlsx(tmp_path / "t.xlsx")
    back = pd.read_excel(tmp_path / "t.xlsx", skiprows=1, nrows=15)
    assert back.theme.tolist() == pt.table.theme.tolist()
    pt.to_csv(tmp_path / "t.csv")
    assert pd.read_csv(tmp_path / "t.csv").shape == (15, 5)
    md = pt.to_markdown()
    assert "| theme | principles | rationale | evidence | quotes |" in md


def test_report_theme_table_prevalence_rolls_up_subcodes(project: qk.Project) -> None:
    from qualkit.report import evidence_from_codings

    ev = evidence_from_codings(project.codings(), project.corpus)
    t = theme_table(project.codebook, evidence=ev).table
    br = t[t.theme == "breaches"].iloc[0]
    assert (br.groups, br.participants, br.extracts) == (1, 1, 1)
    assert t[t.theme == "efficiency"].iloc[0].extracts == 0
    assert ev.loc[ev.code_id == "breaches_cyber_attack", "participant"].tolist() == ["P02"]


def test_report_figures_return_axes_and_save(project: qk.Project, tmp_path) -> None:
    import matplotlib.pyplot as plt
    from matplotlib.axes import Axes

    m = qk.map_themes(project.codebook, framework="ksss2022")
    axes = [plot_willingness(HAND), plot_thematic_map(project.codebook),
            plot_prevalence_heatmap(pd.DataFrame({"theme": ["a", "a", "b"], "group": ["FG1", "FG2", "FG1"]})),
            plot_theme_tenet_matrix(m)]
    for i, ax in enumerate(axes):
        assert isinstance(ax, Axes)
        paths = save_figure(ax, tmp_path / f"f{i}")
        assert [p.suffix for p in paths] == [".png", ".svg"]
        assert all(p.stat().st_size > 1000 for p in paths)
        plt.close(ax.figure)
    bars = [p.get_height() for p in axes[0].patches]
    # the 2 "don't know" and one 5 are not drawn (as in the participant table)
    assert bars == [0, 5, 0, 0, 0, 6, 6, 0, 0, 0]
    assert plot_willingness(HAND, suppress_below=0).patches[4].get_height() == 2
    _, ax = plt.subplots()
    assert plot_willingness(HAND, ax=ax) is ax
    plt.close("all")


def test_report_word_document(project: qk.Project, tmp_path) -> None:
    import docx

    parts = HAND.assign(group=["FG1"] * 6 + ["FG2"] * 6)
    out = qk.report(project, framework="ksss2022", out=tmp_path / "r.docx", participants=parts,
                    agreement={"Krippendorff's alpha": 0.71})
    d = docx.Document(str(out))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "2 focus groups (FG1, FG2) with 12 participants" in text
    assert "Agreement between coders: Krippendorff's alpha 0.71." in text
    assert len(d.inline_shapes) == 4
    headers = [[c.text for c in t.rows[0].cells] for t in d.tables]
    assert ["Characteristic", "Category", "N", "%"] in headers
    assert ["Theme", "Principles", "Rationale", "Evidence"] in headers
    tt = d.tables[headers.index(["Topic", "Theme", "Definition", "Groups", "Participants",
                                 "Extracts", "Quotes"])]
    quotes = [r.cells[6].text for r in tt.rows[1:]]
    assert any(q.endswith("(FG1, P03)") for q in quotes)
    pt = d.tables[headers.index(["Theme", "Principles", "Rationale", "Evidence"])]
    rows = {r.cells[0].text: r.cells[1].text for r in pt.rows[1:]}
    assert rows["Transparency"] == "Service of the public good\nReciprocity, autonomy and justice (secondary)"
    # three frameworks: a section each, with its table and figure
    out = qk.report(project, framework=["ksss2022", "carter2015", "kent_medway2025"],
                    out=tmp_path / "r3.docx", participants=parts)
    d = docx.Document(str(out))
    heads = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert [h for h in heads if h.startswith("Themes and principles")] == [
        "Themes and principles: Recommended social licence principles (Kent, Surrey and Sussex "
        "focus groups, Ford et al. 2022)",
        "Themes and principles: Social licence tenets (Carter, Laurie & Dixon-Woods 2015)",
        "Themes and principles: Kent and Medway Social Licence 2025: Our Data, For Our Good"]
    assert len(d.inline_shapes) == 6
    caps = [p.text for p in d.paragraphs if p.text.startswith("Table ")]
    assert [c.split(".")[0] for c in caps] == [f"Table {i}" for i in range(1, 9)]


def test_report_quotes_pass_identifier_scan(project: qk.Project, monkeypatch) -> None:
    import sys
    import types

    from qualkit.errors import IdentifierFoundError

    fake = types.ModuleType("qualkit.privacy")

    def check_export(texts, allow_identifiers=False):
        for t in texts:
            if "07700" in t:
                raise IdentifierFoundError("phone number found")

    fake.check_export = check_export
    monkeypatch.setitem(sys.modules, "qualkit.privacy", fake)
    m = qk.map_themes(project.codebook, framework="ksss2022")
    ok = pd.DataFrame({"theme": ["trust"], "text": ["We need to trust them."], "group": ["FG1"],
                       "participant": ["P02"]})
    assert principle_table(m, quotes=ok).table.quotes.str.len().max() > 0
    bad = ok.assign(text=["Ring me on 07700 900123."])
    with pytest.raises(IdentifierFoundError, match=r"\[Q706\].*'trust' \(FG1/P02\).*phone number"):
        principle_table(m, quotes=bad)
