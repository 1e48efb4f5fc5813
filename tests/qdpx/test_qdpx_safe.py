"""Hostile archives and XML are refused with UnsafeArchiveError / QdpxError (messages Q4xx)."""

from __future__ import annotations

import zipfile

import pytest

import qualkit as qk
from qualkit.errors import QdpxError, UnsafeArchiveError
from qualkit.io._safe import SafeArchive

QDE = '<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>'


def _zip(path, members):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("member, problem", [
    ("../evil.txt", "escapes the archive"),
    ("sources/../../evil.txt", "escapes the archive"),
    ("/etc/passwd", "absolute path"),
    ("C:/Windows/evil.txt", "drive letter"),
    ("..\\evil.txt", "escapes the archive"),
])
def test_qdpx_safe_rejects_zip_slip(tmp_path, member, problem):
    path = _zip(tmp_path / "slip.qdpx", {"project.qde": QDE, member: b"x"})
    with pytest.raises(UnsafeArchiveError, match=rf"\[Q401\] .*slip.qdpx: member .*{problem}"):
        qk.read_qdpx(path)


def test_qdpx_safe_rejects_decompression_bomb(tmp_path):
    path = _zip(tmp_path / "bomb.qdpx", {"project.qde": QDE,
                                         "sources/a.txt": b"\0" * (20 * 1024 * 1024)})
    with pytest.raises(UnsafeArchiveError, match=r"\[Q403\] .*bomb.qdpx: member 'sources/a.txt': "
                                                 r"compression ratio"):
        qk.read_qdpx(path)


def test_qdpx_safe_caps_total_size_and_member_count(tmp_path):
    path = _zip(tmp_path / "many.qdpx", {"project.qde": QDE,
                                         **{f"sources/{i}.txt": b"abc" for i in range(20)}})
    with pytest.raises(UnsafeArchiveError, match=r"\[Q402\] .*many.qdpx: holds 21 members"):
        SafeArchive(path, max_members=10)
    with pytest.raises(UnsafeArchiveError, match=r"\[Q403\] .*total uncompressed size"):
        SafeArchive(path, max_total_bytes=50)


def test_qdpx_safe_read_stops_at_declared_size(tmp_path):
    # A member whose directory entry lies about its size is cut off, not read to the end.
    path = _zip(tmp_path / "liar.qdpx", {"project.qde": QDE * 100})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("project.qde")
    # patch the central directory's uncompressed size (offset 24 in the entry)
    cd = data.rfind(b"PK\x01\x02")
    data[cd + 24:cd + 28] = (10).to_bytes(4, "little")
    lh = info.header_offset
    data[lh + 22:lh + 26] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with SafeArchive(path) as arc, pytest.raises(UnsafeArchiveError, match=r"\[Q403\].*declared"):
        arc.read("project.qde")


def test_qdpx_safe_rejects_missing_qde(tmp_path):
    path = _zip(tmp_path / "noqde.qdpx", {"sources/a.txt": b"x", "sub/project.qde": QDE})
    with pytest.raises(QdpxError, match=r"\[Q404\] .*noqde.qdpx: no project file .*sources/a.txt"):
        qk.read_qdpx(path)


def test_qdpx_safe_rejects_non_zip(tmp_path):
    path = tmp_path / "plain.qdpx"
    path.write_text("not a zip")
    with pytest.raises(QdpxError, match=r"\[Q407\] .*plain.qdpx: not a REFI-QDA project archive"):
        qk.read_qdpx(path)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&xxe;"/>"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, XXE], ids=["billion_laughs", "external_entity"])
def test_qdpx_safe_rejects_entities(tmp_path, xml):
    path = _zip(tmp_path / "ent.qdpx", {"project.qde": xml})
    with pytest.raises(UnsafeArchiveError, match=r"\[Q405\] .*ent.qdpx: member 'project.qde': "
                                                 r"unsafe XML"):
        qk.read_qdpx(path)


def test_qdpx_safe_rejects_entities_in_qdc(tmp_path):
    path = tmp_path / "cb.qdc"
    path.write_text(BILLION_LAUGHS.replace("Project", "CodeBook").replace("project", "codebook"))
    from qualkit.io._qdc import read_qdc

    with pytest.raises(UnsafeArchiveError, match=r"\[Q405\]"):
        read_qdc(path)


def test_qdpx_safe_malformed_xml(tmp_path):
    path = _zip(tmp_path / "bad.qdpx", {"project.qde": "<Project"})
    with pytest.raises(QdpxError, match=r"\[Q406\] .*bad.qdpx: member 'project.qde': not well"):
        qk.read_qdpx(path)
