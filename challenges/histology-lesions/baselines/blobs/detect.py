"""Blob detection baseline for histology-lesions (detection phase), with scikit-image.

Reads /input/cases.csv and /input/images/<case>.png, writes /output/<case>.json: one detection
per lesion region of the thresholding segmenter (segment.py: where dark pixels crowd), at the
region's centroid, its probability growing with the region's area (a larger crowd of dark nuclei
is more surely a lesion), so that the FROC curve has thresholds to sweep.
"""
import csv
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import measure

from segment import segment


def detect(rgb):
    regions = measure.regionprops(measure.label(segment(rgb) == 2, connectivity=1))
    detections = []
    for region in regions:
        row, col = region.centroid
        probability = round(min(0.99, 0.3 + region.area / 4000.0), 4)
        detections.append({"point": [round(float(col), 2), round(float(row), 2)], "probability": probability})
    return detections


def main(cases_csv, images, output):
    with open(cases_csv, newline="") as f:
        cases = [row["case"] for row in csv.DictReader(f)]
    found = 0
    for case in cases:
        rgb = np.asarray(Image.open(Path(images) / f"{case}.png").convert("RGB"))
        detections = detect(rgb)
        found += len(detections)
        with open(Path(output) / f"{case}.json", "w") as f:
            json.dump({"detections": detections}, f)
    print(f"{found} detections in {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
