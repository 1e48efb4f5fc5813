"""Deterministic generator of the synthetic deliberative focus-group study.

Five groups (FG1-FG5), two online sessions each, three topics (benefits, risks,
values), 79 participants.  Every transcript is built as qualkit :class:`Turn` objects,
laid out with :meth:`Transcript.from_turns` (the expected canonical text) and then
written in one of the supported formats; gold spans are offsets into that text.

Run ``python -m qualkit.synthetic --out DIR [--seed 0] [--groups N --format txt]``.

Examples
--------
>>> study = build_study(seed=0)
>>> len(study.transcripts)
10
>>> tid, g = study.gold[0][0], study.gold[0]
>>> study.texts[tid][g[1]:g[2]] in study.sentences[0]
True
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ._synthetic_content import benefits, risks, talk, values
from .corpus import Transcript, Turn

__all__ = ["build_study", "write_study", "Study", "TOPIC_MODULES", "FORMATS", "main"]

TOPIC_MODULES = {"benefits": benefits, "risks": risks, "values": values}
SESSION_TOPICS = {1: ["benefits", "risks"], 2: ["values"]}
#: default file format per group
FORMATS = {1: "docx", 2: "docx_table", 3: "txt", 4: "vtt_zoom", 5: "vtt_teams"}
_SUFFIX = {"docx": ".docx", "docx_table": ".docx", "txt": ".txt", "vtt_zoom": ".vtt",
           "vtt_teams": ".vtt"}
GROUP_SIZES = [16, 16, 16, 16, 15]


@dataclass
class Study:
    """Everything generated: turns, expected texts, gold spans, participants."""

    transcripts: dict[str, list[Turn]] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    meta: dict[str, tuple[str, int]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    #: (transcript_id, start, end, theme_id, topic_id, sentence_index)
    gold: list[tuple[str, int, int, str, str, int]] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    #: (utterance start, utterance end) of the turn holding each gold span
    utterance_of: list[tuple[int, int]] = field(default_factory=list)
    participants: list[dict[str, object]] = field(default_factory=list)


def _expand(counts: dict[str, int]) -> list[str]:
    return [k for k, n in counts.items() for _ in range(n)]


def make_participants(rng: random.Random, sizes: list[int]) -> list[dict[str, object]]:
    """The participants table; with the default 79 people its marginals are the study's."""
    n = sum(sizes)
    exact = n == 79
    cols: dict[str, list[str]] = {}
    spec = {
        "sex": {"Female or non-binary": 53, "Male": 26},
        "ethnicity": {"Any white": 63, "Asian groups": 11, "Black groups": 5},
        "county": {"Sussex": 48, "Surrey": 20, "Kent": 11},
        "willing_before": {"very willing": 31, "fairly willing": 32, "fairly unwilling": 9,
                           "very unwilling": 6, "don't know": 1},
        "willing_after": {"very willing": 35, "fairly willing": 30, "fairly unwilling": 7,
                          "very unwilling": 0, "don't know": 7},
        "education": {"Degree or higher": 38, "A level or equivalent": 18,
                      "GCSE or equivalent": 15, "No qualifications": 4, "Prefer not to say": 4},
        "employment": {"Employed": 36, "Self-employed": 8, "Retired": 22, "Student": 4,
                       "Not working": 6, "Prefer not to say": 3},
        "disability": {"No": 60, "Yes": 16, "Prefer not to say": 3},
    }
    for col, counts in spec.items():
        values_ = _expand(counts)
        if not exact:
            values_ = [rng.choice(values_) for _ in range(n)]
        rng.shuffle(values_)
        cols[col] = values_
    if exact:
        low = sorted(rng.randint(19, 51) for _ in range(39))
        high = sorted(rng.randint(51, 83) for _ in range(39))
        ages = sorted([19] + low[1:] + [51] + high[:-1] + [83])
        if len(ages) != 79 or statistics.median(ages) != 51:  # pragma: no cover
            raise RuntimeError("age construction failed")
        rng.shuffle(ages)
    else:
        ages = [rng.randint(19, 83) for _ in range(n)]
    rows: list[dict[str, object]] = []
    pid = 0
    for g, size in enumerate(sizes, start=1):
        for _ in range(size):
            row: dict[str, object] = {"participant_id": f"P{pid + 1:02d}", "group": f"FG{g}"}
            row["sex"] = cols["sex"][pid]
            row["age"] = ages[pid]
            for col in ("ethnicity", "county", "willing_before", "willing_after",
                        "education", "employment", "disability"):
                row[col] = cols[col][pid]
            rows.append(row)
            pid += 1
    return rows


def _participant_text(rng: random.Random, topic: str, theme_order: list[str],
                      pools: dict[str, list[int]]) -> tuple[str, list[tuple[str, int]]]:
    """One participant turn and the (theme, sentence index) pairs it contains."""
    mod = TOPIC_MODULES[topic]
    if rng.random() < 0.10:
        return rng.choice(talk.FILLERS), []
    themes = [theme_order.pop(0)]
    theme_order.append(themes[0])
    if rng.random() < 0.15:
        other = [t for t in mod.THEMES if t != themes[0]]
        themes.append(rng.choice(other))
    parts: list[str] = []
    r = rng.random()
    if r < 0.15:
        parts.append(rng.choice(talk.AGREE))
    elif r < 0.25:
        parts.append(rng.choice(talk.DISAGREE))
    elif r < 0.40:
        parts.append(rng.choice(talk.HESITATE))
    found: list[tuple[str, int]] = []
    for th in themes:
        pool = pools.setdefault(th, [])
        if not pool:
            pool.extend(range(len(mod.THEMES[th])))
            rng.shuffle(pool)
        idx = pool.pop()
        parts.append(mod.THEMES[th][idx])
        found.append((th, idx))
    if rng.random() < 0.15:
        parts.append(rng.choice(talk.TAILS))
    return " ".join(parts), found


def _build_transcript(rng: random.Random, tid: str, session: int, members: list[str],
                      fmt: str) -> tuple[list[Turn], list[list[tuple[str, str, int]]]]:
    """Turns of one session and, per turn, its (topic, theme, sentence index) content."""
    turns: list[Turn] = []
    content: list[list[tuple[str, str, int]]] = []
    clock = 2.0

    def add(speaker: str, text: str, section: str | None,
            found: list[tuple[str, str, int]] | None = None) -> None:
        nonlocal clock
        dur = round(0.35 * len(text.split()) + 1.0, 1)
        turns.append(Turn(speaker, text, round(clock, 1), round(clock + dur, 1),
                          section))
        content.append(found or [])
        clock += dur + rng.choice([0.5, 1.0, 1.5, 2.0])

    pools: dict[str, list[int]] = {}
    for k, topic in enumerate(SESSION_TOPICS[session]):
        name = talk.TOPICS[topic]
        if k == 0:
            add("Facilitator", talk.WELCOME if session == 1 else
                "Welcome back, everyone. We'll begin with another short talk.", name)
        else:
            add("Facilitator", "Let's move on to the next presentation.", name)
        add("Presenter", talk.PRESENTER[topic], name)
        theme_order = list(TOPIC_MODULES[topic].THEMES)
        rng.shuffle(theme_order)
        prev = "Presenter"
        for prompt in talk.PROMPTS[topic]:
            add("Facilitator", prompt, name)
            prev = "Facilitator"
            for _ in range(rng.randint(6, 9)):
                speaker = rng.choice([m for m in members if m != prev])
                text, found = _participant_text(rng, topic, theme_order, pools)
                add(speaker, text, name, [(topic, th, i) for th, i in found])
                prev = speaker
    add("Facilitator", talk.CLOSE, None)
    return turns, content


def build_study(seed: int = 0, groups: int = 5, fmt: str | None = None) -> Study:
    """Build the whole study in memory (no files written)."""
    rng = random.Random(seed)
    sizes = GROUP_SIZES if groups == 5 else [16] * groups
    study = Study()
    study.participants = make_participants(rng, sizes)
    for g in range(1, groups + 1):
        members = [str(p["participant_id"]) for p in study.participants
                   if p["group"] == f"FG{g}"]
        gfmt = fmt or FORMATS[(g - 1) % 5 + 1]
        for session in (1, 2):
            tid = f"fg{g}_session{session}"
            turns, content = _build_transcript(rng, tid, session, members, gfmt)
            tr = Transcript.from_turns(tid, turns, group=f"FG{g}", session=session)
            utt = tr.utterances
            if len(utt) != len(turns):
                raise RuntimeError(f"{tid}: turns were merged or dropped")
            for (_, row), found in zip(utt.iterrows(), content):
                for topic, theme, idx in found:
                    sent = TOPIC_MODULES[topic].THEMES[theme][idx]
                    pos = tr.text.find(sent, int(row["start"]), int(row["end"]))
                    if pos < 0:
                        raise RuntimeError(f"{tid}: sentence not found: {sent[:40]!r}")
                    study.gold.append((tid, pos, pos + len(sent), theme, topic, idx))
                    study.sentences.append(sent)
                    study.utterance_of.append((int(row["start"]), int(row["end"])))
            study.transcripts[tid] = turns
            study.formats[tid] = gfmt
            study.meta[tid] = (f"FG{g}", session)
            study.texts[tid] = tr.text
    return study


def _ts(sec: float, sep: str = ".") -> str:
    ms = int(round(sec * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _write_txt(path: Path, turns: list[Turn]) -> None:
    lines: list[str] = []
    section = None
    for t in turns:
        if t.section is not None and t.section != section:
            section = t.section
            lines.append(f"# {section}")
        lines.append(f"{t.speaker}: {t.text}")
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def _write_vtt(path: Path, turns: list[Turn], teams: bool) -> None:
    cues = ["WEBVTT"]
    section = None
    for i, t in enumerate(turns, start=1):
        if t.section is not None and t.section != section:
            section = t.section
            cues.append(f"NOTE Section: {section}")
        body = f"<v {t.speaker}>{t.text}</v>" if teams else f"{t.speaker}: {t.text}"
        cues.append(f"{i}\n{_ts(t.t_start)} --> {_ts(t.t_end)}\n{body}")
    path.write_text("\n\n".join(cues) + "\n", encoding="utf-8")


def _write_docx(path: Path, turns: list[Turn], table: bool) -> None:
    import docx  # lazy: python-docx

    doc = docx.Document()
    doc.core_properties.author = "qualkit authors (synthetic)"
    doc.core_properties.created = __import__("datetime").datetime(2024, 1, 1)
    doc.core_properties.modified = doc.core_properties.created
    section = None
    tbl = None
    for t in turns:
        if t.section is not None and t.section != section:
            section = t.section
            doc.add_heading(section, level=1)
            tbl = None
        if table:
            if tbl is None:
                tbl = doc.add_table(rows=1, cols=3)
                for cell, head in zip(tbl.rows[0].cells, ("Time", "Speaker", "Text")):
                    cell.text = head
            cells = tbl.add_row().cells
            cells[0].text = _ts(t.t_start)[:8]
            cells[1].text = t.speaker
            cells[2].text = t.text
        else:
            p = doc.add_paragraph()
            p.add_run(f"{t.speaker}:").bold = True
            p.add_run(f" {t.text}")
    buf = io.BytesIO()
    doc.save(buf)
    # re-pack with fixed entry times so that the file is byte-for-byte reproducible
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))


def _write_transcript(path: Path, turns: list[Turn], fmt: str) -> None:
    if fmt == "txt":
        _write_txt(path, turns)
    elif fmt.startswith("vtt"):
        _write_vtt(path, turns, teams=fmt == "vtt_teams")
    else:
        _write_docx(path, turns, table=fmt == "docx_table")


def _subcode(topic: str, theme: str, idx: int) -> str:
    for sub_id, _name, idxs in TOPIC_MODULES[topic].SUBCODES[theme]:
        if idx in idxs:
            return sub_id
    return theme


def _all_codes(topic: str) -> list[str]:
    mod = TOPIC_MODULES[topic]
    return [s[0] for th in mod.SUBCODES.values() for s in th]


def _word_jitter(text: str, start: int, end: int, lo: int, hi: int,
                 rng: random.Random) -> tuple[int, int]:
    """Move one edge of a span to a neighbouring word boundary inside [lo, hi)."""
    if rng.random() < 0.5:  # start edge
        if rng.random() < 0.5 and start > lo:  # take in the previous word
            j = text.rfind(" ", lo, start - 1)
            start = lo if j < 0 else j + 1
        else:  # drop the first word
            j = text.find(" ", start, end)
            start = start if j < 0 else j + 1
    else:
        if rng.random() < 0.5 and end < hi:  # take in the next word
            j = text.find(" ", end + 1, hi)
            end = hi if j < 0 else j
        else:  # drop the last word
            j = text.rfind(" ", start, end)
            end = end if j < 0 else j
    return start, end


def make_codings(study: Study, seed: int) -> dict[str, list[tuple[object, ...]]]:
    """Two coders' sub-code level codings derived from the gold spans."""
    out: dict[str, list[tuple[object, ...]]] = {"KS": [], "KG": []}
    rng = random.Random(seed + 1)
    for (tid, s, e, theme, topic, idx), (lo, hi) in zip(study.gold, study.utterance_of):
        text = study.texts[tid]
        code = _subcode(topic, theme, idx)
        # KS: close to gold; about 3% changed
        ks_s, ks_e, ks_code, memo = s, e, code, ""
        if rng.random() < 0.03:
            if rng.random() < 0.5:
                ks_code = rng.choice([c for c in _all_codes(topic) if c != code])
                memo = "borderline, revisit"
            else:
                ks_s, ks_e = _word_jitter(text, s, e, lo, hi, rng)
        out["KS"].append(("KS", tid, ks_s, ks_e, ks_code, memo))
        # KG: second coder, looser
        r = rng.random()
        if r < 0.05:
            continue  # missed
        if theme == "trust" and rng.random() < 0.6:
            continue  # under-uses trust
        kg_code, memo = code, ""
        if rng.random() < 0.07:
            kg_code = rng.choice([c for c in _all_codes(topic) if c != code])
        q = rng.random()
        if q < 0.20:
            kg_s, kg_e = lo, hi
            memo = "coded the whole turn"
        elif q < 0.50:
            kg_s, kg_e = _word_jitter(text, s, e, lo, hi, rng)
        else:
            kg_s, kg_e = s, e
        if kg_e <= kg_s:
            kg_s, kg_e = s, e
        out["KG"].append(("KG", tid, kg_s, kg_e, kg_code, memo))
    return out


README = """# Synthetic deliberative focus-group study

Everything in this folder is synthetic. It was generated by `qualkit.synthetic`
(`python -m qualkit.synthetic --out DIR --seed 0`) and every sentence was written by
the qualkit authors. No real participant said any of it. The design (five groups of
about sixteen people, two online sessions each, three topics opened by a short talk,
fifteen themes) follows the shape of a published deliberative study of linked health
data in Kent, Surrey and Sussex, but none of its wording or quotes.

## Files

- `fg<N>_session<S>.*`: ten transcripts, five groups by two sessions. Session 1
  covers the benefits and the risks of linked data, session 2 public involvement,
  oversight and communication. Each group uses a different format so that every
  reader is exercised: FG1 Word paragraphs with bold speaker labels, FG2 a Word table
  (time, speaker, text), FG3 plain text with `# Section` lines, FG4 a Zoom-style WebVTT
  file (`P33: text` cues) and FG5 a Teams-style WebVTT file (`<v P65>` voice tags);
  the WebVTT files name their sections in `NOTE Section: ...` blocks.
- `participants.csv`: one row per participant (79), with group, sex, age in
  years, ethnicity, county, willingness to share records before and after the
  groups, education, employment and disability.
- `codings_KS.csv`, `codings_KG.csv`: two coders' codings at sub-code level
  (`coder, transcript_id, start, end, code_id, memo`; offsets in the transcript's
  plain text). KS is close to the gold standard; KG is looser (shifted word
  boundaries, whole-turn spans, some different or missed codes, little use of trust).
- `gold_themes.csv`: the theme each generated sentence was drawn from
  (`transcript_id, start, end, theme_id, topic_id`). It is for evaluating methods
  only; a real study has no such file.

The codebook is `../codebooks/kss_social_licence.yaml`.
"""


def write_study(out: str | Path, seed: int = 0, groups: int = 5,
                fmt: str | None = None) -> Study:
    """Generate the study and write it into ``out``; returns the in-memory study."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    study = build_study(seed=seed, groups=groups, fmt=fmt)
    for tid, turns in study.transcripts.items():
        fmt_ = study.formats[tid]
        _write_transcript(out / f"{tid}{_SUFFIX[fmt_]}", turns, fmt_)

    def dump(name: str, header: list[str], rows: list) -> None:
        with open(out / name, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    cols = ["participant_id", "group", "sex", "age", "ethnicity", "county", "willing_before",
            "willing_after", "education", "employment", "disability"]
    dump("participants.csv", cols, [[p[c] for c in cols] for p in study.participants])
    dump("gold_themes.csv", ["transcript_id", "start", "end", "theme_id", "topic_id"],
         [g[:5] for g in study.gold])
    codings = make_codings(study, seed)
    for coder, rows in codings.items():
        dump(f"codings_{coder}.csv",
             ["coder", "transcript_id", "start", "end", "code_id", "memo"], rows)
    (out / "README.md").write_text(README, encoding="utf-8")
    return study


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m qualkit.synthetic --out DIR``."""
    ap = argparse.ArgumentParser(prog="python -m qualkit.synthetic", description=__doc__)
    ap.add_argument("--out", required=True, help="folder to write into")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--groups", type=int, default=5, help="number of focus groups")
    ap.add_argument("--format", choices=["txt", "docx", "docx_table", "vtt_zoom",
                                         "vtt_teams"], default=None,
                    help="one format for every transcript (default: one per group)")
    args = ap.parse_args(argv)
    study = write_study(args.out, seed=args.seed, groups=args.groups, fmt=args.format)
    print(f"wrote {len(study.transcripts)} transcripts, {len(study.gold)} gold spans "
          f"to {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
