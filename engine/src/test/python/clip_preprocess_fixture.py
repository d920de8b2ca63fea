#!/usr/bin/env python3
"""Independent reference for io.clipvq.engine.clip.ClipPreprocessor, written as dense matrices with numpy.

CLIP preprocesses with torchvision Resize(S, BICUBIC) + CenterCrop(S) on a PIL image, then ToTensor and Normalize.
Two references per case: "expected" for float input (float64 arithmetic), "expectedLevels" for 8-bit input with
Pillow's fixed-point 8-bit arithmetic (the crop's levels before /255 and normalisation).
Pillow's bicubic resize is, per axis, a weighted sum of all input samples j with weight
k((j + 0.5 - c_i) / f) for output i, where c_i = (i + 0.5) * in / out, f = max(in / out, 1) and k is the Keys cubic
with a = -0.5, each row of weights divided by its sum. Here that is one dense matrix per axis (no tap windows),
out = Wy @ img @ Wx^T.
Writes engine/src/test/resources/io/clipvq/engine/clip/clip_preprocess_fixture.json. Run from the repository root:
  python3 engine/src/test/python/clip_preprocess_fixture.py
"""
import json

import numpy as np

MEAN = np.array([0.48145466, 0.4578275, 0.40821073])
STD = np.array([0.26862954, 0.26130258, 0.27577711])
OUT = "engine/src/test/resources/io/clipvq/engine/clip/clip_preprocess_fixture.json"


def cubic(t, a=-0.5):
    t = np.abs(t)
    return np.where(t < 1, ((a + 2) * t - (a + 3)) * t * t + 1,
                    np.where(t < 2, (((t - 5) * t + 8) * t - 4) * a, 0.0))


def weights(n_in, n_out):
    scale = n_in / n_out
    f = max(scale, 1.0)
    centers = 0.0 + (np.arange(n_out) + 0.5) * scale
    # operation order as in Pillow's C code, so that the 8-bit fixed-point weights below round identically
    w = cubic((np.arange(n_in)[None, :] - centers[:, None] + 0.5) * (1.0 / f))
    sums = np.array([sum(row.tolist()) for row in w])  # left-to-right double sums (Python 3.11 sum)
    return w / sums[:, None]


PRECISION_BITS = 22


def fixed_point(w):
    scaled = w * (1 << PRECISION_BITS)
    return np.trunc(np.where(w < 0, -0.5 + scaled, 0.5 + scaled)).astype(np.int64)


def clip8(v):
    return np.clip(v >> PRECISION_BITS, 0, 255)


def resize_8bit(levels, new_h, new_w):
    """Pillow's 8-bit path: fixed-point weights, each pass rounded (the 2^21 bias) and clamped to 0..255."""
    _, h, w = levels.shape
    kx = fixed_point(weights(w, new_w))
    ky = fixed_point(weights(h, new_h))
    half = 1 << (PRECISION_BITS - 1)
    horizontal = clip8(half + np.einsum("chw,xw->chx", levels.astype(np.int64), kx))
    return clip8(half + np.einsum("yh,chx->cyx", ky, horizontal))


def resized_size(h, w, s):
    if w <= h:
        return int(s * h / w), s
    return s, int(s * w / h)


def center_crop(resized, s):
    _, new_h, new_w = resized.shape
    top = int(round((new_h - s) / 2.0))
    left = int(round((new_w - s) / 2.0))
    return resized[:, top:top + s, left:left + s]


def preprocess(img, s):
    _, h, w = img.shape
    new_h, new_w = resized_size(h, w, s)
    crop = center_crop(np.einsum("yh,chw,xw->cyx", weights(h, new_h), img, weights(w, new_w)), s)
    return (crop - MEAN[:, None, None]) / STD[:, None, None]


def preprocess_levels(levels, s):
    _, h, w = levels.shape
    new_h, new_w = resized_size(h, w, s)
    return center_crop(resize_8bit(levels, new_h, new_w), s)


def main():
    rng = np.random.default_rng(20240517)
    cases = []
    for (h, w, s) in [(13, 17, 10), (6, 5, 16), (40, 30, 7), (9, 9, 9), (11, 8, 8), (8, 11, 8), (32, 32, 24),
                      (5, 12, 4)]:
        img = rng.random((3, h, w))
        img = img.astype(np.float32).astype(np.float64)  # the Java side reads float32 inputs
        out = preprocess(img, s)
        levels = rng.integers(0, 256, size=(3, h, w))
        cases.append({"height": h, "width": w, "size": s,
                      "input": [float(v) for v in img.ravel()],
                      "expected": [float(v) for v in out.ravel()],
                      "levels": [int(v) for v in levels.ravel()],
                      "expectedLevels": [int(v) for v in preprocess_levels(levels, s).ravel()]})
    with open(OUT, "w") as f:
        json.dump(cases, f)


if __name__ == "__main__":
    main()
