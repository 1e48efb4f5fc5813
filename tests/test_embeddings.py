"""Tests for qualkit.embeddings: the offline MiniLM (int8 ONNX) model and its cache."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import qualkit as qk
from qualkit import embeddings as E
from qualkit.errors import InvalidParameterError


def test_embeddings_tokenizer_matches_bert_uncased_ids():
    # ids of the uncased BERT WordPiece vocabulary ([CLS] hello world [SEP]; "embeddings"
    # splits into em ##bed ##ding ##s), as every BERT tokenizer gives them
    _, tok = E._model()
    assert tok.encode("Hello world").ids == [101, 7592, 2088, 102]
    assert tok.encode("embeddings").tokens == ["[CLS]", "em", "##bed", "##ding", "##s", "[SEP]"]


def test_embeddings_shape_norm_and_meaning():
    X = E.embed(["The nurse was very kind to me.", "Staff treated me kindly and with care.",
                 "The car park was full and cost too much."], cache=False)
    assert X.shape == (3, E.DIMENSIONS) and X.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, rtol=1e-5)
    sim = X @ X.T
    assert sim[0, 1] > sim[0, 2] + 0.2  # paraphrases sit closer than an unrelated remark


@settings(max_examples=15, deadline=None)
@given(st.lists(st.text(min_size=0, max_size=60), min_size=1, max_size=6))
def test_embeddings_vector_independent_of_batch(texts):
    together = E.embed(texts, cache=False)
    alone = np.vstack([E.embed([t], cache=False) for t in texts])
    assert np.array_equal(together, alone)  # bit for bit: no padding inside a batch


def test_embeddings_cache_in_project_and_file(tmp_path, monkeypatch):
    texts = ["We should be asked first.", "Who profits from our records?",
             "We should be asked first."]
    p = qk.Project.in_memory()
    first = E.embed(texts, cache=p)
    assert len(E.EmbeddingCache(p)) == 2  # one row per distinct text
    monkeypatch.setattr(E, "_run", lambda texts: pytest.fail("the cache was not used"))
    assert np.array_equal(E.embed(texts, cache=p), first)
    monkeypatch.undo()
    path = tmp_path / "vectors.sqlite"
    monkeypatch.setenv(E.CACHE_ENV, str(path))
    assert np.array_equal(E.embed(texts), first)
    assert path.exists() and len(E.EmbeddingCache(path)) == 2
    assert E.embed([]).shape == (0, E.DIMENSIONS)


def test_embeddings_missing_packages_and_bad_digest(monkeypatch):
    E._model.cache_clear()
    monkeypatch.setattr(E, "missing_packages", lambda: ["onnxruntime"])
    with pytest.raises(InvalidParameterError, match=r"\[Q603\].*onnxruntime"):
        E.embed(["x"], cache=False)
    monkeypatch.undo()
    E._model.cache_clear()
    monkeypatch.setattr(E, "VOCAB_SHA256", "0" * 64)
    with pytest.raises(InvalidParameterError, match=r"\[Q605\].*minilm_vocab.txt"):
        E.embed(["x"], cache=False)
    monkeypatch.undo()
    E._model.cache_clear()
    assert E.embeddings_available()


def test_embeddings_read_only_project_is_read_not_written(tmp_path):
    path = tmp_path / "study.qkproj"
    p = qk.Project.open(path, create=True)
    p.close()
    ro = qk.Project.open(path, read_only=True)
    X = E.embed(["Nothing is stored here."], cache=ro)  # computed, not stored
    assert X.shape == (1, E.DIMENSIONS) and len(E.EmbeddingCache(ro)) == 0
    ro.close()
    rw = qk.Project.open(path)
    E.embed(["Nothing is stored here."], cache=rw)
    rw.close()
    ro = qk.Project.open(path, read_only=True)
    assert np.array_equal(E.embed(["Nothing is stored here."], cache=ro), X)
    assert len(E.EmbeddingCache(ro)) == 1
    ro.close()
