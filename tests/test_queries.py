"""Queries on small hand-built projects: every cell checked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from qualkit.corpus import Corpus, Transcript, Turn
from qualkit.errors import InvalidParameterError, QualkitWarning
from qualkit.queries import (
    _adjust, cooccurrence, matrix_coding, plot_cooccurrence, plot_matrix_coding,
    presence_matrix, quote_table, suppress_small_cells,
)

COLS = ["coder", "transcript_id", "start", "end", "code_id"]


@pytest.fixture
def corpus():
    t1 = Transcript.from_turns("t1", [
        Turn("Facilitator", "What do you think?", section="Risks"),
        Turn("P01", "Hackers worry me. And selling it on."),
        Turn("P02", "Selling it is the worst part."),
    ], group="FG1", session=1)
    t2 = Transcript.from_turns("t2", [
        Turn("P03", "Hackers could get in.", section="Risks"),
        Turn("P04", "I trust the NHS with it."),
    ], group="FG2", session=1)
    parts = pd.DataFrame({"participant_id": ["P01", "P02", "P03", "P04"],
                          "county": ["Kent", "Surrey", "Kent", "Sussex"]})
    return Corpus([t1, t2], parts)


def _u(corpus, tid, i):
    u = corpus[tid].utterances.iloc[i]
    return int(u.start), int(u.end)


@pytest.fixture
def codings(corpus):
    rows = [
        ("A", "t1", *_u(corpus, "t1", 1), "breaches"),
        ("A", "t1", *_u(corpus, "t1", 1), "commercial"),
        ("A", "t1", *_u(corpus, "t1", 2), "commercial"),
        ("A", "t2", *_u(corpus, "t2", 0), "breaches"),
        ("A", "t2", *_u(corpus, "t2", 1), "trust"),
        ("B", "t2", *_u(corpus, "t2", 1), "breaches"),
    ]
    return pd.DataFrame(rows, columns=COLS)


def test_queries_cooccurrence_counts_units_with_both_codes(codings, corpus):
    m = cooccurrence(codings, coder="A", corpus=corpus)
    assert list(m.index) == ["breaches", "commercial", "trust"]
    assert m.to_numpy().tolist() == [[2, 1, 0], [1, 2, 0], [0, 0, 1]]
    assert (m.to_numpy() == m.to_numpy().T).all()


def test_queries_cooccurrence_pools_coders_counting_a_unit_once(codings, corpus):
    m = cooccurrence(codings, corpus=corpus)
    # t2 utterance 1 carries trust (A) and breaches (B)
    assert m.loc["breaches", "breaches"] == 3 and m.loc["breaches", "trust"] == 1


@pytest.mark.parametrize("normalise,expected", [("jaccard", 1 / 3), ("row", 0.5)])
def test_queries_cooccurrence_normalised(codings, corpus, normalise, expected):
    m = cooccurrence(codings, coder="A", corpus=corpus, normalise=normalise)
    assert m.loc["breaches", "commercial"] == pytest.approx(expected)
    assert m.loc["trust", "trust"] == pytest.approx(1.0)


def test_queries_cooccurrence_overlap_counts_coding_pairs(codings, corpus):
    m = cooccurrence(codings, coder="A", corpus=corpus, unit="overlap")
    assert m.loc["breaches", "commercial"] == 1
    assert m.loc["commercial", "commercial"] == 2


def test_queries_cooccurrence_significance_is_hypergeometric(codings, corpus):
    from scipy.stats import hypergeom

    sig = cooccurrence(codings, coder="A", corpus=corpus, significance=True)
    row = sig[(sig.code_a == "breaches") & (sig.code_b == "commercial")].iloc[0]
    n_units = len(corpus.utterances)
    assert row.n_units == n_units == 5
    assert row.p_value == pytest.approx(hypergeom.sf(0, 5, 2, 2))
    assert row.correction == "Holm"
    assert (sig.p_adjusted >= sig.p_value).all()


def test_queries_adjust_matches_statsmodels():
    from statsmodels.stats.multitest import multipletests

    p = np.array([0.01, 0.2, 0.03, 0.04, 0.5, 0.001])
    for ours, theirs in (("holm", "holm"), ("fdr_bh", "fdr_bh")):
        np.testing.assert_allclose(_adjust(p, ours), multipletests(p, method=theirs)[1],
                                   atol=1e-12)


def test_queries_presence_matrix_diagonal_equals_cooccurrence(codings, corpus):
    pm = presence_matrix(codings, coder="A", corpus=corpus)
    assert len(pm) == 5
    assert pm[["breaches", "commercial", "trust"]].sum().tolist() == [2, 2, 1]
    assert pm.loc[pm.speaker == "P01", "county"].item() == "Kent"
    m = cooccurrence(codings, coder="A", corpus=corpus)
    assert np.diag(m).tolist() == pm[list(m.columns)].sum().tolist()


@pytest.mark.parametrize("count,expected", [
    ("units", {("breaches", "Kent"): 2, ("commercial", "Kent"): 1, ("commercial", "Surrey"): 1,
               ("trust", "Sussex"): 1}),
    ("participants", {("breaches", "Kent"): 2, ("commercial", "Kent"): 1,
                      ("commercial", "Surrey"): 1, ("trust", "Sussex"): 1}),
    ("groups", {("breaches", "Kent"): 2, ("commercial", "Kent"): 1, ("commercial", "Surrey"): 1,
                ("trust", "Sussex"): 1}),
])
def test_queries_matrix_coding_by_attribute(codings, corpus, count, expected):
    mc = matrix_coding(codings, by="county", coder="A", corpus=corpus, count=count)
    got = {(c, v): int(mc.loc[c, v]) for c in mc.index for v in mc.columns if mc.loc[c, v]}
    assert got == expected
    # each unit has one county: row totals equal the code's units
    if count == "units":
        pm = presence_matrix(codings, coder="A", corpus=corpus)
        assert mc.sum(axis=1).tolist() == pm[list(mc.index)].sum().tolist()


def test_queries_matrix_coding_characters_and_two_columns(codings, corpus):
    mc = matrix_coding(codings, by=["group", "section"], coder="A", corpus=corpus,
                       count="characters")
    s, e = _u(corpus, "t2", 1)
    assert mc.loc["trust", ("FG2", "Risks")] == e - s
    with pytest.raises(InvalidParameterError, match="county"):
        matrix_coding(codings, by="shoe_size", corpus=corpus)


def test_queries_quote_table_one_row_per_coding(codings, corpus):
    qt = quote_table(codings, corpus=corpus, allow_identifiers=True, attributes=["county"], k=1)
    assert len(qt) == len(codings)
    first = qt.iloc[0]
    assert first.quote == "Hackers worry me. And selling it on."
    assert (first.speaker, first.group, first.section, first.county) == ("P01", "FG1", "Risks", "Kent")


def test_queries_suppress_small_cells_counts_what_it_hid():
    t = pd.DataFrame({"a": [0, 1, 4, 5]})
    out = suppress_small_cells(t, 5)
    assert out["a"].isna().tolist() == [False, True, True, False]
    assert out.attrs["suppressed"] == 2


def test_queries_reject_unknown_coder(codings, corpus):
    with pytest.raises(InvalidParameterError, match="one of the coders"):
        cooccurrence(codings, coder="Z", corpus=corpus)


def test_queries_plots_return_axes(codings, corpus):
    ax = plot_cooccurrence(cooccurrence(codings, coder="A", corpus=corpus))
    assert ax.get_title() == "Co-occurrence of codes: utterances coded with both"
    ax = plot_cooccurrence(cooccurrence(codings, coder="A", corpus=corpus, normalise="jaccard"),
                           title="Overlap")
    assert ax.get_title() == "Overlap"
    assert ax.figure.axes[-1].get_ylabel().startswith("Jaccard index")
    ax2 = plot_matrix_coding(matrix_coding(codings, by="county", coder="A", corpus=corpus))
    assert len(ax2.get_xticklabels()) == 3
    assert ax2.get_title() == "Codes by county: coded utterances"
    assert (ax2.get_xlabel(), ax2.get_ylabel()) == ("County", "Code")


@pytest.fixture(scope="module")
def synthetic_project():
    import qualkit as qk
    from qualkit.datasets import synthetic_codebook_path, synthetic_path

    p = qk.Project.in_memory()
    p.add_corpus(qk.read_transcripts(synthetic_path()))
    p.set_codebook(qk.Codebook.read(synthetic_codebook_path()))
    p.import_codings(synthetic_path() / "codings_KS.csv")
    return p


def test_queries_consistent_on_the_synthetic_project(synthetic_project):
    p = synthetic_project
    m = cooccurrence(p, coder="KS", level=1)
    assert (m.to_numpy() == m.to_numpy().T).all()
    pm = presence_matrix(p, coder="KS", level=1)
    assert np.diag(m).tolist() == pm[list(m.columns)].sum().tolist()
    with pytest.warns(QualkitWarning, match="W501"):  # 4 rare combinations
        qt = quote_table(p, coder="KS", attributes=["county", "willing_before"])
    assert len(qt) == len(p.codings(coder="KS"))
    assert {"level_0", "level_1", "county", "willing_before"} <= set(qt.columns)
    # every unit has one county (participant turns), so row totals equal the code's units
    part = presence_matrix(p, coder="KS", level=1)
    part = part[part.role == "participant"]
    mc = matrix_coding(p, by="county", coder="KS", level=1)
    assert mc.sum(axis=1).to_dict() == part[list(mc.index)].sum().to_dict()
