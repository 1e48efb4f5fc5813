"""The public surface is deliberate: ``qk.__all__`` equals the checked-in list, and the
names DESIGN.md promises exist with their documented shapes."""

from __future__ import annotations

import inspect

import qualkit as qk

PUBLIC = sorted([
    "__version__", "Corpus", "Transcript", "Turn", "Code", "Codebook", "Project",
    "read_transcript", "read_transcripts", "read_participants", "word_frequencies", "kwic",
    "sentences", "read_qdpx", "write_qdpx", "suggest_themes", "evaluate_themes", "ThemeSearch",
    "load_framework", "map_themes", "report", "theme_table", "principle_table",
    "participant_table", "compare_coders", "reconcile", "cooccurrence", "matrix_coding",
    "quote_table", "presence_matrix", "agreement", "widgets", "scan_identifiers", "redact",
    "check_export",
])

CONTRACT_AGREEMENT = ["percent_agreement", "cohen_kappa", "scott_pi", "fleiss_kappa", "gwet_ac1",
                      "brennan_prediger", "krippendorff_alpha"]


def test_api_all_matches_the_checked_in_list():
    assert sorted(qk.__all__) == PUBLIC
    for name in qk.__all__:
        assert hasattr(qk, name), name


def test_api_every_public_name_is_documented():
    for name in qk.__all__:
        obj = getattr(qk, name)
        if name.startswith("__"):
            continue
        doc = inspect.getdoc(obj)
        assert doc and doc.strip().splitlines()[0], f"qk.{name} has no docstring"


def test_api_agreement_contract():
    from qualkit import agreement

    for name in CONTRACT_AGREEMENT:
        assert callable(getattr(agreement, name))
    sig = inspect.signature(agreement.cohen_kappa)
    assert list(sig.parameters)[:3] == ["a", "b", "weights"]
    assert inspect.signature(agreement.krippendorff_alpha).parameters["level"].default == "nominal"


def test_api_project_contract_methods():
    for name in ("open", "add_corpus", "set_codebook", "code", "codings"):
        assert callable(getattr(qk.Project, name))
    assert isinstance(inspect.getattr_static(qk.Project, "corpus"), property)
    assert isinstance(inspect.getattr_static(qk.Project, "codebook"), property)


def test_api_cli_entry_point_returns_an_exit_code():
    from qualkit.cli import main

    assert main(["--version"]) == 0
