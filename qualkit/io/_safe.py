"""Opening untrusted REFI-QDA archives and XML safely.

A ``.qdpx`` file comes from another program, often from another person: it is
untrusted input. :class:`SafeArchive` checks every member name before anything
is read (no ``..``, no absolute paths, no drive letters, no backslash tricks),
caps the number of members, the total uncompressed size of the text members
qualkit may read (``.qde``, ``.txt``, ``.xml``) and of the whole archive, and the
compression ratio of every member over 64 KiB, all from the ZIP directory before
anything is decompressed; then it reads each member with a hard size cap and
counts what it reads against the text budget (the sizes in a ZIP's directory can
lie). :func:`parse_xml` parses with :mod:`defusedxml`, which
refuses DTD entity declarations (billion laughs) and external entities.

Every refusal is an :class:`~qualkit.errors.UnsafeArchiveError` naming the
archive and the member.

Examples
--------
>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("project.qde", "<Project xmlns='urn:QDA-XML:project:1.0' name='p'/>")
>>> with SafeArchive(buf, name="demo.qdpx") as arc:
...     root = parse_xml(arc.read(arc.find_qde()), archive="demo.qdpx", member="project.qde")
>>> root.get("name")
'p'
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.etree.ElementTree import Element, ParseError

from ..errors import Errors, QdpxError, UnsafeArchiveError

__all__ = ["SafeArchive", "parse_xml", "LIMITS", "TEXT_SUFFIXES"]

#: Default limits. A focus-group project is a few MB; these leave a wide margin.
LIMITS: dict[str, int] = {
    "max_members": 10_000,
    "max_text_bytes": 256 * 1024 * 1024,     # text qualkit may read (.qde, .txt, .xml), in all
    "max_total_bytes": 8 * 1024 ** 3,        # every member, media included (never read)
    "max_member_bytes": 256 * 1024 * 1024,   # one text member
    "max_ratio": 200,                         # uncompressed / compressed, per member
    "ratio_from_bytes": 64 * 1024,            # the ratio is checked above this size
}
#: Member suffixes qualkit reads as text (others, such as media, are never decompressed).
TEXT_SUFFIXES = (".qde", ".txt", ".xml", "")

_DRIVE = re.compile(r"^[A-Za-z]:")


def _is_text(name: str) -> bool:
    return PurePosixPath(name).suffix.lower() in TEXT_SUFFIXES


def _check_name(name: str, archive: str) -> None:
    problem = None
    if "\x00" in name:
        problem = "contains a NUL byte"
    elif name.startswith(("/", "\\")):
        problem = "is an absolute path"
    elif _DRIVE.match(name):
        problem = "starts with a drive letter"
    elif ".." in re.split(r"[\\/]", name):
        problem = "escapes the archive with '..'"
    if problem:
        raise UnsafeArchiveError(Errors.Q401.format(archive=archive, member=name,
                                                    problem=problem))


class SafeArchive:
    """A ZIP archive opened for reading with safety checks.

    Parameters
    ----------
    path : str, Path or binary file object
        The ``.qdpx`` archive.
    name : str, optional
        How to name the archive in messages (default: the path).
    **limits
        Override entries of :data:`LIMITS`.
    """

    def __init__(self, path: str | Path | IO[bytes], *, name: str | None = None,
                 **limits: int) -> None:
        self.name = name or str(path)
        self.limits = {**LIMITS, **limits}
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise QdpxError(Errors.Q407.format(path=self.name, problem=exc)) from None
        infos = self._zip.infolist()
        if len(infos) > self.limits["max_members"]:
            self._zip.close()
            raise UnsafeArchiveError(Errors.Q402.format(
                archive=self.name, found=len(infos), limit=self.limits["max_members"]))
        total = text = 0
        for info in infos:
            _check_name(info.filename, self.name)
            total += info.file_size
            if _is_text(info.filename):
                text += info.file_size
            self._check_size(info)
        for size, key, what in ((text, "max_text_bytes", "total uncompressed size of the "
                                 "text members (.qde, .txt, .xml)"),
                                (total, "max_total_bytes", "total uncompressed size")):
            if size > self.limits[key]:
                self._zip.close()
                raise UnsafeArchiveError(Errors.Q403.format(
                    archive=self.name, member="*", problem=f"{what} {size} bytes",
                    limit=f"{self.limits[key]} bytes"))
        self._infos = {i.filename: i for i in infos if not i.is_dir()}
        self._budget = self.limits["max_text_bytes"]

    def _check_size(self, info: zipfile.ZipInfo) -> None:
        lim = self.limits
        if _is_text(info.filename) and info.file_size > lim["max_member_bytes"]:
            self._zip.close()
            raise UnsafeArchiveError(Errors.Q403.format(
                archive=self.name, member=info.filename,
                problem=f"uncompressed size {info.file_size} bytes",
                limit=f"{lim['max_member_bytes']} bytes"))
        if info.file_size > lim["ratio_from_bytes"]:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > lim["max_ratio"]:
                self._zip.close()
                raise UnsafeArchiveError(Errors.Q403.format(
                    archive=self.name, member=info.filename,
                    problem=f"compression ratio {ratio:.0f}:1",
                    limit=f"{lim['max_ratio']}:1"))

    # ------------------------------------------------------------------ access
    @property
    def names(self) -> list[str]:
        """Member names (files only)."""
        return list(self._infos)

    def find_qde(self) -> str:
        """The project XML: ``project.qde`` in any case, else the one ``*.qde`` at the root."""
        roots = [n for n in self._infos if "/" not in n.strip("/") and n.lower().endswith(".qde")]
        for n in roots:
            if n.lower() == "project.qde":
                return n
        if roots:
            return sorted(roots)[0]
        shown = sorted(self._infos)[:10]
        raise QdpxError(Errors.Q404.format(archive=self.name, found=shown or "nothing"))

    def find(self, ref: str) -> str | None:
        """The member a source path refers to, matching the folder name case-insensitively."""
        ref = ref.replace("\\", "/").lstrip("/")
        if ref in self._infos:
            return ref
        want = ref.lower()
        base = PurePosixPath(ref).name.lower()
        hit = [n for n in self._infos if n.lower() == want]
        if not hit:
            hit = [n for n in self._infos if n.lower() in (f"sources/{base}",)]
        if not hit:
            hit = [n for n in self._infos if PurePosixPath(n).name.lower() == base]
        return hit[0] if hit else None

    def read(self, member: str) -> bytearray:
        """Read one member, refusing more bytes than its declared size or the limits."""
        info = self._infos[member]
        cap = min(self.limits["max_member_bytes"], self._budget)
        if info.file_size > cap:  # refuse before decompressing anything
            raise UnsafeArchiveError(Errors.Q403.format(
                archive=self.name, member=member,
                problem=f"uncompressed size {info.file_size} bytes, more than the "
                        f"{self._budget} bytes left of the text budget",
                limit=f"{self.limits['max_text_bytes']} bytes of text in all"))
        out = bytearray(info.file_size)  # filled in place: one copy of the member in memory
        try:
            with self._zip.open(info) as fh:
                got = 0
                view = memoryview(out)
                while got < len(out):
                    n = fh.readinto(view[got:got + (1 << 20)])  # whole: a second copy
                    if not n:
                        break
                    got += n
                view.release()
                if fh.read(1):
                    raise UnsafeArchiveError(Errors.Q403.format(
                        archive=self.name, member=member,
                        problem=f"more than the declared {info.file_size} bytes when "
                                f"decompressed", limit=f"{min(cap, info.file_size)} bytes"))
                del out[got:]
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise UnsafeArchiveError(Errors.Q403.format(
                archive=self.name, member=member,
                problem=f"the decompressed data does not match its declared size "
                        f"({info.file_size} bytes) and checksum: {exc}",
                limit=f"{min(cap, info.file_size)} bytes")) from None
        self._budget -= len(out)
        return out

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def root_name(tag: Any) -> str:
    """An element's tag as a message may show it: its namespace, and its name's shape.

    >>> root_name("{urn:QDA-XML:project:1.0}Projekt")
    "shape 'Xxxxx' (7 characters) in urn:QDA-XML:project:1.0"
    """
    from .._hint import shape

    tag = str(tag)
    ns, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    hint = f"shape {shape(name, 30)!r} ({len(name)} characters)"
    return hint + (f" in {ns}" if ns else " without a namespace")


def parse_xml(data: bytes, *, archive: str, member: str) -> Element:
    """Parse XML bytes with defusedxml: no DTD entities, no external entities or DTDs.

    Raises
    ------
    UnsafeArchiveError
        For entity declarations or external references.
    QdpxError
        For XML that is not well formed.
    """
    import defusedxml
    import defusedxml.ElementTree as DET

    try:
        return DET.fromstring(data, forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        # the exception names the entity and its system id: the file's words, never shown
        kind = {"EntitiesForbidden": "an entity declaration",
                "ExternalReferenceForbidden": "an external reference",
                "DTDForbidden": "a DTD", "NotSupportedError": "a feature defusedxml refuses"}
        raise UnsafeArchiveError(Errors.Q405.format(
            archive=archive, member=member,
            problem=kind.get(type(exc).__name__, type(exc).__name__))) from None
    except ParseError as exc:
        raise QdpxError(Errors.Q406.format(archive=archive, member=member,
                                           problem=exc)) from None
