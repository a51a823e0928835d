#!/usr/bin/env python3
"""Reference values of the image metrics, computed independently of the Java code with numpy and
SciPy, following the definitions of Metrics Reloaded's reference implementation
(MetricsReloaded/metrics/pairwise_measures.py: border = mask - binary_erosion(mask); distances by
distance_transform_edt with the spacing as sampling; HD95 = max of the two directed
numpy.percentile(.., 95); NSD counts distances <= tau) and MONAI's FROC (monai/metrics/froc.py:
thresholds the distinct scores without the lowest, numpy.interp at the rates).

Usage: image_metrics.py <folder>. The folder holds case-*.txt pairs of masks ("W H D", "sx sy sz",
then the labels in z, y, x order; truth then prediction in one file) with classes.txt and tau.txt,
and optionally froc.json ({"cases": [{"fp": [...], "lesions": [...]}], "rates": [...]}).
Prints JSON: {"segmentation": {case: {class: [dice, nsd, hd95 or null]}}, "froc": value}.
"""
import json
import os
import sys

import numpy as np
from scipy import ndimage


def load(path):
    with open(path) as f:
        w, h, d = map(int, f.readline().split())
        spacing = [float(v) for v in f.readline().split()]
        values = np.array(f.read().split(), dtype=np.int64)
    truth, prediction = values[: w * h * d], values[w * h * d:]
    shape = (d, h, w) if d > 1 else (h, w)
    sampling = (spacing[2], spacing[1], spacing[0]) if d > 1 else (spacing[1], spacing[0])
    return truth.reshape(shape), prediction.reshape(shape), sampling


def border(mask):
    return mask & ~ndimage.binary_erosion(mask)


def per_class(truth, prediction, sampling, tau):
    nt, np_ = truth.sum(), prediction.sum()
    if nt == 0 and np_ == 0:
        return [1.0, 1.0, 0.0]
    dice = 2.0 * (truth & prediction).sum() / (nt + np_)
    if nt == 0 or np_ == 0:
        return [dice, 0.0, None]
    bt, bp = border(truth), border(prediction)
    to_truth = ndimage.distance_transform_edt(~bt, sampling=sampling)[bp]
    to_prediction = ndimage.distance_transform_edt(~bp, sampling=sampling)[bt]
    nsd = ((to_truth <= tau).sum() + (to_prediction <= tau).sum()) / (bp.sum() + bt.sum())
    hd95 = max(np.percentile(to_truth, 95), np.percentile(to_prediction, 95))
    return [float(dice), float(nsd), float(hd95)]


def froc(cases, rates):
    fp = np.array([s for c in cases for s in c["fp"]], dtype=float)
    tp = np.array([s for c in cases for s in c["lesions"]], dtype=float)
    thresholds = sorted(set(fp.tolist()) | set(tp.tolist()))[1:]
    fps = [(fp >= t).sum() for t in thresholds] + [0]
    tps = [(tp >= t).sum() for t in thresholds] + [0]
    fps_per_image = np.asarray(fps) / float(len(cases))
    sensitivity = np.asarray(tps) / float(len(tp))
    return float(np.mean(np.interp(rates, fps_per_image[::-1], sensitivity[::-1])))


def main(folder):
    classes = [int(c) for c in open(os.path.join(folder, "classes.txt")).read().split()]
    tau = float(open(os.path.join(folder, "tau.txt")).read())
    out = {"segmentation": {}}
    for name in sorted(os.listdir(folder)):
        if name.startswith("case-") and name.endswith(".txt"):
            truth, prediction, sampling = load(os.path.join(folder, name))
            out["segmentation"][name[5:-4]] = {
                str(c): per_class(truth == c, prediction == c, sampling, tau) for c in classes}
    froc_file = os.path.join(folder, "froc.json")
    if os.path.exists(froc_file):
        spec = json.load(open(froc_file))
        out["froc"] = froc(spec["cases"], spec["rates"])
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
