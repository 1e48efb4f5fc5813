"""A project file meant to be shared: every text it holds is scanned first (#16 item 1)."""

from __future__ import annotations

import pandas as pd
import pytest

import qualkit as qk
from qualkit.cli import main
from qualkit.errors import IdentifierFoundError
from qualkit.privacy._share import check_project_file, project_texts

PHONE = "07700 900123"


def _project(path, tmp_path, *, speech="I would want to be asked first.", speaker="P01",
             attrs=None, definition="Being asked before data are used.", memo=None):
    src = tmp_path / "fg1.txt"
    src.write_text(f"Facilitator: What matters to you here?\n{speaker}: {speech}\n",
                   encoding="utf-8")
    parts = None if attrs is None else pd.DataFrame([{"participant_id": speaker, **attrs}])
    corpus = qk.read_transcripts([src], participants=parts)
    p = qk.Project.create(path)
    p.add_corpus(corpus)
    p.set_codebook(qk.Codebook.from_table(pd.DataFrame(
        [{"id": "consent", "name": "Consent", "definition": definition}])))
    t = p.corpus.transcripts[0]
    start = t.text.index(speech)
    p.code("KS", t.id, start, start + len(speech), "consent", memo=memo)
    return p


def test_clean_project_is_shared_whole(tmp_path):
    p = _project(tmp_path / "a.qkproj", tmp_path)
    dest = p.share(tmp_path / "shared.qkproj")
    with qk.Project.open(dest, read_only=True) as copy:
        assert copy.codings()[["start", "end", "code_id"]].equals(
            p.codings()[["start", "end", "code_id"]])
        assert copy.verify_audit()
    cols = set(project_texts(dest)["column"])
    # every kind of text the project holds is read by the scan
    assert {"transcripts.text", "utterances.speaker", "codes.definition", "codings.coder",
            "audit.after"} <= cols


@pytest.mark.parametrize("where, table", [
    ("speech", "transcripts"), ("speaker", "utterances"), ("attrs", "participants"),
    ("definition", "codes"), ("memo", "codings")])
def test_an_identifier_anywhere_refuses_the_copy(tmp_path, where, table):
    kwargs = {"speech": f"Ring me on {PHONE} if you need to.", "speaker": "Mr Donald Whitfield",
              "attrs": {"phone": PHONE}, "definition": f"Call {PHONE} for queries.",
              "memo": f"Her number is {PHONE}."}
    p = _project(tmp_path / "a.qkproj", tmp_path, **{where: kwargs[where]})
    dest = tmp_path / "out" / "shared.qkproj"
    dest.parent.mkdir()
    with pytest.raises(IdentifierFoundError) as e:
        p.share(dest)
    msg = str(e.value)
    assert "[Q501] share:" in msg and f"table {table}" in msg
    assert PHONE not in msg and "Whitfield" not in msg  # places, never the text
    assert list(dest.parent.iterdir()) == []  # no copy and no partial file left
    # allowed on purpose, the copy is written, and the findings are returned by the check
    p.share(dest, allow_identifiers=True)
    assert len(check_project_file(dest, allow_identifiers=True)) >= 1


def test_cli_backup_share(tmp_path, capsys):
    p = _project(tmp_path / "a.qkproj", tmp_path, memo=f"Her number is {PHONE}.")
    p.close()
    src, dest = str(tmp_path / "a.qkproj"), str(tmp_path / "b.qkproj")
    assert main(["backup", src, dest, "--share"]) != 0
    err = capsys.readouterr().err
    assert "Q501" in err and PHONE not in err
    assert not (tmp_path / "b.qkproj").exists()
    assert main(["backup", src, dest]) == 0  # a plain backup is not a share
    assert main(["backup", src, str(tmp_path / "c.qkproj"), "--share",
                 "--allow-identifiers"]) == 0
