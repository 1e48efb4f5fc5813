"""Reconciler: two coders side by side, decisions written as the consensus coder."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qualkit import Codebook, Corpus, Project, Transcript, Turn, reconcile
from qualkit.errors import InvalidParameterError, ProjectError
from qualkit.widgets import Reconciler

CODES = [{"id": "sell", "name": "Selling data"}, {"id": "time", "name": "Saving time"},
         {"id": "trust", "name": "Trust"}]


@pytest.fixture
def project(tmp_path):
    t = Transcript.from_turns("t1", [
        Turn("Facilitator", "What do you think?"),
        Turn("P01", "Selling our records is wrong. I would not trust them."),
        Turn("P02", "It could save GPs time, and nurses too."),
        Turn("P03", "Trust has to be earned first."),
    ])
    p = Project.create(tmp_path / "r.qkproj")
    p.add_corpus(Corpus([t]))
    p.set_codebook(Codebook(CODES))
    text = t.text

    def at(phrase):
        s = text.index(phrase)
        return s, s + len(phrase)
    # P01: both coded "Selling ... wrong." as sell; KS also "I would not trust them." as trust
    p.code("KS", "t1", *at("Selling our records is wrong."), "sell")
    p.code("KG", "t1", *at("Selling our records is wrong."), "sell")
    p.code("KS", "t1", *at("I would not trust them."), "trust")
    # P02: KS coded the whole turn as time, KG only "save GPs time"
    p.code("KS", "t1", *at("It could save GPs time, and nurses too."), "time")
    p.code("KG", "t1", *at("save GPs time"), "time")
    # P03: KS trust, KG sell on the same words
    p.code("KS", "t1", *at("Trust has to be earned first."), "trust")
    p.code("KG", "t1", *at("Trust has to be earned first."), "sell")
    yield p, text
    p.close()


def test_reconciler_character_items_with_their_text(project):
    p, text = project
    rec = Reconciler(p, coders=("KS", "KG"), show_agreements=True)
    it = rec.items
    assert list(it["kind"]) == ["agree", "differ", "differ", "differ"]
    assert list(it["text"]) == ["Selling our records is wrong.", "I would not trust them.",
                                "It could save GPs time, and nurses too.",
                                "Trust has to be earned first."]
    assert it.loc[1, "codes_a"] == ["trust"] and it.loc[1, "codes_b"] == []
    assert it.loc[2, "codes_a"] == ["time"] and it.loc[2, "codes_b"] == ["time"]
    assert it.loc[2, "codes_both"] == ["time"]
    assert it.loc[3, "codes_a"] == ["trust"] and it.loc[3, "codes_b"] == ["sell"]
    assert set(it["status"]) == {"to keep", "pending"}
    # the pieces of the P02 item: agreed "save GPs time", KS alone on either side of it
    p2 = rec.pieces[rec.pieces["item"] == 2]
    assert [(text[s:e], side) for s, e, side in zip(p2["start"], p2["end"], p2["side"])] == [
        ("It could ", "KS"), ("save GPs time", "agreed"), (", and nurses too.", "KS")]
    s = rec.summary()
    assert (s["differences"], s["pending"], s["agreements"], s["agreements_kept"]) == (3, 3, 2, 0)
    agreed = len("Selling our records is wrong.") + len("save GPs time")
    total = (agreed + len("I would not trust them.") + len("It could ") + len(", and nurses too.")
             + 2 * len("Trust has to be earned first."))
    assert s["share_agreed"] == pytest.approx(agreed / total)


def test_reconciler_decisions_write_the_consensus_with_provenance(project):
    p, text = project
    rec = Reconciler(p, coders=("KS", "KG"), show_agreements=True)
    assert rec.keep_agreements() != []
    rec.decide(1, "KG")            # KG coded nothing there: nothing written, a memo says so
    rec.decide(2, "both")
    rec.decide(3, "KS")
    c = p.codings(coder="consensus")
    got = [(text[s:e], code, prov) for s, e, code, prov in
           zip(c["start"], c["end"], c["code_id"], c["provenance"])]
    assert got == [
        ("Selling our records is wrong.", "sell", "reconciled (manual) from KS and KG: agreed"),
        ("save GPs time", "time", "reconciled (manual) from KS and KG: agreed"),
        ("It could ", "time", "reconciled (manual: both) from KS and KG: only KS"),
        (", and nurses too.", "time", "reconciled (manual: both) from KS and KG: only KS"),
        ("Trust has to be earned first.", "trust",
         "reconciled (manual: KS) from KS and KG: only KS"),
    ]
    assert list(rec.items["status"]) == ["kept", "KG", "both", "KS"]
    memo = p.memos("transcript")
    assert list(memo["text"]) == [
        f"Reconciliation of KS and KG at [{rec.items.loc[1, 'start']}, "
        f"{rec.items.loc[1, 'end']}): KG."]
    # a change of mind replaces the earlier decision
    rec.decide(3, "KG")
    c = p.codings(coder="consensus")
    assert list(c["code_id"]) == ["sell", "time", "time", "time", "sell"]
    assert rec.items.loc[3, "status"] == "KG"
    rec.decide(3, "neither")
    assert list(p.codings(coder="consensus")["code_id"]) == ["sell", "time", "time", "time"]
    assert rec.items.loc[3, "status"] == "neither"
    # a new reconciler reads every decision back from the file
    again = Reconciler(p, coders=("KS", "KG"), show_agreements=True)
    assert list(again.items["status"]) == ["kept", "KG", "both", "neither"]
    assert again.summary()["pending"] == 0
    log = p.audit_log()
    assert (log["who"] == "consensus").sum() >= 5


def test_reconciler_unit_by_unit(project):
    p, text = project
    rec = Reconciler(p, coders=("KS", "KG"), unit="utterance", show_agreements=True)
    it = rec.items
    # P01 differs (KS also trust), P02 agrees (both time), P03 differs (trust vs sell)
    assert list(it["kind"]) == ["differ", "agree", "differ"]
    assert it.loc[0, "codes_a"] == ["sell", "trust"] and it.loc[0, "codes_b"] == ["sell"]
    assert it.loc[1, "text"] == "It could save GPs time, and nurses too."
    rec.keep_agreements()
    rec.decide(0, "KS")
    rec.decide(2, "both")
    c = p.codings(coder="consensus")
    got = sorted((text[s:e], code) for s, e, code in zip(c["start"], c["end"], c["code_id"]))
    assert got == sorted([("Selling our records is wrong.", "sell"),
                          ("It could save GPs time, and nurses too.", "time"),
                          ("I would not trust them.", "trust"),
                          ("Trust has to be earned first.", "trust"),
                          ("Trust has to be earned first.", "sell")])
    s = rec.summary()
    assert s["share_agreed"] == pytest.approx(1 / 3) and s["pending"] == 0


def test_reconciler_same_store_as_reconcile(project):
    """Deciding 'both' everywhere and keeping the agreements equals reconcile(rule='union')."""
    p, _ = project
    union = reconcile(p, ("KS", "KG"), rule="union", store=False).codings
    rec = Reconciler(p, coders=("KS", "KG"))
    rec.keep_agreements()
    for k in rec.items[rec.items["kind"] == "differ"]["item"]:
        rec.decide(int(k), "both")
    mine = p.codings(coder="consensus")
    key = ["transcript_id", "code_id", "start", "end"]
    assert (mine[key].sort_values(key).values.tolist()
            == union[key].sort_values(key).values.tolist())
    # and what reconcile(rule="union") stores reads as decided: each side kept
    reconcile(p, ("KS", "KG"), rule="union", consensus="union_run")
    other = Reconciler(p, coders=("KS", "KG"), consensus="union_run", show_agreements=True)
    assert list(other.items["status"]) == ["kept", "KS", "KS", "both"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["KS", "KG"]), st.integers(0, 60), st.integers(1, 20),
                          st.sampled_from(["sell", "time"])), min_size=1, max_size=10),
       st.data())
def test_reconciler_choices_equal_the_rules(spans, data):
    """Choosing a side everywhere equals reconcile(rule='prefer:<side>'), 'neither' 'intersection'."""
    t = Transcript.from_turns("t", [Turn("P01", "x" * 90)])
    p = Project.in_memory()
    p.add_corpus(Corpus([t]))
    p.set_codebook(Codebook(CODES))
    n = len(t.text)
    for coder, s, k, code in spans:
        s = min(s, n - 1)
        p.code(coder, "t", s, min(n, s + k), code)
    if len(set(c for c, *_ in spans)) < 2:
        p.code("KG" if spans[0][0] == "KS" else "KS", "t", 0, 1, "trust")
    choice = data.draw(st.sampled_from(["KS", "KG", "neither", "both"]))
    rule = {"KS": "prefer:KS", "KG": "prefer:KG", "neither": "intersection",
            "both": "union"}[choice]
    want = reconcile(p, ("KS", "KG"), rule=rule, store=False).codings
    rec = Reconciler(p, coders=("KS", "KG"))
    rec.keep_agreements()
    for k in rec.items[rec.items["kind"] == "differ"]["item"]:
        rec.decide(int(k), choice)
    got = p.codings(coder="consensus")
    key = ["code_id", "start", "end"]
    assert (got[key].sort_values(key).values.tolist()
            == want[key].sort_values(key).values.tolist())


def test_reconciler_keys_and_messages(project):
    p, _ = project
    rec = Reconciler(p, coders=("KS", "KG"))
    assert rec.current == 1 and rec.widget.current == 1          # first pending difference
    assert [r["item"] for r in rec.widget.items] == [1, 2, 3]
    rec._on_msg(rec.widget, {"type": "decide", "choice": "1"}, [])  # the key 1: KS
    assert rec.items.loc[1, "status"] == "KS" and rec.current == 2  # moved on
    rec._on_msg(rec.widget, {"type": "decide", "choice": "neither"}, [])
    assert rec.items.loc[2, "status"] == "neither" and rec.current == 3
    rec._on_msg(rec.widget, {"type": "move", "step": -1}, [])
    assert rec.current == 2
    rec._on_msg(rec.widget, {"type": "show_agreements", "show": True}, [])
    assert [r["item"] for r in rec.widget.items] == [0, 1, 2, 3]
    rec._on_msg(rec.widget, {"type": "keep_agreements"}, [])
    assert rec.items.loc[0, "status"] == "kept"
    rec._on_msg(rec.widget, {"type": "decide", "item": 3, "choice": "nonsense"}, [])
    assert "Q001" in rec.widget.error or "nonsense" in rec.widget.error
    row = rec.widget.items[1]
    assert row["mark"] == [["I would not trust them.", "differ"]]
    assert row["before"].endswith("wrong. ")
    p02 = rec.widget.items[2]["mark"]
    assert p02 == [["It could ", "differ"], ["save GPs time", "agree"],
                   [", and nurses too.", "differ"]]
    assert [c["name"] for c in row["a"]] == ["Trust"] and row["b"] == []
    assert rec.widget.summary["decided"] == 2


def test_reconciler_errors(project):
    p, _ = project
    with pytest.raises(InvalidParameterError):
        Reconciler(p, coders=("KS",))
    with pytest.raises(ProjectError, match="Q903"):
        Reconciler(p, coders=("KS", "XX"))
    with pytest.raises(InvalidParameterError):
        Reconciler(p, coders=("KS", "KG"), consensus="KS")
    with pytest.raises(ProjectError, match="Q204"):
        Reconciler(p, coders=("KS", "KG"), transcript_id="t9")
    with pytest.raises(InvalidParameterError):
        Reconciler(p, coders=("KS", "KG"), unit="sentence")
    rec = Reconciler(p, coders=("KS", "KG"))
    with pytest.raises(InvalidParameterError, match="Q903"):
        rec.decide(99, "KS")


def test_reconciler_reopens_a_closed_project(project, tmp_path):
    p, _ = project
    rec = Reconciler(p, coders=("KS", "KG"))
    p.close()
    rec._on_msg(rec.widget, {"type": "decide", "choice": "1"}, [])
    assert rec.widget.error == ""
    again = Project.open(tmp_path / "r.qkproj")
    assert len(again.codings(coder="consensus")) == 1
    again.close()
    rec.project.close()


def test_reconciler_refresh_reads_new_codings(project):
    p, text = project
    rec = Reconciler(p, coders=("KS", "KG"))
    n = len(rec.items)
    s = text.index("nurses")
    p.code("KG", "t1", s, s + len("nurses"), "trust")
    rec.refresh()
    assert len(rec.items) == n and "trust" in rec.items.loc[2, "codes_b"]
    assert rec.widget.items[1]["b"][-1]["name"] == "Trust"


def test_reconciler_change_of_mind_is_one_transaction(project, monkeypatch):
    """A new decision writes the new consensus and removes the old one together, or neither."""
    p, _ = project
    rec = Reconciler(p, coders=("KS", "KG"))
    rec.decide(3, "KS")
    before = p.codings()[["coding_id", "coder", "start", "end", "code_id"]]
    audit = len(p.audit_log())

    def fail(*a, **k):
        raise OSError("disk gone")

    monkeypatch.setattr(p, "uncode", fail)  # the new coding is written, then this fails
    with pytest.raises(OSError):
        rec.decide(3, "KG")
    monkeypatch.undo()
    assert p.codings()[["coding_id", "coder", "start", "end", "code_id"]].equals(before)
    assert len(p.audit_log()) == audit and p.verify_audit().ok
