"""``qualkit demo``: the whole pipeline on the bundled synthetic study.

Load and summarise the transcripts, scan them for identifiers, build a project
with the codebook and the two coders' codings, measure agreement, reconcile a
consensus, search for candidate themes, map themes onto the social-licence
tenets, run the queries, and write the Word report -- every output into one
folder, with a closing list of what was written.

Every table and figure the demo writes passes the identifier scan first (it can be
pointed at other transcripts with ``--data``): a finding stops it with [Q501], naming
the place, and the identifier scan's own file names the places and kinds of what it
found, never the words.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._export import write_csv, write_xlsx


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run the whole pipeline on the synthetic focus-group study")
    p.add_argument("--out", default="qualkit_demo", help="folder for the outputs")
    p.add_argument("--data", default=None, help="transcript folder (default: the bundled one)")
    p.set_defaults(func=run)


class _Demo:
    """State shared by the steps of the demo."""

    def __init__(self, out: Path, data: Path) -> None:
        self.out = out
        self.data = data
        self.written: list[tuple[str, Path]] = []
        self.notes: list[str] = []
        self.ctx: dict[str, Any] = {}

    def wrote(self, what: str, path: Path) -> None:
        self.written.append((what, path))

    def table(self, df: Any, name: str, what: str, **kwargs: Any) -> Path:
        """Write ``df`` to ``out/name`` (.csv or .xlsx) after the identifier scan."""
        from ..privacy import check_export

        check_export(df)
        p = self.out / name
        (write_xlsx if p.suffix == ".xlsx" else write_csv)(df, p, **kwargs)
        self.wrote(what, p)
        return p

    def figure(self, ax: Any, name: str, what: str, **kwargs: Any) -> Path:
        """Save ``ax``'s figure to ``out/name`` after scanning every text it shows."""
        import matplotlib.pyplot as plt

        from ..privacy import check_export
        from ..report._figures import figure_texts

        try:
            check_export(figure_texts(ax.figure))
            p = self.out / name
            ax.figure.savefig(p, dpi=200, **kwargs)
        finally:
            plt.close(ax.figure)
        self.wrote(what, p)
        return p


def _load(d: _Demo) -> None:
    from ..io import read_transcripts

    corpus = read_transcripts(d.data)
    d.ctx["corpus"] = corpus
    s = corpus.summary().iloc[0]
    d.notes.append(f"{s.transcripts} transcripts, {s.groups} groups, {s.sessions} sessions, "
                   f"{s.sections} sections, {s.participants} participants speaking, "
                   f"{s.utterances} utterances, {s.words} words")
    d.table(corpus.utterances, "utterances.csv", "utterance table", index=False)
    rep = corpus.reading_report
    d.table(rep, "reading_report.csv", "reading report (how each file was read)", index=False)
    n = rep["status"].value_counts()
    layouts = "; ".join(f"{f} {lay}" for (f, lay), _ in
                        rep.groupby(["format", "layout"], dropna=False).size().items())
    d.notes.append(f"reading: {n.get('read', 0)} file(s) read, {n.get('partial', 0)} in part, "
                   f"{n.get('skipped', 0)} skipped; {rep['labelled_share'].min():.0%} or more of "
                   f"each file's words under labelled turns ({layouts})")


def _scan(d: _Demo) -> None:
    from ..privacy import scan_identifiers

    findings = scan_identifiers(d.ctx["corpus"])
    # the places and kinds to review, not the words found
    d.table(findings.drop(columns=["text"]), "identifier_scan.csv",
            "identifier scan findings (places and kinds)", index=False)
    off = sorted(findings.attrs.get("detectors_off", {}))
    d.notes.append(f"identifier scan: {len(findings)} finding{'' if len(findings) == 1 else 's'} to review"
                   + (f"; detectors off: {', '.join(off)}" if off else ""))


def _project(d: _Demo) -> None:
    from ..codebook import Codebook
    from ..datasets import synthetic_codebook_path
    from ..project import Project

    path = d.out / "study.qkproj"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    project = Project.create(path)
    with project.transaction():  # the study's material all in, or none of it
        project.add_corpus(d.ctx["corpus"], who="demo")
        project.set_codebook(Codebook.read(synthetic_codebook_path()), who="demo")
        for coder in ("KS", "KG"):
            project.import_codings(d.data / f"codings_{coder}.csv", coder=coder)
    d.ctx["project"] = project
    d.wrote("project (SQLite)", path)
    d.notes.append(f"codebook: {len(project.codebook)} codes; codings: "
                   + ", ".join(f"{c} {n}" for c, n in
                               project.codings().groupby("coder").size().items()))


def _agreement(d: _Demo) -> None:
    from ..compare import compare_coders

    project = d.ctx["project"]
    rep = compare_coders(project, ("KS", "KG"), unit="utterance", level=1, ci=True, n_boot=200)
    d.ctx["agreement"] = rep
    p = rep.to_xlsx(d.out / "agreement_by_theme.xlsx")
    d.wrote("agreement by theme (utterances)", p)
    p = rep.to_docx(d.out / "agreement_by_theme.docx")
    d.wrote("agreement table (Word)", p)
    d.figure(rep.plot(), "agreement_heatmap.png", "agreement heatmap")
    nv = compare_coders(project, ("KS", "KG"), unit="character")
    p = nv.to_csv(d.out / "agreement_by_code_characters.csv")
    d.wrote("NVivo-style character agreement by code", p)
    d.table(nv.unitizing, "agreement_unitizing_alphas.csv",
            "Krippendorff's unitizing alphas by domain (ATLAS.ti's family)", index=False)
    o = rep.overall.iloc[0]
    d.notes.append(f"agreement (themes, utterances): {o.percent_agreement:.1%}, "
                   f"kappa {o.kappa:.3f}, alpha {o.alpha:.3f}, AC1 {o.ac1:.3f}")
    fam = nv.unitizing.set_index(["domain", "coefficient"])["alpha"]
    d.notes.append("unitizing (characters, all domains): "
                   f"|u-alpha {fam[('(all domains)', '|u_alpha')]:.3f}, "
                   f"Cu-alpha {fam[('(all domains)', 'Cu_alpha')]:.3f}")


def _reconcile(d: _Demo) -> None:
    from ..compare import reconcile

    rec = reconcile(d.ctx["project"], ("KS", "KG"), rule="union", who="demo")
    d.table(rec.codings, "consensus_codings.csv", "consensus codings with provenance",
            index=False)


def _themes(d: _Demo) -> None:
    import pandas as pd

    from ..themes import evaluate_themes, suggest_themes

    project = d.ctx["project"]
    cands = suggest_themes(project, coder="consensus", random_state=0)
    d.ctx["themes"] = cands
    d.table(cands.table, "candidate_themes.csv", "candidate themes", index=False)
    d.table(cands.quotes(3), "candidate_theme_quotes.csv", "representative quotes", index=False)
    d.figure(cands.plot(), "thematic_map_candidates.png", "candidate thematic map",
             bbox_inches="tight")
    gold = pd.read_csv(d.data / "gold_themes.csv")
    ev = evaluate_themes(cands, gold)
    d.table(ev, "theme_evaluation.csv", "candidate themes against the gold themes", index=False)
    e = ev.iloc[0]
    d.notes.append(f"candidate themes: {int(e.n_themes)} (ARI {e.ari:.2f}, NMI {e.nmi:.2f} "
                   "against the gold themes)")


def _queries(d: _Demo) -> None:
    from ..queries import cooccurrence, matrix_coding, plot_cooccurrence, quote_table

    project = d.ctx["project"]
    co = cooccurrence(project, coder="consensus", level=1)
    d.table(co, "cooccurrence_themes.csv", "theme co-occurrence")
    d.figure(plot_cooccurrence(co), "cooccurrence_themes.png", "co-occurrence heatmap")
    mc = matrix_coding(project, by="county", coder="consensus", level=1, count="participants",
                       suppress_below=5)
    d.table(mc, "themes_by_county.csv",
            "matrix coding: themes x county (participants, small cells suppressed)")
    qt = quote_table(project, coder="consensus")
    d.table(qt, "quotes.xlsx", "quote table (one row per coding)", index=False)


#: Frameworks the demo maps the themes onto: the study's principles, Carter et al.'s
#: tenets and the Kent and Medway Social Licence's principles.
FRAMEWORKS = ("ksss2022", "carter2015", "kent_medway2025")


def _mapping(d: _Demo) -> None:
    import matplotlib.pyplot as plt

    from ..frameworks import map_themes
    from ..frameworks._mapping import _roll_up, themes_frame
    from ..report import (evidence_from_codings, participant_table, plot_willingness,
                          principle_table, save_figure, select_quotes)

    project = d.ctx["project"]
    cb = project.codebook
    evidence = evidence_from_codings(project.codings(coder="consensus"), project.corpus)
    evidence = _roll_up(evidence.assign(theme=evidence["code_id"]), list(themes_frame(cb).theme), cb)
    # two quotes per theme: whole sentences, most like the theme, from different groups
    picked = select_quotes(evidence, project.corpus, cb, n=2)
    for fw in FRAMEWORKS:
        mapping = map_themes(cb, framework=fw, evidence=evidence)
        table = principle_table(mapping, quotes=picked)
        stem = "theme_to_principle" + ("" if fw == FRAMEWORKS[0] else f"_{fw}")
        for suffix, writer in ((".docx", table.to_docx), (".xlsx", table.to_xlsx),
                               (".csv", table.to_csv), (".md", table.to_markdown)):
            p = d.out / f"{stem}{suffix}"
            writer(p)
            d.wrote(f"theme-to-principle table ({suffix[1:]})", p)
        links = mapping.table
        n_pr = links["tenet"].nunique()
        d.notes.append(f"{mapping.framework.name}: {links['theme'].nunique()} themes on {n_pr} of "
                       f"{len(mapping.framework)} principles ("
                       + ("the study's own mapping" if set(links.source) == {"manual"} else
                          ", ".join(f"{n} {s}" for s, n in links["strength"].value_counts().items())
                          + " links derived from the data") + ")")
        if fw == FRAMEWORKS[0]:
            d.ctx["mapping"] = mapping
    mapping = d.ctx["mapping"]
    d.table(mapping.table, "theme_to_principle_mapping.csv",
            "themes mapped to the study's principles (links with strength and rationale)",
            index=False)
    d.table(mapping.crosswalk(), "theme_crosswalk.csv",
            "crosswalk per theme: the study's principles, Carter, Stockdale, Kent & Medway",
            index=False)
    parts = project.corpus.participants
    pt = participant_table(parts, suppress_below=5)
    p = d.out / "participants.docx"
    pt.to_docx(p)
    d.wrote("participant characteristics (small cells suppressed)", p)
    ax = plot_willingness(parts)
    for p in save_figure(ax, d.out / "willingness_before_after"):
        d.wrote("willingness before and after (figure)", p)
    plt.close(ax.figure)


def _report(d: _Demo) -> None:
    from ..report import report

    p = d.out / "report.docx"
    report(d.ctx["project"], framework=list(FRAMEWORKS), out=p, agreement=d.ctx["agreement"],
           coder="consensus")
    d.wrote("Word report", p)


STEPS: list[tuple[str, Callable[[_Demo], None]]] = [
    ("reading transcripts", _load),
    ("scanning for identifiers", _scan),
    ("building the project", _project),
    ("measuring agreement", _agreement),
    ("reconciling a consensus", _reconcile),
    ("searching for themes", _themes),
    ("running queries", _queries),
    ("mapping themes to tenets", _mapping),
    ("writing the report", _report),
]


def run(args: argparse.Namespace) -> int:
    import matplotlib

    matplotlib.use("Agg")
    from tqdm.auto import tqdm

    from ..datasets import synthetic_path
    from ..errors import Errors, TranscriptFormatError

    out = Path(args.out)
    data = Path(args.data) if args.data else synthetic_path()
    if not data.is_dir():
        raise TranscriptFormatError(Errors.Q003.format(path=data))
    out.mkdir(parents=True, exist_ok=True)
    demo = _Demo(out, data)
    t0 = time.perf_counter()
    with tqdm(STEPS, desc="qualkit demo", unit="step", leave=False) as bar:
        for label, step in bar:
            bar.set_postfix_str(label)
            step(demo)
    print(f"qualkit demo on {data} ({time.perf_counter() - t0:.0f} s)")
    for note in demo.notes:
        print(f"  - {note}")
    print(f"wrote {len(demo.written)} files to {out}/:")
    for what, path in demo.written:
        print(f"  {path.relative_to(out)!s:45s} {what}")
    return 0
