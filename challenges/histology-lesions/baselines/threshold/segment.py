"""Thresholding baseline for histology-lesions (segmentation phase), with scikit-image.

Reads /input/cases.csv and /input/images/<case>.png, writes /output/<case>.png: label 1 for
nuclei (dark pixels by Otsu's threshold on the haematoxylin-like darkness), 2 for lesions
(where dark pixels crowd: a closing of the nuclei mask, kept where large), 0 elsewhere.
"""
import csv
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import color, filters, morphology


def segment(rgb):
    gray = color.rgb2gray(rgb)
    dark = gray < filters.threshold_otsu(gray)
    crowded = morphology.binary_closing(dark, morphology.disk(4))
    crowded = morphology.remove_small_objects(crowded, min_size=400)
    labels = np.zeros(gray.shape, dtype=np.uint8)
    labels[dark] = 1
    labels[crowded] = 2
    return labels


def main(cases_csv, images, output):
    with open(cases_csv, newline="") as f:
        cases = [row["case"] for row in csv.DictReader(f)]
    for case in cases:
        rgb = np.asarray(Image.open(Path(images) / f"{case}.png").convert("RGB"))
        # a mask without a resolution is taken at its image's spacing (docs/challenge-format.md)
        Image.fromarray(segment(rgb)).save(Path(output) / f"{case}.png")
    print(f"segmented {len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:4])
