"""qualkit: qualitative analysis of deliberative focus-group transcripts.

>>> import qualkit as qk
>>> sorted(n for n in ("read_transcripts", "Corpus", "Transcript") if n in qk.__all__)
['Corpus', 'Transcript', 'read_transcripts']
"""

from __future__ import annotations

from .codebook import Code, Codebook
from .corpus import Corpus, Transcript, Turn
from .familiarise import kwic, word_frequencies
from .io import read_participants, read_transcript, read_transcripts
from .nlp import sentences
from .project import Project
from .io.qdpx import read_qdpx, write_qdpx
from .themes import ThemeSearch, evaluate_themes, suggest_themes
from .frameworks import load_framework, map_themes
from .report import participant_table, principle_table, report, theme_table
from .privacy import check_export, redact, scan_identifiers
from .compare import compare_coders, reconcile
from .queries import cooccurrence, matrix_coding, presence_matrix, quote_table
from . import agreement, widgets

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Corpus",
    "Transcript",
    "Turn",
    "Code",
    "Codebook",
    "Project",
    "read_transcript",
    "read_transcripts",
    "read_participants",
    "word_frequencies",
    "kwic",
    "sentences",
    "read_qdpx",
    "write_qdpx",
    "suggest_themes",
    "evaluate_themes",
    "ThemeSearch",
    "load_framework",
    "map_themes",
    "report",
    "theme_table",
    "principle_table",
    "participant_table",
    "compare_coders",
    "reconcile",
    "cooccurrence",
    "matrix_coding",
    "quote_table",
    "presence_matrix",
    "agreement",
    "widgets",
    "scan_identifiers",
    "redact",
    "check_export",
]
