"""Synthetic example data shipped with qualkit (written by the qualkit authors).

>>> from qualkit import datasets
>>> datasets.synthetic_path().name
'transcripts_synthetic'
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["synthetic_path", "synthetic_codebook_path", "example_corpus", "copy_synthetic"]


def synthetic_path() -> Path:
    """Folder of the synthetic focus-group study (transcripts, participants, codings, gold)."""
    return Path(__file__).parent / "transcripts_synthetic"


def synthetic_codebook_path() -> Path:
    """The synthetic study's codebook (``codebooks/kss_social_licence.yaml``)."""
    return Path(__file__).parent / "codebooks" / "kss_social_licence.yaml"


def example_corpus():
    """Read the synthetic study's transcripts into a :class:`~qualkit.corpus.Corpus`."""
    from ..io import read_transcripts

    return read_transcripts(synthetic_path())


def copy_synthetic(folder: str | Path = ".") -> Path:
    """Copy the synthetic study into ``folder`` as ``transcripts_synthetic/`` and ``codebooks/``.

    Folders already there are left as they are, so running it twice changes nothing.
    Returns ``folder``.

    >>> import tempfile
    >>> out = copy_synthetic(tempfile.mkdtemp())
    >>> sorted(p.name for p in out.iterdir())
    ['codebooks', 'transcripts_synthetic']
    """
    import shutil

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for src, name in ((synthetic_path(), "transcripts_synthetic"),
                      (synthetic_codebook_path().parent, "codebooks")):
        if not (out / name).exists():
            shutil.copytree(src, out / name)
    return out
