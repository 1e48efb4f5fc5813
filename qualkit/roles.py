"""Map speaker labels onto roles: facilitator, participant, presenter, unknown.

Examples
--------
>>> infer_role("Moderator")
'facilitator'
>>> infer_role("Participant 3"), infer_role("P12"), infer_role("Dr Expert")
('participant', 'participant', 'unknown')
>>> infer_role("Interviewee"), infer_role("R"), infer_role("I")
('participant', 'participant', 'facilitator')
>>> infer_role("Dr Expert", role_map={"Dr Expert": "presenter"})
'presenter'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["ROLES", "infer_role", "DEFAULT_ROLE_PATTERNS"]

ROLES = ("facilitator", "participant", "presenter", "unknown")

#: Regular expressions tried in order (case-insensitive, whole label).
DEFAULT_ROLE_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?:co-?)?(?:facilitator|moderator|interviewer|researcher|host|chair)\s*\d*", "facilitator"),
    (r"(?:fac|mod|int)\s*\d*", "facilitator"),
    # interview transcripts: "I:" / "R:", "Q:" / "A:"
    (r"(?:i|iv|q)\s*\d*", "facilitator"),
    (r"(?:presenter|speaker\s+presenter|expert|guest\s+speaker|presentation)\s*\d*", "presenter"),
    (r"(?:p|pt|participant|respondent|resp|member|citizen|speaker|interviewee)\s*[-_#.]?\s*\d+",
     "participant"),
    (r"(?:participant|respondent|interviewee|r|a)", "participant"),
)

_COMPILED = [(re.compile(p, re.IGNORECASE), r) for p, r in DEFAULT_ROLE_PATTERNS]


def infer_role(label: str, role_map: Mapping[str, str] | None = None) -> str:
    """Return the role of a speaker label.

    Parameters
    ----------
    label : str
        The speaker label as written in the transcript ("P12", "Facilitator").
    role_map : mapping of str to str, optional
        Labels (exact, case-insensitive) or regular expressions mapped to roles;
        checked before the defaults. Values must be one of :data:`ROLES`.

    Returns
    -------
    str
        One of ``facilitator``, ``participant``, ``presenter``, ``unknown``.
    """
    lab = label.strip()
    if role_map:
        low = lab.lower()
        for key, role in role_map.items():
            if key.lower() == low or re.fullmatch(key, lab, re.IGNORECASE):
                return role
    for pat, role in _COMPILED:
        if pat.fullmatch(lab):
            return role
    return "unknown"
