"""Map themes onto the tenets of a social-licence framework.

Examples
--------
>>> import pandas as pd
>>> from qualkit.frameworks import map_themes
>>> themes = pd.DataFrame({"theme": ["sold"], "name": ["Data sold on"],
...                        "definition": ["worry that data is sold to companies for profit"]})
>>> m = map_themes(themes, framework="carter2015")
>>> m.table.loc[0, "tenet"]
'non_exploitation'
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, FrameworkError
from ._framework import Framework, load_framework

__all__ = ["ThemeMapping", "map_themes", "themes_frame"]

MAPPING_COLUMNS = ["theme", "tenet", "source", "strength", "rationale", "score", "evidence_terms"]
THEME_COLUMNS = ["theme", "name", "definition", "cues", "topic"]


def themes_frame(themes: Any, caller: str = "map_themes") -> pd.DataFrame:
    """Normalise a Codebook, DataFrame or Project into ``THEME_COLUMNS``.

    For a Codebook the themes are the codes one level below the roots (topics), or the
    roots themselves when no code has a parent.
    """
    from ..codebook import Codebook

    if hasattr(themes, "themes") and callable(themes.themes) and not isinstance(themes, Codebook):
        t = themes.themes()
        if isinstance(t, pd.DataFrame) and len(t):
            t = t.copy()
            if "codes" in t.columns:  # a theme built from one code keeps that code's id
                t["theme"] = [c[0] if isinstance(c, list) and len(c) == 1 else str(n)
                              for c, n in zip(t["codes"], t["name"])]
            return themes_frame(t, caller)
        return themes_frame(themes.codebook, caller)
    if isinstance(themes, Codebook):
        has_children = any(c.parent for c in themes)
        rows = []
        for c in themes:
            depth = len(themes.ancestors(c.id))
            if (has_children and depth == 1) or (not has_children and depth == 0):
                rows.append({"theme": c.id, "name": c.name, "definition": c.definition,
                             "cues": "; ".join(c.cues), "topic": c.parent or ""})
        return pd.DataFrame(rows, columns=THEME_COLUMNS)
    if isinstance(themes, pd.DataFrame):
        df = themes.copy()
        if "theme" not in df.columns:
            for alt in ("id", "theme_id", "code_id"):
                if alt in df.columns:
                    df = df.rename(columns={alt: "theme"})
                    break
        if "theme" not in df.columns:
            raise FrameworkError(Errors.Q705.format(caller=caller, what="the DataFrame",
                                                    problem=f"no theme id column in {list(themes.columns)}"))
        for c in THEME_COLUMNS:
            if c not in df.columns:
                df[c] = df["theme"] if c == "name" else ""
        df = df[THEME_COLUMNS].fillna("").astype(str)
        return df.reset_index(drop=True)
    raise FrameworkError(Errors.Q705.format(caller=caller, what=type(themes).__name__,
                                            problem="unsupported type"))


class ThemeMapping:
    """Result of :func:`map_themes`.

    Attributes
    ----------
    table : DataFrame
        ``MAPPING_COLUMNS``: one row per (theme, tenet) link; ``source`` is ``manual`` or
        ``suggested``; suggestions carry a TF-IDF ``score`` and ``evidence_terms``.
    themes : DataFrame
        The themes (``THEME_COLUMNS``).
    framework : Framework
    evidence : DataFrame or None
        Extracts with ``theme`` and optional ``group``, ``participant``, ``text``.
    """

    def __init__(self, table: pd.DataFrame, themes: pd.DataFrame, framework: Framework,
                 evidence: pd.DataFrame | None = None) -> None:
        self.table = table
        self.themes = themes
        self.framework = framework
        self.evidence = evidence

    def __repr__(self) -> str:
        return (f"ThemeMapping({self.framework.id}: {len(self.themes)} themes, "
                f"{len(self.table)} links)")

    def assignments(self, source: str | None = "manual") -> dict[str, list[str]]:
        """theme -> tenets (manual links, or all links with ``source=None``)."""
        t = self.table if source is None else self.table[self.table.source == source]
        return {k: list(v) for k, v in t.groupby("theme", sort=False)["tenet"]}

    def crosswalk(self) -> pd.DataFrame:
        """theme -> tenet -> related tenets of every other framework (one column each).

        Columns: ``theme, tenet, source`` then one column per related framework
        (e.g. ``carter2015``, ``stockdale2019``, ``kent_medway2025``), ids joined by '; '.
        """
        cw = self.framework.crosswalk
        others = list(dict.fromkeys(cw.framework))
        # reach frameworks two steps away through carter2015 when not declared directly
        rows = []
        for r in self.table.itertuples():
            row = {"theme": r.theme, "tenet": r.tenet, "source": r.source}
            rel = cw[cw.tenet == r.tenet]
            for fw in others:
                row[fw] = "; ".join(rel[rel.framework == fw].related_tenet)
            rows.append(row)
        return pd.DataFrame(rows, columns=["theme", "tenet", "source", *others])

    def coverage(self) -> dict[str, pd.DataFrame | list[str]]:
        """Gaps and strength of evidence.

        Returns
        -------
        dict with ``unsupported_tenets`` (list), ``unmapped_themes`` (list) and
        ``tenets`` (DataFrame ``tenet, name, themes, n_themes, groups, participants,
        extracts``; the last three are counts from ``evidence`` or 0).
        """
        links = self.table
        rows = []
        ev = self.evidence
        for t in self.framework.tenets:
            th = list(dict.fromkeys(links.loc[links.tenet == t.id, "theme"]))
            g = p = x = 0
            if ev is not None and len(ev):
                sub = ev[ev.theme.isin(th)]
                x = len(sub)
                g = sub["group"].nunique() if "group" in sub else 0
                p = sub["participant"].dropna().nunique() if "participant" in sub else 0
            rows.append({"tenet": t.id, "name": t.name, "themes": "; ".join(th), "n_themes": len(th),
                         "groups": int(g), "participants": int(p), "extracts": int(x)})
        tab = pd.DataFrame(rows, columns=["tenet", "name", "themes", "n_themes", "groups",
                                          "participants", "extracts"])
        return {"unsupported_tenets": list(tab.loc[tab.n_themes == 0, "tenet"]),
                "unmapped_themes": [t for t in self.themes.theme if t not in set(links.theme)],
                "tenets": tab}


def _evidence_frame(evidence: Any, cb: Any = None) -> pd.DataFrame | None:
    if evidence is None:
        return None
    if not isinstance(evidence, pd.DataFrame):
        raise FrameworkError(Errors.Q704.format(caller="map_themes", row=0,
                                                problem=f"evidence is {type(evidence).__name__}",
                                                expected="a DataFrame with theme (or code_id) and text"))
    ev = evidence.copy()
    if "theme" not in ev.columns and "code_id" in ev.columns:
        ev["theme"] = ev["code_id"]
    if "participant" not in ev.columns:
        for alt in ("participant_id", "speaker"):
            if alt in ev.columns:
                ev["participant"] = ev[alt]
                break
    if "theme" not in ev.columns:
        raise FrameworkError(Errors.Q704.format(caller="map_themes", row=0,
                                                problem=f"evidence has columns {list(ev.columns)}",
                                                expected="a theme or code_id column"))
    return ev


def _codebook_of(themes: Any) -> Any:
    from ..codebook import Codebook

    if isinstance(themes, Codebook):
        return themes
    cb = getattr(themes, "codebook", None)
    return cb if isinstance(cb, Codebook) else None


def _roll_up(ev: pd.DataFrame, theme_ids: list[str], codebook: Any = None) -> pd.DataFrame:
    """Map sub-code ids onto their theme: through the codebook's tree when there is one,
    else by id prefix (``breaches_cyber_attack`` -> ``breaches``)."""
    ids = sorted(theme_ids, key=len, reverse=True)
    known = set(theme_ids)

    def up(c: str) -> str:
        c = str(c)
        if codebook is not None and c in codebook and c not in known:
            for a in reversed(codebook.ancestors(c)):
                if a in known:
                    return a
        for t in ids:
            if c == t or c.startswith(t + "_") or c.startswith(t + "."):
                return t
        return c
    ev = ev.copy()
    ev["theme"] = ev["theme"].map(up)
    return ev


def _suggest(themes: pd.DataFrame, fw: Framework, ev: pd.DataFrame | None,
             top: int, min_score: float) -> pd.DataFrame:
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs_t = []
    for r in themes.itertuples():
        extra = ""
        if ev is not None and "text" in ev.columns:
            extra = " ".join(ev.loc[ev.theme == r.theme, "text"].astype(str).head(50))
        docs_t.append(f"{r.name} {r.definition} {r.cues.replace(';', ' ')} {extra}")
    docs_f = [f"{t.name} {t.description} {' '.join(t.cues)} {' '.join(t.commitments)}"
              for t in fw.tenets]
    vec = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
    X = vec.fit_transform(docs_t + docs_f)
    A, B = X[: len(docs_t)], X[len(docs_t):]
    S = (A @ B.T).toarray()
    terms = np.asarray(vec.get_feature_names_out())
    rows = []
    for i, th in enumerate(themes.theme):
        order = np.argsort(-S[i], kind="stable")[:top]
        for j in order:
            if S[i, j] <= min_score:
                continue
            shared = A[i].multiply(B[j]).toarray().ravel()
            idx = [k for k in np.argsort(-shared, kind="stable")[:5] if shared[k] > 0]
            rows.append({"theme": th, "tenet": fw.tenets[j].id, "source": "suggested",
                         "strength": "suggested", "rationale": "TF-IDF similarity of theme text to tenet text",
                         "score": round(float(S[i, j]), 4), "evidence_terms": "; ".join(terms[idx])})
    return pd.DataFrame(rows, columns=MAPPING_COLUMNS)


def map_themes(themes: Any, framework: str | Framework = "ksss2022", manual: Any = None,
               evidence: pd.DataFrame | None = None, *, suggest: bool = True, top: int = 2,
               min_score: float = 0.0) -> ThemeMapping:
    """Map themes onto a framework's tenets: manual links first, then ranked suggestions.

    Parameters
    ----------
    themes : Codebook, DataFrame or Project
        Theme-level codes of a codebook, a table with ``theme, name, definition`` (and
        optional ``cues``, ``topic``), or a project whose ``themes()`` gives one.
    framework : str or Framework
        Shipped id or path to a YAML file (see :func:`load_framework`).
    manual : DataFrame, path, False or None
        Researcher-made links ``theme, tenet[, strength, rationale]``. ``None`` uses the
        framework's shipped mapping (``ksss2022`` ships the study's own) for the themes it
        covers; ``False`` uses none.
    evidence : DataFrame, optional
        Coded extracts with ``theme`` or ``code_id`` (sub-codes roll up to their theme) and
        optional ``group``, ``participant``, ``text``; feeds coverage and suggestions.
    suggest : bool
        Add TF-IDF suggestions for themes with no manual link.
    top : int
        Suggestions kept per theme, best first.

    Returns
    -------
    ThemeMapping

    Examples
    --------
    >>> import pandas as pd
    >>> th = pd.DataFrame({"theme": ["trust", "breaches"], "name": ["Build trust", "Breaches"],
    ...                    "definition": ["", ""]})
    >>> map_themes(th, framework="ksss2022").assignments()
    {'breaches': ['nonexploitation_harm'], 'trust': ['reciprocity_autonomy_justice']}
    """
    fw = load_framework(framework)
    tf = themes_frame(themes)
    ev = _evidence_frame(evidence)
    if ev is not None:
        ev = _roll_up(ev, list(tf.theme), _codebook_of(themes))
    if manual is None:
        man = fw.mapping()
        if man is not None:
            man = man[man.theme.isin(set(tf.theme))]
    elif manual is False:
        man = None
    elif isinstance(manual, pd.DataFrame):
        man = manual.copy()
    else:
        man = pd.read_csv(manual, dtype=str).fillna("")
    parts = []
    if man is not None and len(man):
        for c in ("theme", "tenet"):
            if c not in man.columns:
                raise FrameworkError(Errors.Q704.format(caller="map_themes", row=0,
                                                        problem=f"manual mapping has no {c!r} column",
                                                        expected="columns theme, tenet[, strength, rationale]"))
        for i, r in enumerate(man.itertuples(), 2):
            if r.tenet not in fw.ids:
                raise FrameworkError(Errors.Q704.format(caller="map_themes", row=i,
                                                        problem=f"unknown tenet {r.tenet!r}",
                                                        expected=f"one of {fw.ids}"))
        m = pd.DataFrame({"theme": man.theme.astype(str), "tenet": man.tenet.astype(str),
                          "source": "manual",
                          "strength": man.get("strength", pd.Series("primary", index=man.index)),
                          "rationale": man.get("rationale", pd.Series("", index=man.index)),
                          "score": np.nan, "evidence_terms": ""})
        parts.append(m[MAPPING_COLUMNS])
    if suggest:
        done = set(parts[0].theme) if parts else set()
        rest = tf[~tf.theme.isin(done)]
        if len(rest):
            parts.append(_suggest(rest, fw, ev, top, min_score))
    table = (pd.concat(parts, ignore_index=True) if parts
             else pd.DataFrame(columns=MAPPING_COLUMNS))
    return ThemeMapping(table.reset_index(drop=True), tf, fw, ev)
