"""Reading docx transcripts: qualkit vs python-docx alone opening them.

Generates ``--n`` synthetic .docx transcripts (~150 paragraphs each, "P01: ..."
paragraphs with bold labels and timestamps, headings and a speaker|text table)
with python-docx into ``benchmarks/_data/docx_<n>/`` (cached, gitignored), then in
one run times

- peer: ``docx.Document(path)`` and reading every paragraph's ``.text``;
- qualkit: ``qk.read_transcripts(folder)`` and building ``corpus.utterances``.

Target (DESIGN quality bar): qualkit / python-docx <= 2.0.

Then crafted input (``--crafted``, on by default): files built to make a reader do
more than linear work, at sizes s, 2s, 4s and 8s. Reading each is timed, and the
growth from s to 8s is printed: about 8 is linear, 64 would be quadratic. Cases: a
.docx whose styles.xml repeats a style tag that never closes (a 2.3 KB file of that
kind took over 180 s before the styles scan was made linear), a .docx of content
controls nested inside each other, a .txt of one line holding thousands of
label-like "Name: " pieces and timestamps, a .vtt cue full of ``<`` and ``>``, an .srt
of cue settings, unclosed tags and ``>>`` labels, a .csv field of doubled quotes, an .xlsx
of cells full of ``_xHHHH_`` escapes under a ``<dimension>`` that lies, an .rtf
of unclosed stylesheet entries, deep groups, escape runs and a huge ``\\uc``, and an
.odt of nested lists and thousand-space ``text:s`` elements.
Target: growth <= 12 (linear with noise) for every case.

    python benchmarks/read_docx.py [--n 500] [--repeat 3] [--no-crafted] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

_WORDS = ("data records health care linked research public trust NHS GP hospital consent "
          "private company benefit risk hackers sharing research anonymous oversight people "
          "should would could think really know sure worry fair money patients time").split()


def _sentence(rng: random.Random) -> str:
    n = rng.randint(6, 22)
    s = " ".join(rng.choice(_WORDS) for _ in range(n))
    return s[0].upper() + s[1:] + rng.choice([".", ".", "?", "!"])


def make_docx(path: Path, rng: random.Random, n_paragraphs: int = 150) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Focus group transcript", level=0)
    speakers = ["Facilitator"] + [f"P{i:02d}" for i in range(1, 9)]
    sections = ["Benefits", "Risks", "Governance", "Involving the public"]
    t = 0
    per_section = n_paragraphs // len(sections)
    for k, sec in enumerate(sections):
        d.add_heading(f"Topic {k + 1}: {sec}", level=1)
        for j in range(per_section):
            sp = rng.choice(speakers)
            t += rng.randint(3, 40)
            ts = f"[{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}]"
            text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
            p = d.add_paragraph()
            if j % 3 == 0:
                r = p.add_run(f"{sp}:")
                r.bold = True
                p.add_run(f" {text}")
            else:
                p.add_run(f"{ts} {sp}: {text}")
            if j % 17 == 5:
                d.add_paragraph(_sentence(rng))  # continuation paragraph
        if k == 2:
            tbl = d.add_table(rows=1, cols=2)
            tbl.rows[0].cells[0].text, tbl.rows[0].cells[1].text = "Speaker", "Text"
            for _ in range(6):
                row = tbl.add_row().cells
                row[0].text, row[1].text = rng.choice(speakers), _sentence(rng)
    d.save(path)


def build(n: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(12345)
    for i in range(n):
        p = folder / f"fg{i // 4 + 1}_session{i % 4 + 1}.docx"
        if not p.exists():
            make_docx(p, random.Random(rng.random() + i))
    return folder


def time_peer(files: list[Path]) -> tuple[float, int]:
    import docx

    t0 = time.perf_counter()
    n = 0
    for f in files:
        d = docx.Document(str(f))
        for p in d.paragraphs:
            n += len(p.text)
    return time.perf_counter() - t0, n


def time_qualkit(folder: Path) -> tuple[float, int]:
    import qualkit as qk

    t0 = time.perf_counter()
    corpus = qk.read_transcripts(folder)
    u = corpus.utterances
    return time.perf_counter() - t0, len(u)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_bytes(body: str, styles: bytes | None = None) -> bytes:
    import io
    import zipfile

    doc = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
           f"{body}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", doc)
        if styles is not None:
            z.writestr("word/styles.xml", styles)
    return buf.getvalue()


def _crafted(kind: str, k: int) -> tuple[str, bytes]:
    """A crafted file of size about k units."""
    para = ('<w:p><w:pPr><w:pStyle w:val="Custom"/></w:pPr><w:r><w:t>P01: hello</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>P02: hi</w:t></w:r></w:p>')
    if kind == "docx-styles":
        styles = b'<w:styles xmlns:w="x">' + b'<w:style w:type="paragraph" w:styleId="s" ' * (
            2000 * k)
        return "crafted.docx", _docx_bytes(para, styles)
    if kind == "docx-nested-controls":
        depth = 500 * k
        body = "<w:sdt><w:sdtContent>" * depth + para + "</w:sdtContent></w:sdt>" * depth
        return "crafted.docx", _docx_bytes(body)
    if kind == "txt-colons":
        line = "P01: " + "Ann B: [00:01] x: " * (3000 * k)
        return "crafted.txt", (line + "\nP02: end\n").encode()
    if kind == "vtt-angles":
        cue = "<v A>" + "<b x<y> >z< <c.q <v.x b " * (3000 * k)
        return "crafted.vtt", f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{cue}\n".encode()
    if kind == "srt-arrows":
        # timing lines with settings after them, text of unclosed tags and ">>" labels
        body = "".join(f"{i}\n00:00:0{i % 10},000 --> 00:00:0{i % 10},500 X1:1 Y2:2 -\n"
                       ">> A: <i x {\\an8} <font color=<b {\\ >> B:\n\n"
                       for i in range(1, 1500 * k))
        return "crafted.srt", body.encode()
    if kind == "csv-quotes":
        row = 'P01,"' + 'a ""b"", c; ' * (2000 * k) + '"\n'
        return "crafted.csv", ("speaker,text\n" + row + "P02,end\n").encode()
    if kind == "xlsx-wide-escapes":
        import io
        import zipfile

        rows = "".join(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>P0{i % 3}</t></is></c>'
                       f'<c r="B{i}" t="inlineStr"><is><t>{"_x005F_x0041_ _x00 _x0007_" * 20}'
                       "</t></is></c></row>" for i in range(2, 200 * k))
        sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 '<dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
                 'Speaker</t></is></c><c r="B1" t="inlineStr"><is><t>Text</t></is></c></row>'
                 f"{rows}</sheetData></worksheet>")
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, part in _XLSX_PARTS.items():
                z.writestr(name, part)
            z.writestr("xl/worksheets/sheet1.xml", sheet)
        return "crafted.xlsx", buf.getvalue()
    if kind == "rtf-groups-escapes":
        # stylesheet entries without their ';', deep groups, long \'hh runs, \u with a huge \uc
        body = ("{\\stylesheet" + "{\\s1 heading 1 " * (300 * k) + "}" * (300 * k) + "}"
                + "{" * (500 * k) + "P01: " + "\\'e9\\'e8" * (1000 * k)
                + "\\uc99999\\u8220?x" * (500 * k) + "\\par P02: end\\par" + "}" * (500 * k))
        return "crafted.rtf", ("{\\rtf1\\ansi" + body + "}").encode()
    if kind == "odt-spaces-lists":
        t_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
        o_ns = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
        depth = 120
        para = ("<text:p>P01: " + '<text:s text:c="999"/><text:span>x</text:span>' * (200 * k)
                + "</text:p><text:p>P02: end</text:p>")
        body = "<text:list><text:list-item>" * depth + para + "</text:list-item></text:list>" * depth
        import io
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("content.xml", f'<office:document-content xmlns:office="{o_ns}" '
                       f'xmlns:text="{t_ns}"><office:body><office:text>{body}</office:text>'
                       "</office:body></office:document-content>")
        return "crafted.odt", buf.getvalue()
    raise ValueError(kind)


_XLSX_PARTS = {
    "[Content_Types].xml":
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/></Types>',
    "_rels/.rels":
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="S1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}

CRAFTED = ("docx-styles", "docx-nested-controls", "txt-colons", "vtt-angles", "srt-arrows",
           "csv-quotes", "xlsx-wide-escapes", "rtf-groups-escapes", "odt-spaces-lists")


def time_crafted(tmp: Path, repeat: int) -> list[dict]:
    import warnings

    import qualkit as qk

    rows = []
    for kind in CRAFTED:
        times = []
        for k in (1, 2, 4, 8):
            name, data = _crafted(kind, k)
            p = tmp / f"{kind}_{k}_{name}"
            p.write_bytes(data)
            best = float("inf")
            for _ in range(repeat):
                t0 = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        qk.read_transcript(p)
                    except qk.errors.QualkitError:
                        pass  # refused quickly is as good as read quickly
                best = min(best, time.perf_counter() - t0)
            times.append(best)
        growth = times[-1] / max(times[0], 1e-6)
        rows.append({"case": kind, "times": times, "growth": growth})
        print(f"crafted {kind:22s}: " + ", ".join(f"{t * 1000:.1f} ms" for t in times)
              + f"  growth x8 size -> x{growth:.1f} time (target <= 12)")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500, help="number of transcripts (500)")
    ap.add_argument("--repeat", type=int, default=3, help="timed repeats, best kept (3)")
    ap.add_argument("--data", default=None, help="folder for the generated files")
    ap.add_argument("--json", default=None, help="write result rows for run_all.py")
    ap.add_argument("--no-crafted", action="store_true", help="skip the crafted-input cases")
    args = ap.parse_args(argv)
    os.environ.setdefault("QUALKIT_PROGRESS", "0")
    folder = Path(args.data) if args.data else HERE / "_data" / f"docx_{args.n}"
    t0 = time.perf_counter()
    build(args.n, folder)
    files = sorted(folder.glob("*.docx"))[: args.n]
    print(f"{len(files)} docx files in {folder} (ready in {time.perf_counter() - t0:.1f} s)")
    # warm both (imports, file cache), then best of --repeat
    time_peer(files[:5])
    time_qualkit(folder)
    peer = min(time_peer(files)[0] for _ in range(args.repeat))
    runs = [time_qualkit(folder) for _ in range(args.repeat)]
    ours = min(r[0] for r in runs)
    ratio = ours / peer
    print(f"python-docx open + paragraphs : {peer:.2f} s")
    print(f"qualkit read_transcripts      : {ours:.2f} s ({runs[0][1]} utterances)")
    print(f"ratio qualkit / python-docx   : {ratio:.2f} (target <= 2.0)")
    results = [{
        "benchmark": "read_docx", "measure": f"read {len(files)} docx transcripts",
        "qualkit": ours, "peer": peer, "ratio": ratio, "target": "ratio <= 2.0",
        "pass": ratio <= 2.0, "unit": "s"}]
    if not args.no_crafted:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            for row in time_crafted(Path(tmp), args.repeat):
                results.append({
                    "benchmark": "read_crafted", "measure": f"{row['case']}: time growth for "
                    "8x the size", "qualkit": row["times"][-1], "peer": row["times"][0],
                    "ratio": row["growth"], "target": "growth <= 12 (linear)",
                    "pass": row["growth"] <= 12, "unit": "s"})
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
