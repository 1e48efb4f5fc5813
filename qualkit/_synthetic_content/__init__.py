"""Sentence banks for the synthetic focus-group study (written by the qualkit authors).

One module per topic (``benefits``, ``risks``, ``values``) holds ``THEMES`` (theme id to
first-person sentences) and ``SUBCODES`` (theme id to ``(subcode_id, name, indices)``);
``talk`` holds fillers, openers, facilitator prompts and presenter summaries.
"""

from __future__ import annotations

from . import benefits, risks, talk, values

__all__ = ["benefits", "risks", "values", "talk"]
