"""What the synthetic focus groups say, as sentence templates (written by the qualkit authors).

One module per topic (``benefits``, ``risks``, ``values``) holds ``THEMES`` (theme ids),
``SUBCODES`` (theme id to ``(subcode_id, name)``, as in the codebook), ``TEMPLATES``
(sub-code id to sentence templates) and ``SLOTS``; ``talk`` holds what the facilitator
and presenters say and the small talk of a group; ``compose`` renders templates so that
no sentence is said twice.
"""

from __future__ import annotations

from . import benefits, compose, risks, talk, values

__all__ = ["benefits", "risks", "values", "talk", "compose"]
