"""Deterministic generator of the synthetic deliberative focus-group study.

Five groups (FG1-FG5), two online sessions each, three topics (benefits, risks,
values), 79 participants. What people say is composed from the templates in
``qualkit._synthetic_content`` by one seeded random generator, so that no sentence of
four words or more is said twice; turns run from a word to a few hundred, drift between
themes, hesitate, get interrupted and pick up again. Every transcript is built as qualkit
:class:`Turn` objects, laid out with :meth:`Transcript.from_turns` (the expected canonical
text) and then written in one of the supported formats; gold spans (one per stretch of
talk on one sub-code) are offsets into that text.

Run ``python -m qualkit.synthetic --out DIR [--seed 0] [--groups N --format txt]``.

Examples
--------
>>> study = build_study(seed=0, groups=1)
>>> len(study.transcripts)
2
>>> g = study.gold[0]
>>> study.texts[g.transcript_id][g.start:g.end] == study.extracts[0]
True
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import re
import statistics
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ._synthetic_content import benefits, risks, talk, values
from ._synthetic_content.compose import Composer, capitalise
from .corpus import Transcript, Turn

__all__ = ["build_study", "write_study", "Study", "GoldSpan", "TOPIC_MODULES", "FORMATS",
           "main"]

TOPIC_MODULES = {"benefits": benefits, "risks": risks, "values": values}
SESSION_TOPICS = {1: ["benefits", "risks"], 2: ["values"]}
#: default file format per group, (session 1, session 2)
FORMATS = {1: ("docx", "docx"), 2: ("docx_table", "csv"), 3: ("txt", "txt"),
           4: ("vtt_zoom", "srt"), 5: ("vtt_teams", "vtt_teams")}
FORMAT_NAMES = ("txt", "docx", "docx_table", "vtt_zoom", "vtt_teams", "srt", "csv")
_SUFFIX = {"docx": ".docx", "docx_table": ".docx", "txt": ".txt", "vtt_zoom": ".vtt",
           "vtt_teams": ".vtt", "srt": ".srt", "csv": ".csv"}
GROUP_SIZES = [16, 16, 16, 16, 15]
#: theme id -> topic id
THEME_TOPIC = {th: tp for tp, mod in TOPIC_MODULES.items() for th in mod.THEMES}
#: sub-code id -> theme id
SUBCODE_THEME = {sc: th for mod in TOPIC_MODULES.values()
                 for th, subs in mod.SUBCODES.items() for sc, _ in subs}


class GoldSpan(NamedTuple):
    """One stretch of a participant's turn on one sub-code."""

    transcript_id: str
    start: int
    end: int
    theme_id: str
    topic_id: str
    code_id: str


@dataclass
class Study:
    """Everything generated: turns, expected texts, gold spans, participants."""

    transcripts: dict[str, list[Turn]] = field(default_factory=dict)
    formats: dict[str, str] = field(default_factory=dict)
    meta: dict[str, tuple[str, int]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    gold: list[GoldSpan] = field(default_factory=list)
    #: the text of each gold span
    extracts: list[str] = field(default_factory=list)
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



# ---------------------------------------------------------------- how people talk
@dataclass
class _Style:
    """How one participant talks: how much, how haltingly, with which habits."""

    weight: float
    disfluency: float
    young: bool


@dataclass
class _Piece:
    """Part of a turn: text, and the sub-code it speaks to (None for talk around it)."""

    text: str
    code: str | None = None


_KEEP_CAPITAL = re.compile(r"^(?:I\b|I'|[A-Z]{2,}|A and E\b|Black\b|America)")


def _lower_first(text: str) -> str:
    """Lower-case a sentence's first letter when another word comes before it."""
    if _KEEP_CAPITAL.match(text):
        return text
    return text[:1].lower() + text[1:]


_FUNCTION_WORDS = frozenset("the a an my your his her their our to of in on at for with and but "
                            "that this so or as by from".split())
_RESTART_WORDS = frozenset("i we they you it he she there that this people someone somebody "
                           "it's they'd they're you'd i'd i'm".split())


def _disfluent(text: str, rng: random.Random, style: _Style) -> str:
    """Add one hesitation a transcriber would keep: a repeated word, a filler, a restart."""
    words = text.split(" ")
    if len(words) < 5:
        return text
    kind = rng.random()
    i = rng.randrange(0, min(6, len(words) - 3))
    w = words[i]
    if not re.fullmatch(r"[A-Za-z']+", w):
        return text
    again = _lower_first(w) if i == 0 else w
    clause_start = i == 0 or words[i - 1].endswith(",")
    if kind < 0.4:  # "I, I think"
        words[i] = f"{w}, {again}"
    elif kind < 0.75:  # "I think, um, it's"
        if w.lower() in _FUNCTION_WORDS:
            filler = rng.choice(["um", "er"])
        else:
            filler = rng.choice(["like", "you know", "um", "sort of"] if style.young
                                else ["um", "er", "you know", "I mean"])
        words[i] = f"{w}, {filler},"
    elif clause_start and w.lower() in _RESTART_WORDS:  # "they could, they could see"
        nxt = words[i + 1]
        if not re.fullmatch(r"[A-Za-z']+", nxt):
            return text
        words[i + 1] = f"{nxt}, {again} {nxt}"
    else:
        words[i] = f"{w}, {again}"
    return " ".join(words)


def _markers(text: str, rng: random.Random) -> str:
    """Now and then a transcriber's marker: a word lost, or laughter."""
    r = rng.random()
    if r < 0.025:
        words = text.split(" ")
        if len(words) > 8:
            k = rng.randrange(3, len(words) - 2)
            if re.fullmatch(r"[a-z']+", words[k]):
                words[k] = "[inaudible]"
                return " ".join(words)
    elif r < 0.045 and text.endswith("."):
        return text + " [laughs]"
    return text


class _Talk:
    """Composes everything said in the study, one turn at a time."""

    def __init__(self, seed: int, participants: list[dict[str, object]]) -> None:
        self.rng = random.Random(seed + 7)
        slots: dict[str, list[object]] = dict(talk.SLOTS)
        for mod in TOPIC_MODULES.values():
            slots.update(mod.SLOTS)
        self.c = Composer(self.rng, slots)
        self.styles: dict[str, _Style] = {}
        for p in participants:
            self.styles[str(p["participant_id"])] = _Style(
                weight=self.rng.lognormvariate(0.0, 0.7),
                disfluency=self.rng.choice([0.05, 0.1, 0.15, 0.25, 0.4]),
                young=int(p["age"]) < 36)  # type: ignore[call-overload]

    # -------------------------------------------------------------- building blocks
    def say(self, templates: list[str], **slots: str) -> str | None:
        """A fresh sentence from ``templates`` with ``{pid}``-style slots filled."""
        ts = [self._fill(t, slots) for t in templates]
        return self.c.sentence(ts)

    @staticmethod
    def _fill(template: str, slots: dict[str, str]) -> str:
        for k, v in slots.items():
            template = template.replace("{" + k + "}", v)
        return template

    def short(self, options: list[str]) -> str:
        return self.rng.choice(options)

    def point(self, code: str, n: int, speaker: str) -> list[str]:
        """``n`` fresh sentences on one sub-code, as ``speaker`` would say them."""
        theme = SUBCODE_THEME[code]
        templates = TOPIC_MODULES[THEME_TOPIC[theme]].TEMPLATES[code]
        style = self.styles[speaker]
        out: list[str] = []
        avoid: set[str] = set()
        for _ in range(n):
            s = self.c.sentence(templates, avoid=avoid)
            if s is None:
                break
            if self.rng.random() < style.disfluency:
                s = _disfluent(s, self.rng, style)
            out.append(_markers(s, self.rng))
        return out

    def substantive(self, speaker: str, code: str, size: str, prev: str | None,
                    drift: list[str]) -> list[_Piece]:
        """One participant turn: maybe a reaction, one or more points, maybe a tail."""
        rng = self.rng
        pieces: list[_Piece] = []
        if prev is not None and rng.random() < 0.3:
            kind = rng.random()
            bank = (talk.AGREE if kind < 0.5 else talk.DISAGREE if kind < 0.7
                    else talk.BUILD_ON)
            s = self.say(bank, pid=prev)
            if s is not None:
                pieces.append(_Piece(s))
        elif rng.random() < 0.05:
            s = self.say(talk.STARTERS)
            if s is not None:
                pieces.append(_Piece(s))
        n = {"short": 1, "medium": rng.choice([1, 2, 2]), "long": rng.choice([2, 3, 3, 4]),
             "very long": rng.choice([4, 5, 6])}[size]
        codes = [code] + drift
        for k, cd in enumerate(codes):
            sents = self.point(cd, n if k == 0 else max(1, n - rng.randint(0, 2)), speaker)
            if not sents:
                continue
            if k > 0 and any(p.code for p in pieces):
                pieces.append(_Piece(rng.choice(talk.BRIDGE)))
            elif not pieces and rng.random() < 0.25:
                pieces.append(_Piece(rng.choice(talk.OPENERS)))
            if pieces and pieces[-1].text[-1] not in ".?!":
                sents[0] = _lower_first(sents[0])
            pieces.append(_Piece(" ".join(sents), cd))
            if k + 1 < len(codes) and rng.random() < 0.2:
                pieces.append(_Piece(rng.choice(["Um.", "Hmm.", "Anyway.", "So, yeah."])))
        if rng.random() < 0.12:
            tail = self.say(talk.TAILS_LONG) if rng.random() < 0.5 else None
            pieces.append(_Piece(tail or rng.choice(talk.TAILS)))
        return pieces


def _join(pieces: list[_Piece]) -> tuple[str, list[tuple[int, int, str]]]:
    """Lay pieces out as one turn's text and the offsets of the coded ones."""
    text = ""
    spans: list[tuple[int, int, str]] = []
    for p in pieces:
        if text and not text.endswith(" "):
            text += " "
        start = len(text)
        text += p.text
        if p.code is not None:
            spans.append((start, len(text), p.code))
    return text.rstrip(" "), spans


class _Session:
    """One transcript being written: its turns, clock and who has spoken."""

    def __init__(self, talker: _Talk, members: list[str]) -> None:
        self.t = talker
        self.rng = talker.rng
        self.members = members
        self.turns: list[tuple[str, str, str | None, list[tuple[int, int, str]]]] = []
        self.spoken: dict[str, int] = {m: 0 for m in members}
        self.prev: str | None = None
        self.section: str | None = None

    def add(self, speaker: str, text: str, spans: list[tuple[int, int, str]] | None = None
            ) -> None:
        last = self.turns[-1] if self.turns else None
        if last is not None and last[0] == speaker and last[2] == self.section:
            if spans:
                raise RuntimeError(f"{speaker} would speak twice in a row")
            self.turns[-1] = (speaker, f"{last[1]} {text}", last[2], last[3])
            return
        self.turns.append((speaker, text, self.section, spans or []))
        self.prev = speaker
        if speaker in self.spoken:
            self.spoken[speaker] += 1

    def facilitator(self, templates: list[str], **slots: str) -> None:
        s = self.t.say(templates, **slots)
        if s is not None:
            self.add("Facilitator", s)

    def pick(self, exclude: set[str]) -> str:
        if self.turns:
            exclude = exclude | {self.turns[-1][0]}
        cands = [m for m in self.members if m not in exclude]
        w = [self.t.styles[m].weight * (3.0 if self.spoken[m] == 0 else 1.0) for m in cands]
        return self.rng.choices(cands, weights=w)[0]


def _turn_size(rng: random.Random) -> str:
    r = rng.random()
    return ("short" if r < 0.30 else "medium" if r < 0.68 else "long" if r < 0.92
            else "very long")


def _choose_code(rng: random.Random, theme: str, used: dict[str, int]) -> str:
    subs = [sc for sc, _ in TOPIC_MODULES[THEME_TOPIC[theme]].SUBCODES[theme]]
    low = min(used.get(s, 0) for s in subs)
    pick = rng.choice([s for s in subs if used.get(s, 0) == low] if rng.random() < 0.7
                      else subs)
    used[pick] = used.get(pick, 0) + 1
    return pick


def _discussion(ses: _Session, topic: str, questions: list[tuple[list[str], list[str]]],
                theme_count: dict[str, int], code_count: dict[str, int]) -> None:
    """The question guide of one topic, each question answered by several people."""
    t, rng = ses.t, ses.rng
    themes = TOPIC_MODULES[topic].THEMES
    for qi, (asks, lean) in enumerate(questions):
        ses.facilitator(asks)
        ses.prev = None
        for k in range(rng.randint(4, 8)):
            invited = None
            r = rng.random()
            if k and r < 0.08:
                ses.facilitator(talk.PROBES)
            elif k and r < 0.14:
                quiet = [m for m in ses.members if not ses.spoken[m]] or ses.members
                last_turn = ses.turns[-1][0] if ses.turns else None
                invited = rng.choice([m for m in quiet if m != last_turn]
                                     or [m for m in ses.members if m != last_turn])
                ses.facilitator(talk.INVITE, pid=invited)
            last = ses.prev if ses.prev and ses.prev.startswith("P") else None
            speaker = invited or ses.pick({last} if last else set())
            kind = rng.random()
            if kind < 0.13 and invited is None:
                ses.add(speaker, rng.choice(talk.BACKCHANNEL))
                continue
            if kind < 0.16 and invited is None:
                ses.add(speaker, t.say(talk.TECH) or "Sorry.")
                continue
            if lean and rng.random() < 0.5:
                theme = rng.choice(lean)
            else:
                low = min(theme_count.get(x, 0) for x in themes)
                theme = rng.choice([x for x in themes if theme_count.get(x, 0) == low])
            theme_count[theme] = theme_count.get(theme, 0) + 1
            code = _choose_code(rng, theme, code_count)
            drift: list[str] = []
            for _ in range(rng.choices([0, 1, 2], weights=[70, 24, 6])[0]):
                pool = (themes if rng.random() < 0.7 else
                        [x for x in THEME_TOPIC if THEME_TOPIC[x] != topic])
                other = rng.choice([x for x in pool if x != theme])
                drift.append(_choose_code(rng, other, code_count))
            pieces = t.substantive(speaker, code, _turn_size(rng), last, drift)
            coded = [i for i, p in enumerate(pieces) if p.code is not None]
            if not coded:
                ses.add(speaker, rng.choice(talk.BACKCHANNEL))
                continue
            if rng.random() < 0.07:
                # cross-talk: cut off after the first point; someone comes in; pick up again
                cut = t.say(talk.CUT_OFF)
                head, rest = pieces[:coded[0] + 1], pieces[coded[0] + 1:]
                ses.add(speaker, *_join(head + ([_Piece(cut)] if cut else [])))
                ses.add(ses.pick({speaker}),
                        rng.choice(["", "[crosstalk] "]) + rng.choice(talk.YIELD))
                if not any(p.code for p in rest):
                    more = t.point(code, 1, speaker)
                    rest = [_Piece(more[0], code)] if more else []
                if rest:
                    ses.add(speaker, *_join([_Piece(rng.choice(talk.RESUME))] + rest))
                continue
            ses.add(speaker, *_join(pieces))
        if qi == len(questions) - 2 and rng.random() < 0.5:
            ses.facilitator(talk.TIME_CHECK)


def _build_transcript(talker: _Talk, session: int, members: list[str]
                      ) -> tuple[list[Turn], list[list[tuple[int, int, str]]]]:
    """Turns of one session and, per turn, its coded spans (offsets in the turn's text)."""
    talker.c.forget_recent()
    ses = _Session(talker, members)
    rng = ses.rng
    theme_count: dict[str, int] = {}
    code_count: dict[str, int] = {}
    for k, topic in enumerate(SESSION_TOPICS[session]):
        ses.section = talk.TOPICS[topic]
        if k == 0:
            ses.facilitator(talk.WELCOME if session == 1 else talk.WELCOME_BACK)
        else:
            ses.facilitator(talk.NEXT_TOPIC)
        said = [talker.say([s]) for s in talk.PRESENTER[topic]]
        ses.add("Presenter", " ".join(s for s in said if s))
        ses.facilitator(talk.HANDOVER)
        questions = [(rng.sample(asks, len(asks)), lean) for asks, lean in talk.GUIDE[topic]]
        _discussion(ses, topic, questions, theme_count, code_count)
        missing = [th for th in TOPIC_MODULES[topic].THEMES if not theme_count.get(th)]
        if missing:  # pragma: no cover - the guide's leanings make this rare
            raise RuntimeError(f"session {session}: no talk about {missing}")
    ses.section = None
    ses.facilitator(talk.CLOSE)
    turns: list[Turn] = []
    spans: list[list[tuple[int, int, str]]] = []
    clock = 2.0
    for speaker, text, section, sp in ses.turns:
        dur = round(0.38 * len(text.split()) + 0.8, 1)
        turns.append(Turn(speaker, text, round(clock, 1), round(clock + dur, 1), section))
        spans.append(sp)
        clock += dur + rng.choice([0.3, 0.6, 1.0, 1.5, 2.5])
    return turns, spans


def build_study(seed: int = 0, groups: int = 5, fmt: str | None = None) -> Study:
    """Build the whole study in memory (no files written)."""
    rng = random.Random(seed)
    sizes = GROUP_SIZES if groups == 5 else [16] * groups
    study = Study()
    study.participants = make_participants(rng, sizes)
    talker = _Talk(seed, study.participants)
    for g in range(1, groups + 1):
        members = [str(p["participant_id"]) for p in study.participants
                   if p["group"] == f"FG{g}"]
        for session in (1, 2):
            tid = f"fg{g}_session{session}"
            gfmt = fmt or FORMATS[(g - 1) % 5 + 1][session - 1]
            turns, spans = _build_transcript(talker, session, members)
            tr = Transcript.from_turns(tid, turns, group=f"FG{g}", session=session)
            utt = tr.utterances
            if len(utt) != len(turns):
                raise RuntimeError(f"{tid}: turns were merged or dropped")
            for (_, row), sp in zip(utt.iterrows(), spans):
                u0, u1 = int(row["start"]), int(row["end"])
                if tr.text[u0:u1] != " ".join(str(row["text"]).split()):
                    raise RuntimeError(f"{tid}: white space changed in a turn")
                for s, e, code in sp:
                    theme = SUBCODE_THEME[code]
                    study.gold.append(GoldSpan(tid, u0 + s, u0 + e, theme, THEME_TOPIC[theme],
                                               code))
                    study.extracts.append(tr.text[u0 + s:u0 + e])
                    study.utterance_of.append((u0, u1))
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


def _chunks(text: str, size: int) -> list[str]:
    """Split a long turn at spaces into pieces of about ``size`` words (captions, paragraphs).

    A piece never starts with ``[``: an unlabelled line such as ``[laughs] so ...`` would
    read as a bracketed speaker code.

    >>> _chunks("a b c d e", 2)
    ['a b', 'c d', 'e']
    """
    words = text.split(" ")
    if len(words) <= size:
        return [text]
    out: list[list[str]] = [[]]
    for w in words:
        if len(out[-1]) >= size and not w.startswith("["):
            out.append([])
        out[-1].append(w)
    return [" ".join(c) for c in out]


def _timed_chunks(t: Turn, size: int) -> list[tuple[float, float, str]]:
    """A turn as captions of about ``size`` words, its time shared by their length."""
    parts = _chunks(t.text, size)
    total = sum(len(p) for p in parts)
    out, t0 = [], t.t_start
    for p in parts:
        t1 = round(t0 + (t.t_end - t.t_start) * len(p) / total, 2)
        out.append((t0, t1, p))
        t0 = t1
    return out


#: a turn longer than this many words is written as several paragraphs (txt, docx, csv)
_PARAGRAPH_WORDS = 90
#: and as captions of about this many words (vtt, srt)
_CAPTION_WORDS = 18


def _write_txt(path: Path, turns: list[Turn]) -> None:
    lines: list[str] = []
    section = None
    for t in turns:
        if t.section is not None and t.section != section:
            section = t.section
            lines.append(f"# {section}")
        paras = _chunks(t.text, _PARAGRAPH_WORDS)
        lines.append(f"{t.speaker}: {paras[0]}")
        lines.extend(paras[1:])
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def _write_vtt(path: Path, turns: list[Turn], teams: bool) -> None:
    cues = ["WEBVTT"]
    section = None
    i = 0
    for t in turns:
        if t.section is not None and t.section != section:
            section = t.section
            cues.append(f"NOTE Section: {section}")
        for t0, t1, part in _timed_chunks(t, _CAPTION_WORDS):
            i += 1
            body = f"<v {t.speaker}>{part}</v>" if teams else f"{t.speaker}: {part}"
            cues.append(f"{i}\n{_ts(t0)} --> {_ts(t1)}\n{body}")
    path.write_text("\n\n".join(cues) + "\n", encoding="utf-8")


def _write_srt(path: Path, turns: list[Turn]) -> None:
    cues: list[str] = []
    section = None

    def cue(t0: float, t1: float, body: str) -> None:
        cues.append(f"{len(cues) + 1}\n{_ts(t0, ',')} --> {_ts(t1, ',')}\n{body}")

    for t in turns:
        if t.section is not None and t.section != section:
            section = t.section
            cue(t.t_start, t.t_start, f"[Section: {section}]")
        for t0, t1, part in _timed_chunks(t, _CAPTION_WORDS):
            cue(t0, t1, f"{t.speaker}: {part}")
    path.write_text("\n\n".join(cues) + "\n", encoding="utf-8")


def _write_csv(path: Path, turns: list[Turn]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["start", "end", "speaker", "text", "section"])
        section = ""
        for t in turns:
            section = t.section if t.section is not None else section
            paras = _chunks(t.text, _PARAGRAPH_WORDS)
            w.writerow([_ts(t.t_start)[:8], _ts(t.t_end)[:8], t.speaker, paras[0], section])
            for para in paras[1:]:  # a row with no speaker continues the turn
                w.writerow(["", "", "", para, section])


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
            paras = _chunks(t.text, _PARAGRAPH_WORDS)
            p = doc.add_paragraph()
            p.add_run(f"{t.speaker}:").bold = True
            p.add_run(f" {paras[0]}")
            for para in paras[1:]:
                doc.add_paragraph(para)
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
    elif fmt == "srt":
        _write_srt(path, turns)
    elif fmt == "csv":
        _write_csv(path, turns)
    else:
        _write_docx(path, turns, table=fmt == "docx_table")


def _all_codes(topic: str) -> list[str]:
    return [sc for subs in TOPIC_MODULES[topic].SUBCODES.values() for sc, _ in subs]


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
    """Two coders' sub-code level codings derived from the gold spans.

    KS codes close to the gold: about 3% of stretches get another sub-code of the
    topic or shifted word boundaries, about 4% the theme instead of a sub-code. KG is
    looser: misses about 5%, codes trust far less often, picks another sub-code in about
    7%, codes the whole turn in about 20% (taking in the talk around the stretch, other
    themes included) and shifts a boundary by a word in about 30%.
    """
    out: dict[str, list[tuple[object, ...]]] = {"KS": [], "KG": []}
    rng = random.Random(seed + 1)
    for g, (lo, hi) in zip(study.gold, study.utterance_of):
        tid, s, e, theme, topic, code = g
        text = study.texts[tid]
        # KS: close to gold
        ks_s, ks_e, ks_code, memo = s, e, code, ""
        r = rng.random()
        if r < 0.015:
            ks_code = rng.choice([c for c in _all_codes(topic) if c != code])
            memo = "borderline, revisit"
        elif r < 0.03:
            ks_s, ks_e = _word_jitter(text, s, e, lo, hi, rng)
        elif r < 0.07:
            ks_code = theme
            memo = "no sub-code fits well"
        if ks_e <= ks_s:
            ks_s, ks_e = s, e
        out["KS"].append(("KS", tid, ks_s, ks_e, ks_code, memo))
        # KG: second coder, looser
        if rng.random() < 0.05:
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
(`python -m qualkit.synthetic --out DIR --seed 0`) from sentence templates the qualkit
authors wrote (`qualkit/_synthetic_content/`). No real participant said any of it. The
design (five groups of about sixteen people, two online sessions each, three topics
opened by a short talk, fifteen themes) follows the shape of a published deliberative
study of linked health data in Kent, Surrey and Sussex, but none of its wording or quotes.

The talk is composed so that no sentence of four words or more is said twice; turns run
from a word ("Yeah.") to a few hundred; people drift from one theme to another within a
turn, react to each other by participant number, hesitate ("I, I think", "um"), lose
their connection, talk over each other (`[crosstalk]`, a sentence cut off with a dash)
and pick up again; the transcriber marks `[inaudible]` and `[laughs]`.

## Files

- `fg<N>_session<S>.*`: ten transcripts, five groups by two sessions. Session 1
  covers the benefits and the risks of linked data, session 2 public involvement,
  oversight and communication. The groups use different formats so that every
  reader is exercised: FG1 Word paragraphs with bold speaker labels (long turns run on
  over unlabelled paragraphs), FG2 a Word table (time, speaker, text) in session 1 and
  a CSV export (`start, end, speaker, text, section`; long turns continue on rows with
  no speaker) in session 2, FG3 plain text with `# Section` lines, FG4 a Zoom-style
  WebVTT file (`P33: text` captions) in session 1 and an SRT file in session 2, FG5 a
  Teams-style WebVTT file (`<v P65>` voice tags). Captions hold about eighteen words, so
  a long turn spans several; the WebVTT files name their sections in `NOTE Section: ...`
  blocks, the SRT file in `[Section: ...]` captions.
- `participants.csv`: one row per participant (79), with group, sex, age in
  years, ethnicity, county, willingness to share records before and after the
  groups, education, employment and disability.
- `codings_KS.csv`, `codings_KG.csv`: two coders' codings at sub-code level
  (`coder, transcript_id, start, end, code_id, memo`; offsets in the transcript's
  plain text). KS is close to the gold standard (a few other sub-codes, shifted
  boundaries, and a theme where no sub-code fitted); KG is looser (shifted word
  boundaries, whole-turn spans that take in neighbouring themes, some different or
  missed codes, little use of trust).
- `gold_themes.csv`: the theme and sub-code of each stretch of talk the generator
  composed on one sub-code (`transcript_id, start, end, theme_id, topic_id, code_id`).
  It is for evaluating methods only; a real study has no such file.

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
    dump("gold_themes.csv", list(GoldSpan._fields), [tuple(g) for g in study.gold])
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
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--groups", type=int, default=5, help="number of focus groups")
    ap.add_argument("--format", choices=list(FORMAT_NAMES), default=None,
                    help="one format for every transcript (default: one per group and "
                         "session)")
    args = ap.parse_args(argv)
    study = write_study(args.out, seed=args.seed, groups=args.groups, fmt=args.format)
    print(f"wrote {len(study.transcripts)} transcripts, {len(study.gold)} gold spans "
          f"to {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
