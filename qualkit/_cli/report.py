"""``qualkit report``, ``qualkit map`` and ``qualkit themes``: the report author's commands.

Thin layers over :func:`qualkit.report.report`, :func:`qualkit.map_themes` with
:func:`qualkit.principle_table`, and :func:`qualkit.suggest_themes`; every mistake is a
qualkit error naming the file or option.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

_TABLES = (".docx", ".xlsx", ".csv", ".md")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write the Word report of a coded project")
    p.add_argument("project", help="the project file (.qkproj)")
    p.add_argument("--framework", action="append", metavar="NAME_OR_YAML",
                   help="framework whose principles the themes are mapped onto: ksss2022, "
                        "carter2015, stockdale2019, kent_medway2025 or a YAML file; repeat for "
                        "a section per framework (default: ksss2022)")
    p.add_argument("--out", default="report.docx", help="the Word file to write (default: report.docx)")
    p.add_argument("--coder", default=None,
                   help="whose codings give prevalence and quotes (default: every coder's)")
    p.add_argument("--agreement", default=None, metavar="CODER_A,CODER_B",
                   help="add the agreement between two coders, theme by theme on utterances "
                        "(a sentence and a table), e.g. KS,KG")
    p.add_argument("--paper", default="A4", choices=["A4", "Letter"], help="page size (default: A4)")
    p.add_argument("--title", default=None, help="the report's title")
    p.add_argument("--author", default=None, help="the document's author (default: the coders)")
    p.add_argument("--suppress-below", type=int, default=5, metavar="N",
                   help="participant counts below N are shown as <N (default: 5)")
    p.set_defaults(func=_report)

    m = sub.add_parser("map", help="the theme-to-principle table of a project for one framework")
    m.add_argument("project", help="the project file (.qkproj)")
    m.add_argument("--framework", default="ksss2022", metavar="NAME_OR_YAML",
                   help="ksss2022 (the study's own mapping), carter2015, stockdale2019, "
                        "kent_medway2025 or a YAML file (default: ksss2022)")
    m.add_argument("--out", required=True,
                   help="the table to write: .docx, .xlsx, .csv or .md; a crosswalk ends in "
                        "_crosswalk.csv")
    m.add_argument("--coder", default=None, help="whose codings are the evidence (default: all)")
    m.add_argument("--manual", default=None, metavar="CSV",
                   help="your own links: a CSV with theme, tenet[, strength, rationale]")
    m.add_argument("--quotes", type=int, default=2, metavar="N",
                   help="illustrative quotes per theme (default: 2; 0 for none)")
    m.add_argument("--crosswalk", action="store_true",
                   help="write every theme's links to every shipped framework instead")
    m.set_defaults(func=_map)

    t = sub.add_parser("themes", help="search a project for candidate themes")
    t.add_argument("project", help="the project file (.qkproj)")
    t.add_argument("--out", required=True, help="the candidate themes table (.csv or .xlsx)")
    t.add_argument("--coder", default=None,
                   help="cluster this coder's codes (default: participants' utterances)")
    t.add_argument("--n-themes", type=int, default=None, metavar="K",
                   help="number of themes (default: chosen from the data)")
    t.add_argument("--quotes", default=None, metavar="FILE",
                   help="also write three quotes per theme to this .csv or .xlsx")
    t.add_argument("--plot", default=None, metavar="FILE", help="also draw the map (.png, .svg, .pdf)")
    t.add_argument("--random-state", type=int, default=0, help="seed (default: 0)")
    t.set_defaults(func=_themes)


def _suffix(path: str, allowed: tuple[str, ...], option: str, command: str) -> Path:
    from .._validation import check_option

    p = Path(path)
    check_option(p.suffix.lower(), list(allowed), param=option, caller=f"qualkit {command}")
    return p


def _open(args: argparse.Namespace, command: str) -> Any:
    from ..errors import Errors, InvalidParameterError
    from ..project import Project

    project = Project.open(args.project, read_only=True)
    coders = sorted(project.codings()["coder"].unique())
    if args.coder is not None and args.coder not in coders:
        raise InvalidParameterError(Errors.Q001.format(
            param="--coder", caller=f"qualkit {command} {args.project}",
            expected=f"one of the project's coders {coders}", found=args.coder))
    pair = getattr(args, "agreement", None)
    if pair is not None:
        names = [c.strip() for c in pair.split(",")]
        if len(names) != 2 or len(set(names)) != 2 or not set(names) <= set(coders):
            raise InvalidParameterError(Errors.Q001.format(
                param="--agreement", caller=f"qualkit {command} {args.project}",
                expected=f"two of the project's coders {coders}, comma-separated", found=pair))
        args.agreement = tuple(names)
    return project


def _report(args: argparse.Namespace) -> int:
    from ..report import report

    out = _suffix(args.out, (".docx",), "--out", "report")
    project = _open(args, "report")
    kw = {"title": args.title} if args.title else {}
    if args.agreement is not None:
        from ..compare import compare_coders

        kw["agreement"] = compare_coders(project, args.agreement, unit="utterance", level=1)
    path = report(project, framework=args.framework or ["ksss2022"], out=out, coder=args.coder,
                  paper=args.paper, author=args.author, suppress_below=args.suppress_below, **kw)
    print(f"wrote {path}")
    return 0


def _map(args: argparse.Namespace) -> int:
    from ..frameworks import map_themes
    from ..frameworks._mapping import _roll_up, themes_frame
    from ..report import evidence_from_codings, principle_table, select_quotes

    out = _suffix(args.out, (".csv",) if args.crosswalk else _TABLES, "--out", "map")
    project = _open(args, "map")
    codings = project.codings(coder=args.coder) if args.coder else project.codings()
    ev = evidence_from_codings(codings, project.corpus) if len(codings) else None
    if ev is not None:
        ev = _roll_up(ev.assign(theme=ev["code_id"]), list(themes_frame(project).theme),
                      project.codebook)
    manual = args.manual if args.manual is not None else None
    mapping = map_themes(project, framework=args.framework, manual=manual, evidence=ev)
    if args.crosswalk:
        from .._export import write_csv

        write_csv(mapping.crosswalk(), out, index=False)  # no cell a formula, all or nothing
        print(f"wrote {out}")
        return 0
    quotes = select_quotes(ev, project.corpus, project, n=args.quotes) \
        if ev is not None and args.quotes > 0 else None
    table = principle_table(mapping, quotes=quotes, n_quotes=max(args.quotes, 1))
    {".docx": table.to_docx, ".xlsx": table.to_xlsx, ".csv": table.to_csv,
     ".md": table.to_markdown}[out.suffix.lower()](out)
    print(f"wrote {out} ({len(table.table)} themes, {mapping.framework.name})")
    return 0


def _themes(args: argparse.Namespace) -> int:
    from ..queries import write_table
    from ..themes import suggest_themes

    out = _suffix(args.out, (".csv", ".xlsx"), "--out", "themes")
    qpath = _suffix(args.quotes, (".csv", ".xlsx"), "--quotes", "themes") if args.quotes else None
    plot = _suffix(args.plot, (".png", ".svg", ".pdf"), "--plot", "themes") if args.plot else None
    project = _open(args, "themes")
    cands = suggest_themes(project, coder=args.coder, n_themes=args.n_themes,
                           random_state=args.random_state)
    write_table(cands.table, out)
    print(f"wrote {out} ({len(cands.table)} candidate themes)")
    if qpath is not None:
        write_table(cands.quotes(3), qpath)
        print(f"wrote {qpath}")
    if plot is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from ..report import save_figure

        ax = cands.plot()
        try:  # the theme labels are words from the transcripts: scanned like any export
            save_figure(ax, plot, formats=(plot.suffix.lstrip(".").lower(),), dpi=200)
        finally:
            plt.close(ax.figure)
        print(f"wrote {plot}")
    return 0
