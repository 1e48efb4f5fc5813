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

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, FrameworkError
from ._framework import Framework, load_framework

__all__ = ["ThemeMapping", "map_themes", "themes_frame"]

MAPPING_COLUMNS = ["theme", "tenet", "source", "strength", "rationale", "score", "evidence_terms"]
CROSSWALK_COLUMNS = ["theme", "theme_name", "framework", "framework_name", "tenet", "tenet_name",
                     "source", "strength", "rationale"]
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
        ``suggested``; suggestions carry a ``score`` (0-1, the theme's best is 1), the
        ``strength`` of the evidence, a ``rationale`` and ``evidence_terms`` (the words
        theme and tenet share).
    themes : DataFrame
        The themes (``THEME_COLUMNS``).
    framework : Framework
    evidence : DataFrame or None
        Extracts with ``theme`` and optional ``group``, ``participant``, ``text``.
    """

    def __init__(self, table: pd.DataFrame, themes: pd.DataFrame, framework: Framework,
                 evidence: pd.DataFrame | None = None, source: Any = None) -> None:
        self.table = table
        self.themes = themes
        self.framework = framework
        self.evidence = evidence
        self._source = themes if source is None else source

    def __repr__(self) -> str:
        return (f"ThemeMapping({self.framework.id}: {len(self.themes)} themes, "
                f"{len(self.table)} links)")

    def assignments(self, source: str | None = "manual") -> dict[str, list[str]]:
        """theme -> tenets (manual links, or all links with ``source=None``)."""
        t = self.table if source is None else self.table[self.table.source == source]
        return {k: list(v) for k, v in t.groupby("theme", sort=False)["tenet"]}

    def crosswalk(self, frameworks: Sequence[str | Framework] | None = None) -> pd.DataFrame:
        """Each theme's links to the tenets of several frameworks, by name.

        Parameters
        ----------
        frameworks : list, optional
            Framework ids (or Frameworks); default this mapping's framework, then every
            other shipped one. Each is mapped from the same themes and evidence (its
            shipped mapping where it has one, else links derived from the data and the
            framework's definitions; see :func:`map_themes`).

        Returns
        -------
        DataFrame
            ``CROSSWALK_COLUMNS``: one row per link, themes in order.
        """
        from ._framework import available_frameworks

        ids = list(frameworks) if frameworks is not None else (
            [self.framework.id] + [f for f in available_frameworks() if f != self.framework.id])
        names = dict(zip(self.themes.theme, self.themes.name))
        order = {t: i for i, t in enumerate(self.themes.theme)}
        parts = []
        for f in ids:
            fid = f.id if isinstance(f, Framework) else str(f)
            m = self if fid == self.framework.id else map_themes(
                self._source, framework=f, evidence=self.evidence)
            t = m.table.copy()
            tn = {x.id: x.name for x in m.framework.tenets}
            t.insert(1, "theme_name", t["theme"].map(names))
            t.insert(2, "framework", m.framework.id)
            t.insert(3, "framework_name", m.framework.name)
            t.insert(5, "tenet_name", t["tenet"].map(tn))
            t["_o"] = t["theme"].map(order)
            parts.append(t)
        out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=CROSSWALK_COLUMNS)
        out = out.sort_values("_o", kind="stable") if len(out) else out
        return out.reindex(columns=CROSSWALK_COLUMNS).reset_index(drop=True)

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


#: A coded extract votes for the principle its text is most similar to, when the cosine is above this.
VOTE_FLOOR = 0.05
#: Weight of the extracts' votes against the definitions' similarity in a link's score.
EVIDENCE_WEIGHT = 0.3


def _tenet_text(t: Any) -> str:
    return f"{t.name}. {t.description} {' '.join(t.cues)} {' '.join(t.commitments)}"


def _related_text(fw: Framework, t: Any) -> str:
    """Text of the tenets the framework files declare related to ``t``, either way round."""
    from ._framework import available_frameworks

    out = []
    for other in available_frameworks():
        if other == fw.id:
            continue
        o = load_framework(other)
        rel = set(t.related.get(other, ())) | {u.id for u in o.tenets if t.id in u.related.get(fw.id, ())}
        out += [_tenet_text(o[r]) for r in sorted(rel) if r in o.ids]
    return " ".join(out)


def _theme_text(r: Any, cb: Any) -> str:
    parts = [f"{r.name}. {r.definition} {r.cues.replace(';', ' ')}"]
    if cb is not None and r.theme in cb:
        for c in cb.descendants(r.theme):
            code = cb[c]
            parts.append(" ".join([code.name, code.definition, code.include, *code.examples,
                                   *code.cues]))
    return " ".join(parts)


def _strength(share: float, groups: int, n_groups: int) -> str:
    if share >= 0.25 and groups >= min(3, n_groups):
        return "strong"
    if share >= 0.10 and groups >= min(2, n_groups):
        return "moderate"
    return "weak"


def _derive(themes: pd.DataFrame, fw: Framework, ev: pd.DataFrame | None, cb: Any,
            top: int, min_score: float) -> pd.DataFrame:
    """Links each theme to the tenets its definition and its coded extracts support.

    The definition part is the cosine of TF-IDF vectors (lemmas, weighted by how rare
    a word is in the talk and the codebook) of the theme's codebook text and the tenet's
    text (name, description, cues, commitments, and, at a quarter of the weight, the
    tenets the framework files declare related to it). The evidence part is the share
    of the theme's extracts whose text is closest to the tenet. A theme's score for a
    tenet is ``0.7 * definition + 0.3 * evidence``, each scaled by the theme's best; the
    best tenet is always linked, others when they score 0.75 or more with 10% of the
    extracts behind them.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    from ..themes._features import _stop_words, lemma_strings

    has_text = ev is not None and "text" in ev.columns and len(ev)
    ev = ev if has_text else pd.DataFrame(columns=["theme", "text", "group"])
    ev = ev[ev["theme"].isin(set(themes.theme))]
    lem_th = lemma_strings([_theme_text(r, cb) for r in themes.itertuples()])
    lem_fw = lemma_strings([" ".join([_tenet_text(t)] * 3 + [_related_text(fw, t)])
                            for t in fw.tenets])
    lem_ev = lemma_strings(ev["text"].astype(str).tolist())
    vec = TfidfVectorizer(token_pattern=r"\S+", stop_words=_stop_words(), sublinear_tf=True)
    try:
        vec.fit(lem_ev + lem_th + lem_fw)
    except ValueError:  # nothing but stop words
        return pd.DataFrame(columns=MAPPING_COLUMNS)
    T = normalize(vec.transform(lem_th))
    F = normalize(vec.transform(lem_fw))
    Sd = (T @ F.T).toarray()
    terms = np.asarray(vec.get_feature_names_out())
    if len(ev):
        Se = (normalize(vec.transform(lem_ev)) @ F.T).toarray()
        vote = (Se == Se.max(1, keepdims=True)) & (Se > VOTE_FLOOR)
    else:
        vote = np.zeros((0, len(fw)), dtype=bool)
    ev_theme = ev["theme"].to_numpy()
    ev_group = ev["group"].astype(str).to_numpy() if "group" in ev.columns else np.full(len(ev), "")
    n_groups = max(len(set(ev_group)), 1)
    rows = []
    for i, th in enumerate(themes.theme):
        m = ev_theme == th
        n = int(m.sum())
        share = vote[m].mean(0) if n else np.zeros(len(fw))
        a = Sd[i] / Sd[i].max() if Sd[i].max() > 0 else Sd[i]
        b = share / share.max() if share.max() > 0 else share
        score = (1 - EVIDENCE_WEIGHT) * a + EVIDENCE_WEIGHT * b if n else a
        kept = 0
        for j in np.argsort(-score, kind="stable"):
            if score[j] <= min_score or kept >= top or (kept and (score[j] < 0.75 or share[j] < 0.10)):
                break
            voters = m & vote[:, j]
            k = int(voters.sum())
            g = len(set(ev_group[voters]))
            shared = (T[i].multiply(F[j])).toarray().ravel()
            words = [str(terms[x]) for x in np.argsort(-shared, kind="stable")[:5] if shared[x] > 0]
            why = []
            if words:
                why.append("definition and principle share " + ", ".join(words[:3]))
            if n:
                why.append(f"{k} of {n} extracts ({100 * k / n:.0f}%) from "
                           f"{g} group{'s' if g != 1 else ''} are closest to it")
            rows.append({"theme": th, "tenet": fw.tenets[j].id, "source": "suggested",
                         "strength": _strength(k / n, g, n_groups) if n else "weak",
                         "rationale": ("; ".join(why) or "closest principle").capitalize(),
                         "score": round(float(score[j]), 4), "evidence_terms": "; ".join(words)})
            kept += 1
    return pd.DataFrame(rows, columns=MAPPING_COLUMNS)


def map_themes(themes: Any, framework: str | Framework = "ksss2022", manual: Any = None,
               evidence: pd.DataFrame | None = None, *, suggest: bool = True, top: int = 2,
               min_score: float = 0.0) -> ThemeMapping:
    """Map themes onto a framework's tenets: the researchers' links, else links from the data.

    Themes with no manual link get up to ``top`` links derived from the framework's
    definitions and the coded extracts (``source="suggested"``): the tenet whose text is
    most like the theme's codebook text and whose wording the theme's extracts come
    closest to, with a ``strength`` from the evidence (``strong``: a quarter or more of
    the theme's extracts, from at least three groups, are closest to the tenet;
    ``moderate``: a tenth, from two groups; ``weak``: the definitions alone) and a
    ``rationale`` that says so in words. They are suggestions for the researchers to
    confirm, not decisions.

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
        Coded extracts with ``theme`` or ``code_id`` (sub-codes roll up to their theme,
        through the codebook's tree when ``themes`` has one) and optional ``group``,
        ``participant``, ``text``; feeds coverage and the derived links.
    suggest : bool
        Derive links for themes with no manual link.
    top : int
        Derived links kept per theme, best first.

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
            parts.append(_derive(rest, fw, ev, _codebook_of(themes), top, min_score))
    table = (pd.concat(parts, ignore_index=True) if parts
             else pd.DataFrame(columns=MAPPING_COLUMNS))
    return ThemeMapping(table.reset_index(drop=True), tf, fw, ev, source=themes)
