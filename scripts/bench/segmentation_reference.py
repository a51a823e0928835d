"""Reference segmentation scoring for scripts/image-benchmark.sh: Dice, NSD and HD95 per class
with numpy/scipy (Debian's python3-scipy, python3-pil), as a skilled user scores large masks:
borders by binary erosion with the cross-shaped element (Metrics Reloaded's border_map, MONAI's
get_mask_edges), distances between border pixels with a k-d tree (cKDTree) rather than a
distance transform over the whole image (which would need 8 bytes per pixel), in physical units.

  python3 segmentation_reference.py <truth-dir> <pred-dir> <tolerance> <spacing>
"""
import json
import os
import resource
import sys
import time

import numpy as np
try:
    from PIL import Image
    Image.MAX_IMAGE_PIXELS = None
except ImportError:  # NIfTI only
    Image = None
from scipy import ndimage
from scipy.spatial import cKDTree




def read(path):
    if path.endswith(".nii"):
        with open(path, "rb") as f:
            header = f.read(352)
        nx, ny = np.frombuffer(header, "<i2", 2, 42)
        return np.fromfile(path, np.uint8, offset=352).reshape(ny, nx)
    return np.asarray(Image.open(path))


def border(mask):
    return mask & ~ndimage.binary_erosion(mask, border_value=0)


def scores(truth, pred, label, tolerance, spacing):
    t = truth == label
    p = pred == label
    nt, np_ = int(t.sum()), int(p.sum())
    if nt == 0 and np_ == 0:
        return 1.0, 1.0, 0.0  # Metrics Reloaded: both empty
    dice = 2.0 * int((t & p).sum()) / (nt + np_)
    if nt == 0 or np_ == 0:
        return dice, 0.0, float(np.hypot(*truth.shape) * spacing)  # worst HD95: the diagonal
    bt = np.argwhere(border(t)) * spacing
    bp = np.argwhere(border(p)) * spacing
    d_tp = cKDTree(bp).query(bt, workers=1)[0]
    d_pt = cKDTree(bt).query(bp, workers=1)[0]
    nsd = ((d_tp <= tolerance).sum() + (d_pt <= tolerance).sum()) / (len(bt) + len(bp))
    hd95 = max(np.percentile(d_tp, 95), np.percentile(d_pt, 95))
    return dice, float(nsd), float(hd95)


def main(truth_dir, pred_dir, tolerance, spacing):
    tolerance, spacing = float(tolerance), float(spacing)
    names = sorted(os.listdir(truth_dir))
    started = time.perf_counter()
    total = np.zeros(3)
    pixels = 0
    for name in names:
        truth = read(os.path.join(truth_dir, name))
        pred = read(os.path.join(pred_dir, name))
        pixels += 2 * truth.size
        total += np.mean([scores(truth, pred, c, tolerance, spacing) for c in (1, 2)], axis=0)
    seconds = time.perf_counter() - started
    n = len(names)
    print(json.dumps({"impl": "scipy", "cases": n, "seconds": round(seconds, 3),
                      "cases_per_s": round(n / seconds, 2), "mb_per_s": round(pixels / 1e6 / seconds, 1),
                      "dice": round(total[0] / n, 4), "nsd": round(total[1] / n, 4),
                      "hd95": round(total[2] / n, 3),
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
