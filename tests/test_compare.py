"""Coder comparison and reconciliation, checked cell by cell on hand-built data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qualkit.compare import compare_coders, interpret_alpha, interpret_kappa, reconcile
from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import InvalidParameterError

COLS = ["coder", "transcript_id", "start", "end", "code_id"]


@pytest.fixture
def thousand_chars():
    """One transcript whose single utterance is 1,000 characters long."""
    t = Transcript("src", "x" * 1000, pd.DataFrame(
        {"speaker": ["P01"], "start": [0], "end": [1000], "text": ["x" * 1000]}))
    return Corpus([t])


@pytest.mark.parametrize("coded_only", [False])
def test_compare_character_reproduces_nvivo_worked_example(thousand_chars, coded_only):
    # NVivo help, coding comparison query: 1,000 characters, 50 coded by both,
    # 800 by neither, 75 by each alone -> agreement 85 %; kappa 0.3143; alpha 0.314629
    # (AGREEMENT.md, derived from the four counts).
    codings = pd.DataFrame([("A", "src", 0, 125, "c"), ("B", "src", 75, 200, "c")], columns=COLS)
    rep = compare_coders(codings, ("A", "B"), unit="character", corpus=thousand_chars,
                         coded_only=coded_only)
    row = rep.by_code.iloc[0]
    assert (row.both, row.a_only, row.b_only, row.neither) == (50, 75, 75, 800)
    assert row.percent_agreement == pytest.approx(0.85, abs=1e-12)
    assert row.kappa == pytest.approx(0.06875 / 0.21875, abs=1e-12)
    assert row.alpha == pytest.approx(0.314629, abs=1e-6)
    # Gwet's two-rater standard error (irrCAC Python table.CAC(...).cohen(): se 0.04284,
    # interval (0.23022, 0.39836); krippendorff(): se 0.04284)
    assert row.se == pytest.approx(0.04284, abs=5e-6)
    assert (row.ci_low, row.ci_high) == pytest.approx((0.23022, 0.39836), abs=5e-6)
    assert row.alpha_se == pytest.approx(0.04284, abs=5e-6)
    assert row.p_value < 1e-12
    assert row.interpretation == "fair (Landis & Koch 1977, 95% benchmark)"
    assert row.alpha_interpretation == "unreliable (Krippendorff 2004, 95% benchmark)"
    # the disagreeing stretches, with who coded them
    dis = rep.disagreements()
    assert dis[["start", "end", "A", "B"]].values.tolist() == [
        [0, 75, "coded", "not coded"], [125, 200, "not coded", "coded"]]


def test_compare_character_coded_only_drops_uncoded_text(thousand_chars):
    codings = pd.DataFrame([("A", "src", 0, 125, "c"), ("B", "src", 75, 200, "c")], columns=COLS)
    row = compare_coders(codings, ("A", "B"), unit="character", corpus=thousand_chars,
                         coded_only=True).by_code.iloc[0]
    assert (row.n_units, row.both, row.neither) == (200, 50, 0)
    assert row.percent_agreement == pytest.approx(0.25)


def test_compare_character_merges_a_coders_own_overlaps(thousand_chars):
    # A codes [0,100) twice over; it must count once (QualCoder counts it as "dual")
    codings = pd.DataFrame([("A", "src", 0, 100, "c"), ("A", "src", 50, 100, "c"),
                            ("B", "src", 0, 100, "c")], columns=COLS)
    row = compare_coders(codings, ("A", "B"), unit="character",
                         corpus=thousand_chars).by_code.iloc[0]
    assert (row.both, row.a_only, row.b_only, row.neither) == (100, 0, 0, 900)
    assert row.kappa == pytest.approx(1.0)


@pytest.fixture
def five_turns():
    turns = [Turn(f"P0{i}", f"Turn number {i} says something.") for i in range(1, 6)]
    return Corpus([Transcript.from_turns("t1", turns)])


def _span(corpus, i):
    u = corpus.utterances.iloc[i]
    return int(u.start), int(u.end)


def test_compare_utterance_counts_every_cell(five_turns):
    s = [_span(five_turns, i) for i in range(5)]
    rows = [("A", "t1", *s[0], "x"), ("B", "t1", *s[0], "x"),
            ("A", "t1", *s[1], "x"),
            ("B", "t1", s[2][0] + 3, s[2][0] + 8, "x"),   # part of a turn marks the turn
            ("A", "t1", *s[3], "y"), ("B", "t1", *s[3], "y")]
    rep = compare_coders(pd.DataFrame(rows, columns=COLS), ("A", "B"), corpus=five_turns)
    got = rep.by_code.set_index("code_id")
    assert got.loc["x", ["both", "a_only", "b_only", "neither"]].tolist() == [1, 1, 1, 2]
    assert got.loc["y", ["both", "a_only", "b_only", "neither"]].tolist() == [1, 0, 0, 4]
    # Cohen's kappa from the 2x2 [[1,1],[1,2]]: po=.6, pe=.4*.4+.6*.6=.52
    assert got.loc["x", "kappa"] == pytest.approx((0.6 - 0.52) / 0.48)
    assert got.loc["y", "kappa"] == pytest.approx(1.0)
    assert rep.overall.iloc[0][["both", "a_only", "b_only", "neither"]].tolist() == [2, 1, 1, 6]
    dis = rep.disagreements("x")
    assert dis["unit_id"].tolist() == ["t1:u0002", "t1:u0003"]
    assert dis["text"].iloc[0] == "Turn number 2 says something."


def test_compare_code_used_by_one_coder_is_reported_with_reason(five_turns):
    s = _span(five_turns, 0)
    rows = [("A", "t1", *s, "x"), ("B", "t1", *s, "x"), ("A", "t1", *s, "only_a")]
    rep = compare_coders(pd.DataFrame(rows, columns=COLS), ("A", "B"), corpus=five_turns)
    row = rep.by_code.set_index("code_id").loc["only_a"]
    assert row.note == "coder B never applied the code"
    assert row.kappa == pytest.approx(0.0)


def test_compare_segment_follows_maxqda_criteria():
    rows = [("A", "d", 0, 100, "x"), ("B", "d", 5, 100, "x"),     # 95 % overlap: match
            ("A", "d", 200, 300, "x"), ("B", "d", 250, 300, "x"),  # 50 %: no match either way
            ("A", "d", 400, 450, "y")]                             # y by A only
    rep = compare_coders(pd.DataFrame(rows, columns=COLS), ("A", "B"), unit="segment",
                         overlap=0.9)
    got = rep.by_code.set_index("code_id")
    # x: A's first matches; B's [5,100) is fully inside A's [0,100) so it matches too;
    # A's [200,300) is half covered (no match), B's [250,300) is fully covered (match)
    assert got.loc["x", ["n_a", "n_b", "agree", "disagree"]].tolist() == [2, 2, 3, 1]
    assert got.loc["y", ["n_a", "n_b", "agree", "disagree"]].tolist() == [1, 0, 0, 1]
    q = 2
    po = 3 / 4
    assert got.loc["x", "bp"] == pytest.approx((po - 1 / q) / (1 - 1 / q))
    assert rep.overall.iloc[0]["percent_agreement"] == pytest.approx(3 / 5)


def test_compare_rejects_unknown_coder(five_turns):
    rows = [("A", "t1", 0, 5, "x"), ("B", "t1", 0, 5, "x")]
    with pytest.raises(InvalidParameterError, match="coders present in the codings"):
        compare_coders(pd.DataFrame(rows, columns=COLS), ("A", "Z"), corpus=five_turns)
    with pytest.raises(InvalidParameterError, match="'unit' parameter of compare_coders"):
        compare_coders(pd.DataFrame(rows, columns=COLS), ("A", "B"), unit="word")


def test_compare_report_exports(tmp_path, five_turns):
    s = _span(five_turns, 0)
    rows = [("A", "t1", *s, "x"), ("B", "t1", *s, "x"), ("A", "t1", *_span(five_turns, 1), "x")]
    rep = compare_coders(pd.DataFrame(rows, columns=COLS), ("A", "B"), corpus=five_turns)
    assert pd.read_csv(rep.to_csv(tmp_path / "a.csv"))["code_id"].tolist() == ["x"]
    xl = pd.read_excel(rep.to_xlsx(tmp_path / "a.xlsx"), sheet_name=None)
    assert set(xl) == {"by_code", "by_transcript", "overall", "disagreements", "by_category"}
    import docx

    table = docx.Document(rep.to_docx(tmp_path / "a.docx")).tables[0]
    assert table.rows[1].cells[0].text == "x"
    ax = rep.plot()
    assert ax.get_title().startswith("Cohen's kappa between A and B, by code and transcript")
    assert ax.get_xlabel() == "Transcript" and ax.get_ylabel() == "Code"


@pytest.mark.parametrize("rule,expected", [
    ("union", [(0, 5, "only A"), (5, 10, "agreed"), (10, 15, "only B"), (20, 30, "only A")]),
    ("intersection", [(5, 10, "agreed")]),
    ("prefer:B", [(5, 10, "agreed"), (10, 15, "only B")]),
    ("manual", [(5, 10, "agreed")]),
])
def test_reconcile_rules_keep_provenance(rule, expected):
    rows = [("A", "t", 0, 10, "x"), ("B", "t", 5, 15, "x"), ("A", "t", 20, 30, "x")]
    rec = reconcile(pd.DataFrame(rows, columns=COLS), ("A", "B"), rule=rule)
    got = [tuple(r) for r in rec.codings[["start", "end", "provenance"]].itertuples(index=False)]
    assert got == expected
    assert set(rec.codings["coder"]) == {"consensus"}
    if rule == "manual":
        assert rec.pending[["start", "end", "coded_by"]].values.tolist() == [
            [0, 5, "A"], [10, 15, "B"], [20, 30, "A"]]


def test_reconcile_rejects_unknown_rule():
    rows = [("A", "t", 0, 10, "x"), ("B", "t", 5, 15, "x")]
    with pytest.raises(InvalidParameterError, match="prefer:A"):
        reconcile(pd.DataFrame(rows, columns=COLS), ("A", "B"), rule="prefer:Z")


@pytest.mark.parametrize("value,label", [(0.1, "slight"), (0.5, "moderate"), (0.9, "almost perfect"),
                                         (np.nan, "undefined")])
def test_compare_interpretation_scales(value, label):
    assert interpret_kappa(value) == label
    assert interpret_alpha(0.667) == "tentative (>= .667)"


@pytest.fixture
def small_project():
    import qualkit as qk

    t = Transcript.from_turns("t1", [Turn("P01", "Hackers worry me. And selling it on.", section="Risks"),
                                     Turn("P02", "Selling it is the worst."),
                                     Turn("P03", "It would help my GP.")], group="FG1", session=1)
    p = qk.Project.in_memory()
    p.add_corpus(Corpus([t]))
    p.set_codebook(qk.Codebook([
        {"id": "risks", "name": "Risks"},
        {"id": "breaches", "name": "Breaches", "parent": "risks"},
        {"id": "breaches_hack", "name": "Hacking", "parent": "breaches"},
        {"id": "commercial", "name": "Commercial use", "parent": "risks"},
        {"id": "benefits", "name": "Benefits"}]))
    u = t.utterances
    p.code("A", "t1", int(u.start[0]), int(u.end[0]), "breaches_hack")
    p.code("B", "t1", int(u.start[0]), int(u.end[0]), "breaches")
    p.code("A", "t1", int(u.start[1]), int(u.end[1]), "commercial")
    p.code("B", "t1", int(u.start[1]), int(u.end[1]), "commercial")
    return p


def test_compare_project_rolls_codes_up_to_themes(small_project):
    rep = compare_coders(small_project, ("A", "B"), level=1)
    got = rep.by_code.set_index("code_id")
    assert list(got.index) == ["breaches", "commercial"]
    assert got.loc["breaches", ["both", "a_only", "b_only", "neither"]].tolist() == [1, 0, 0, 2]
    assert got.loc["breaches", "code_name"] == "Breaches"
    # at code level the sub-code and its parent disagree, and unused codes are reported
    raw = compare_coders(small_project, ("A", "B")).by_code.set_index("code_id")
    assert raw.loc["breaches_hack", "note"] == "coder B never applied the code"
    assert raw.loc["benefits", "note"] == "no variance: neither coder applied the code"
    assert np.isnan(raw.loc["benefits", "kappa"])


def test_reconcile_stores_consensus_with_provenance(small_project):
    rec = reconcile(small_project, ("A", "B"), rule="intersection", who="lead")
    stored = small_project.codings(coder="consensus")
    assert len(stored) == len(rec.codings) == 1
    assert stored.iloc[0]["code_id"] == "commercial"
    assert stored.iloc[0]["provenance"] == "reconciled (intersection) from A and B: agreed"


def test_compare_character_adds_unitizing_alpha(thousand_chars):
    from qualkit.agreement import unitizing_alpha

    codings = pd.DataFrame([("A", "src", 0, 125, "c"), ("B", "src", 75, 200, "c"),
                            ("A", "src", 500, 600, "c"), ("B", "src", 500, 600, "c")],
                           columns=COLS)
    row = compare_coders(codings, ("A", "B"), unit="character",
                         corpus=thousand_chars).by_code.iloc[0]
    direct = unitizing_alpha(codings.rename(columns={"code_id": "category"}), length=1000)
    assert row.u_alpha == pytest.approx(direct["alpha"].iloc[0], abs=1e-12)
    assert -1 < row.u_alpha < 1


def test_compare_character_reports_alpha_family_per_domain(small_project):
    rep = compare_coders(small_project, ("A", "B"), unit="character")
    fam = rep.unitizing.set_index(["domain", "coefficient", "category"])["alpha"]
    # domain "risks": both coders mark the same two utterances (36 and 24 characters);
    # they differ on the code of the first. By hand: 120 coincidences, 72 off the
    # diagonal; self-pairing 36^2 twice and 24^2 twice leaves expected
    # commercial/commercial 120 * (48^2 - 2 * 24^2) / (120^2 - 2 * 36^2 - 2 * 24^2).
    e_cc = 120 * (48 ** 2 - 2 * 24 ** 2) / (120 ** 2 - 2 * 36 ** 2 - 2 * 24 ** 2)
    want_cu = 1 - (72 / 120) / ((120 - e_cc) / 120)
    assert fam[("risks", "cu_alpha", None)] == pytest.approx(want_cu, abs=1e-12)
    assert fam[("risks", "|u_alpha", None)] == pytest.approx(1.0)
    assert fam[("risks", "(k)u_alpha", "commercial")] == pytest.approx(1.0)
    assert fam[("risks", "(k)u_alpha", "breaches_hack")] == pytest.approx(0.0)
    # across domains every marked stretch is "risks" for both: Cu-alpha has no variance
    assert np.isnan(fam[("(all domains)", "Cu_alpha", None)])
    by_code = rep.by_code.set_index("code_id")
    assert by_code.loc["commercial", "ku_alpha"] == pytest.approx(1.0)
    assert rep.unitizing["note"].eq("").all()


def test_compare_character_alpha_family_notes_overlapping_codes(thousand_chars):
    codings = pd.DataFrame([("A", "src", 0, 100, "x"), ("A", "src", 50, 150, "y"),
                            ("B", "src", 0, 100, "x"), ("B", "src", 100, 150, "y")],
                           columns=COLS)
    rep = compare_coders(codings, ("A", "B"), unit="character", corpus=thousand_chars)
    fam = rep.unitizing
    assert set(fam["domain"]) == {"(all codes)"}   # no codebook: one domain
    assert fam["note"].str.contains(r"coder 'A' marked 1 stretch\(es\).*transcript 'src' \[50, 100\)").all()


@pytest.fixture
def stance_project():
    import qualkit as qk

    turns = [Turn(f"P{i:02d}", f"Turn {i} has a view on data sharing.") for i in range(1, 11)]
    t = Transcript.from_turns("t1", turns)
    p = qk.Project.in_memory()
    p.add_corpus(Corpus([t]))
    p.set_codebook(qk.Codebook([
        {"id": "stance", "name": "Stance"},
        {"id": "for", "name": "For", "parent": "stance"},
        {"id": "against", "name": "Against", "parent": "stance"},
        {"id": "unsure", "name": "Unsure", "parent": "stance"},
        {"id": "trust", "name": "Trust"}]))
    u = t.utterances
    a = ["for", "for", "against", "against", "unsure", None, "for", "against", None, "unsure"]
    b = ["for", "against", "against", "against", "unsure", None, "for", None, "unsure", "unsure"]
    for coder, labels in (("A", a), ("B", b)):
        for i, code in enumerate(labels):
            if code:
                p.code(coder, "t1", int(u.start[i]), int(u.end[i]), code)
    p.code("A", "t1", int(u.start[0]), int(u.end[0]), "trust")
    p.code("B", "t1", int(u.start[0]), int(u.end[0]), "trust")
    p.code("B", "t1", int(u.start[1]), int(u.end[1]), "trust")
    return p, a, b


def test_compare_by_category_per_domain_kappas(stance_project):
    from qualkit import agreement

    project, a, b = stance_project
    rep = compare_coders(project, ("A", "B"))
    cat = rep.by_category
    assert list(cat.columns) == ["domain", "category", "n_units", "share", "kappa", "se",
                                 "ci_low", "ci_high", "p_value", "cohen_kappa",
                                 "interpretation", "note"]
    stance = cat[cat.domain == "stance"].set_index("category")
    labels = ["against", "for", "unsure", "(none)"]
    ra = [x or "(none)" for x in a]
    rb = [x or "(none)" for x in b]
    # per category: Fleiss' (1971) kappa, as irr's kappam.fleiss(detail=TRUE) defines it
    expected = agreement.category_kappa([ra, rb], categories=labels).set_index("category")
    for c in labels:
        assert stance.loc[c, "kappa"] == pytest.approx(expected.loc[c, "kappa"], abs=1e-12)
        assert stance.loc[c, "se"] == pytest.approx(expected.loc[c, "se"], abs=1e-12)
    # for two coders it is the code's Scott's pi in by_code
    pi = rep.by_code.set_index("code_id")["pi"]
    for c in ("against", "for", "unsure"):
        assert stance.loc[c, "kappa"] == pytest.approx(pi[c], abs=1e-12)
    # the domain: one code per unit from each coder, so its kappa applies
    whole = stance.loc["(all categories)"]
    assert whole["kappa"] == pytest.approx(agreement.fleiss_kappa([ra, rb]), abs=1e-12)
    assert whole["cohen_kappa"] == pytest.approx(agreement.cohen_kappa(ra, rb), abs=1e-12)
    assert whole["interpretation"].endswith("(Landis & Koch 1977, 95% benchmark)")
    assert whole["note"] == "" and (stance["n_units"] == 10).all()


def test_compare_by_category_multi_code_units(stance_project):
    project, a, b = stance_project
    u = project.corpus.utterances
    project.code("A", "t1", int(u.start[0]), int(u.end[0]), "unsure")  # unit 1: for + unsure
    rep = compare_coders(project, ("A", "B"))
    stance = rep.by_category[rep.by_category.domain == "stance"].set_index("category")
    whole = stance.loc["(all categories)"]
    assert np.isnan(whole["kappa"]) and np.isnan(whole["cohen_kappa"])
    assert whole["note"].startswith("1 unit(s) carry two or more of the domain's codes")
    # each code is still judged present or absent: per-category kappa applies
    pi = rep.by_code.set_index("code_id")["pi"]
    assert stance.loc["unsure", "kappa"] == pytest.approx(pi["unsure"], abs=1e-12)
    assert rep.by_category[rep.by_category.domain == "trust"].shape[0] == 3  # trust, none, all


def test_compare_by_category_is_empty_at_character_units(thousand_chars):
    codings = pd.DataFrame([("A", "src", 0, 125, "c"), ("B", "src", 75, 200, "c")], columns=COLS)
    rep = compare_coders(codings, ("A", "B"), unit="character", corpus=thousand_chars)
    assert rep.by_category.empty


def test_compare_bootstrap_interval_sits_beside_the_analytic_one(stance_project):
    project, _, _ = stance_project
    by_code = compare_coders(project, ("A", "B"), ci=True, n_boot=50).by_code
    for col in ("se", "ci_low", "ci_high", "p_value", "alpha_se", "boot_ci_low",
                "boot_ci_high"):
        assert col in by_code
    ok = by_code.dropna(subset=["se"])
    assert ((ok.ci_low <= ok.kappa + 1e-12) & (ok.kappa <= ok.ci_high + 1e-12)).all()
