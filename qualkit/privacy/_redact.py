"""Redaction with consistent placeholders, and the export guard."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..corpus import Corpus, Transcript, Turn
from ..errors import Errors, IdentifierFoundError, InvalidParameterError
from ._scan import resolve_overlaps, scan_identifiers

__all__ = ["redact", "redact_with_log", "check_export", "LOG_COLUMNS"]

#: Columns of the redaction log (no identifier text), in order.
LOG_COLUMNS = ["transcript_id", "utterance_id", "kind", "placeholder", "start", "end",
               "detector"]


# --------------------------------------------------------------------- redaction
def _placeholders(findings: pd.DataFrame) -> list[str]:
    """Consistent numbered placeholders per transcript and kind."""
    out: list[str] = []
    maps: dict[tuple[str, str], dict[str, int]] = {}
    # multi-word names first, so "Smith" alone reuses "Jane Smith"'s number
    order = sorted(range(len(findings)),
                   key=lambda i: (-len(str(findings["text"].iat[i]).split()), i))
    assigned: dict[int, str] = {}
    for i in order:
        tid, kind = findings["transcript_id"].iat[i], findings["kind"].iat[i]
        key = " ".join(str(findings["text"].iat[i]).casefold().split())
        m = maps.setdefault((tid, kind), {})
        if key not in m:
            if kind == "NAME" and " " not in key:
                hit = next((v for k, v in m.items() if key in k.split()), None)
                if hit is not None:
                    m[key] = hit
            if key not in m:
                m[key] = len(set(m.values())) + 1
        assigned[i] = f"[{kind}_{m[key]}]"
    for i in range(len(findings)):
        out.append(assigned[i])
    return out


def redact_with_log(corpus: Corpus, findings: pd.DataFrame | None = None,
                    **scan_kwargs: Any) -> tuple[Corpus, pd.DataFrame]:
    """Return ``(redacted corpus, redaction log)``; see :func:`redact`.

    Examples
    --------
    >>> from qualkit.corpus import Corpus, Transcript, Turn
    >>> c = Corpus([Transcript.from_turns("t", [Turn("P01", "Dr Okafor said so."),
    ...                                         Turn("P02", "Okafor? Call 07700 900123.")])])
    >>> clean, log = redact_with_log(c, known_names=["Okafor"], ner=False)
    >>> clean["t"].utterances["text"].tolist()
    ['Dr [NAME_1] said so.', '[NAME_1]? Call [PHONE_1].']
    >>> log.columns.tolist()
    ['transcript_id', 'utterance_id', 'kind', 'placeholder', 'start', 'end', 'detector']
    """
    if not isinstance(corpus, Corpus):
        raise InvalidParameterError(Errors.Q001.format(
            param="corpus", caller="redact", expected="a Corpus", found=type(corpus).__name__))
    if findings is None:
        findings = scan_identifiers(corpus, **scan_kwargs)
    f = pd.DataFrame(resolve_overlaps(findings.to_dict("records")), columns=findings.columns)
    f = f[f["transcript_id"].isin(corpus.ids)].sort_values(["transcript_id", "start"])
    f = f.reset_index(drop=True)
    for r in f.itertuples():
        row = corpus[r.transcript_id].utterance_at(int(r.start))
        if row is None or r.end > row["end"]:
            raise InvalidParameterError(Errors.Q505.format(
                caller="redact", tid=r.transcript_id, start=r.start, end=r.end, kind=r.kind))
    f["placeholder"] = _placeholders(f)
    log_rows: list[dict[str, Any]] = []
    new: list[Transcript] = []
    for t in corpus:
        ft = f[f["transcript_id"] == t.id]
        u = t.utterances
        turns: list[Turn] = []
        for row in u.itertuples(index=False):
            inside = ft[(ft["start"] >= row.start) & (ft["end"] <= row.end)]
            text = row.text
            for fr in inside.sort_values("start", ascending=False).itertuples(index=False):
                s, e = fr.start - row.start, fr.end - row.start
                text = text[:s] + fr.placeholder + text[e:]
            for fr in inside.itertuples(index=False):
                log_rows.append(dict(transcript_id=t.id, utterance_id=row.utterance_id,
                                     kind=fr.kind, placeholder=fr.placeholder,
                                     start=int(fr.start), end=int(fr.end),
                                     detector=fr.detector))
            turns.append(Turn(row.speaker, text, row.t_start, row.t_end,
                              section=row.section if isinstance(row.section, str) else None,
                              role=row.role))
        rebuilt = Transcript.from_turns(t.id, turns, group=t.group, session=t.session,
                                        source=t.source, metadata=t.metadata,
                                        merge_consecutive=False)
        new.append(rebuilt)
    out = Corpus(new, participants=corpus.participants)
    log = pd.DataFrame(log_rows, columns=LOG_COLUMNS)
    out.redaction_log = log  # type: ignore[attr-defined]
    return out, log


def redact(corpus: Corpus, findings: pd.DataFrame | None = None, **scan_kwargs: Any) -> Corpus:
    """Return a new corpus with every finding replaced by a placeholder.

    Placeholders are numbered per kind and consistent within a transcript
    (``[NAME_1]`` is the same name everywhere; a surname alone reuses the full
    name's number). Each transcript is rebuilt from its utterances with
    :meth:`Transcript.from_turns`, so offsets are recomputed and the utterance
    table stays consistent. ``result.redaction_log`` holds one row per replacement
    (:data:`LOG_COLUMNS`, offsets in the original text, no identifier text).

    Parameters
    ----------
    corpus : Corpus
    findings : DataFrame, optional
        From :func:`scan_identifiers`; scanned with ``scan_kwargs`` if omitted.

    Examples
    --------
    >>> from qualkit.corpus import Corpus, Transcript, Turn
    >>> c = Corpus([Transcript.from_turns("t", [Turn("P01", "Mrs Hughes lives in ME14 2LX.")])])
    >>> redact(c, ner=False)["t"].utterances["text"].iat[0]
    'Mrs [NAME_1] lives in [POSTCODE_1].'
    """
    return redact_with_log(corpus, findings, **scan_kwargs)[0]


def check_export(texts_or_df: Any, allow_identifiers: bool = False, *, ner: Any = False,
                 **scan_kwargs: Any) -> pd.DataFrame:
    """Refuse to export text that carries identifiers.

    The guard report and query exports call. NER is off by default here (a
    statistical model's guesses should not block an export); pass ``ner="auto"``
    to include it.

    Returns
    -------
    DataFrame
        The (empty, or allowed) findings.

    Raises
    ------
    IdentifierFoundError
        Listing each finding's place and kind (never its text).

    Examples
    --------
    >>> check_export(["We should be asked first."]).empty
    True
    >>> check_export(["Call me on 07700 900123"])
    Traceback (most recent call last):
    ...
    qualkit.errors.IdentifierFoundError: [Q501] check_export: 1 identifier finding(s) ...
    """
    findings = scan_identifiers(texts_or_df, ner=ner, **scan_kwargs)
    if len(findings) and not allow_identifiers:
        shown = "; ".join(f"{r.kind} in {r.transcript_id!s} at [{r.start}, {r.end})"
                          for r in findings.head(10).itertuples(index=False))
        if len(findings) > 10:
            shown += f"; and {len(findings) - 10} more"
        raise IdentifierFoundError(Errors.Q501.format(caller="check_export", n=len(findings),
                                                      found=shown))
    return findings
