#!/usr/bin/env python3
"""Independent reference for io.clipvq.engine.clip.ClipPreprocessor, written as dense matrices with numpy.

CLIP preprocesses with torchvision Resize(S, BICUBIC) + CenterCrop(S) on a PIL image, then ToTensor and Normalize.
Pillow's bicubic resize is, per axis, a weighted sum of all input samples j with weight
k((j + 0.5 - c_i) / f) for output i, where c_i = (i + 0.5) * in / out, f = max(in / out, 1) and k is the Keys cubic
with a = -0.5, each row of weights divided by its sum. Here that is one dense matrix per axis (no tap windows),
out = Wy @ img @ Wx^T, in float64 (Pillow's 8-bit rounding is not modelled: the Java code works in float too).
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
    centers = (np.arange(n_out) + 0.5) * scale
    w = cubic((np.arange(n_in)[None, :] + 0.5 - centers[:, None]) / f)
    return w / w.sum(axis=1, keepdims=True)


def preprocess(img, s):
    _, h, w = img.shape
    if w <= h:
        new_w, new_h = s, int(s * h / w)
    else:
        new_h, new_w = s, int(s * w / h)
    resized = np.einsum("yh,chw,xw->cyx", weights(h, new_h), img, weights(w, new_w))
    top = int(round((new_h - s) / 2.0))
    left = int(round((new_w - s) / 2.0))
    crop = resized[:, top:top + s, left:left + s]
    return (crop - MEAN[:, None, None]) / STD[:, None, None]


def main():
    rng = np.random.default_rng(20240517)
    cases = []
    for (h, w, s) in [(13, 17, 10), (6, 5, 16), (40, 30, 7), (9, 9, 9), (11, 8, 8), (8, 11, 8), (32, 32, 24),
                      (5, 12, 4)]:
        img = rng.random((3, h, w))
        img = img.astype(np.float32).astype(np.float64)  # the Java side reads float32 inputs
        out = preprocess(img, s)
        cases.append({"height": h, "width": w, "size": s,
                      "input": [float(v) for v in img.ravel()],
                      "expected": [float(v) for v in out.ravel()]})
    with open(OUT, "w") as f:
        json.dump(cases, f)


if __name__ == "__main__":
    main()
