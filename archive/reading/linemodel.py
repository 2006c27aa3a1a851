"""A learned line labeller: a small neural network over a window of line features, decoded as a sequence.

Each line gets one of `lines.LABELS`: page furniture (masthead), an in-place headline
line, a headline gathered away from its story, the first line of a story, a line
inside one, a photo caption or credit, a jump line.  The classifier scores each line
from its window; a label-to-label transition table learned from the same pages makes
the sequence coherent (a story starts before it goes on; a caption run ends), decoded
with Viterbi.  The weights are data (`data/line_model.json`), made by
`python -m bench.train_reader` from pages with known lines; nothing here is tuned by hand.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from archive import DATA
from archive.reading.lines import LABELS, PageLine, features, width

MODEL = DATA / "line_model.json"
_ARRAYS = ("hidden", "hidden_bias", "weights", "bias", "mean", "scale", "transitions", "start")


@dataclass
class LineModel:
    hidden: np.ndarray           # features × units
    hidden_bias: np.ndarray
    weights: np.ndarray          # units × labels
    bias: np.ndarray
    mean: np.ndarray
    scale: np.ndarray
    transitions: np.ndarray      # log P(label | previous label), labels × labels
    start: np.ndarray            # log P(first label)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """P(label | line window) for each row of features: one hidden layer of rectified units."""
        h = np.maximum(((x - self.mean) / self.scale) @ self.hidden + self.hidden_bias, 0.0)
        z = h @ self.weights + self.bias
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        return p / p.sum(axis=1, keepdims=True)

    def label(self, lines: list[PageLine], rules: list[str] | None = None) -> list[str]:
        """The most likely label sequence for a page's lines (`rules`: the rules' reading, see lines.features)."""
        if not lines:
            return []
        emit = np.log(self.probabilities(features(lines, rules)) + 1e-9)
        score = self.start + emit[0]
        back = np.zeros((len(lines), len(LABELS)), dtype=np.int64)
        for t in range(1, len(lines)):
            total = score[:, None] + self.transitions
            back[t] = total.argmax(axis=0)
            score = total.max(axis=0) + emit[t]
        path = [int(score.argmax())]
        for t in range(len(lines) - 1, 0, -1):
            path.append(int(back[t, path[-1]]))
        return [LABELS[k] for k in reversed(path)]

    def save(self, path: Path = MODEL, about: str = "") -> None:
        data = {"about": about, "labels": list(LABELS)}
        data |= {k: getattr(self, k).round(5).tolist() for k in _ARRAYS}
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


_ACTIVE: list[LineModel] = []


def use(model: LineModel | None) -> None:
    """Read with `model` instead of the shipped one (None: back to the shipped one); for training benches."""
    _ACTIVE[:] = [model] if model is not None else []


def load() -> LineModel:
    """The model in use: one set by `use`, else the shipped weights."""
    return _ACTIVE[0] if _ACTIVE else _shipped(MODEL)


@lru_cache(maxsize=1)
def _shipped(path: Path) -> LineModel:
    data = json.loads(path.read_text("utf-8"))
    if data["labels"] != list(LABELS):
        raise ValueError(f"{path} was trained for labels {data['labels']}, not {list(LABELS)}: retrain it")
    arr = {k: np.array(data[k], dtype=np.float32) for k in _ARRAYS}
    if arr["hidden"].shape[0] != width():
        raise ValueError(f"{path} was trained on {arr['hidden'].shape[0]} features, the code makes {width()}: "
                         "retrain with python -m bench.train_reader --write")
    return LineModel(**arr)


def train(x: np.ndarray, y: np.ndarray, sequences: list[np.ndarray], units: int = 48, epochs: int = 12,
          batch: int = 512, l2: float = 1e-4, rate: float = 3e-3, seed: int = 0) -> LineModel:
    """Fit the network (mini-batch Adam on cross-entropy) and count the training sequences' transitions."""
    rng = np.random.default_rng(seed)
    k = len(LABELS)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-3] = 1.0                          # a constant column (the bias) stays as it is
    mean[0] = 0.0
    xs = ((x - mean) / scale).astype(np.float32)
    onehot = np.eye(k, dtype=np.float32)[y]
    params = [rng.normal(0, (2 / x.shape[1]) ** 0.5, (x.shape[1], units)).astype(np.float32),
              np.zeros(units, np.float32), rng.normal(0, (1 / units) ** 0.5, (units, k)).astype(np.float32),
              np.zeros(k, np.float32)]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for at in range(0, len(y), batch):
            rows = order[at:at + batch]
            step += 1
            grads = _gradients(params, xs[rows], onehot[rows], l2)
            for p, g, (m, v) in zip(params, grads, moments):
                m *= 0.9
                m += 0.1 * g
                v *= 0.999
                v += 0.001 * g * g
                p -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    trans, first = np.ones((k, k)), np.ones(k)
    for seq in sequences:
        first[seq[0]] += 1
        np.add.at(trans, (seq[:-1], seq[1:]), 1)
    return LineModel(*params, mean.astype(np.float32), scale.astype(np.float32),
                     np.log(trans / trans.sum(axis=1, keepdims=True)).astype(np.float32),
                     np.log(first / first.sum()).astype(np.float32))


def _gradients(params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray, l2: float) -> list[np.ndarray]:
    w1, b1, w2, b2 = params
    pre = x @ w1 + b1
    h = np.maximum(pre, 0.0)
    z = h @ w2 + b2
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=1, keepdims=True)
    dz = (p - onehot) / len(x)
    dh = (dz @ w2.T) * (pre > 0)
    return [x.T @ dh + l2 * w1, dh.sum(axis=0), h.T @ dz + l2 * w2, dz.sum(axis=0)]
