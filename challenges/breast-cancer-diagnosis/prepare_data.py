#!/usr/bin/env python3
"""Builds the breast-cancer-diagnosis challenge data from the Wisconsin Diagnostic Breast Cancer set.

Source: the copy of the UCI WDBC data shipped with scikit-learn (Debian package python3-sklearn),
569 cases x 30 features, labels coded 0 = malignant, 1 = benign. Standard library only, and
deterministic: a stratified 60/40 split drawn with a fixed seed, so re-running it reproduces the
committed files byte for byte.

Writes, next to this script:
  public/train.csv         id, 30 features, diagnosis (M/B)
  hidden/test-inputs.csv   id, 30 features
  hidden/test-labels.csv   id, diagnosis (M/B)

Usage: python3 prepare_data.py [path/to/breast_cancer.csv]
"""
import csv
import os
import random
import sys

DEFAULT_SOURCE = "/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv"
SEED = 20261125
TRAIN_FRACTION = 0.6

# scikit-learn's feature names (load_breast_cancer().feature_names), in column order, snake_cased.
MEASURES = [
    "radius", "texture", "perimeter", "area", "smoothness", "compactness",
    "concavity", "concave_points", "symmetry", "fractal_dimension",
]
FEATURES = (
    ["mean_" + m for m in MEASURES]
    + [m + "_error" for m in MEASURES]
    + ["worst_" + m for m in MEASURES]
)
DIAGNOSIS = {"0": "M", "1": "B"}  # sklearn's coding: 0 = malignant, 1 = benign


def read_source(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        n_rows, n_features = (int(x) for x in next(reader)[:2])
        rows = [row for row in reader if row]
    if n_features != len(FEATURES) or len(rows) != n_rows:
        sys.exit(f"unexpected source shape: header says {n_rows}x{n_features}, found {len(rows)} rows")
    cases = []
    for i, row in enumerate(rows, start=1):
        if len(row) != n_features + 1 or row[-1] not in DIAGNOSIS:
            sys.exit(f"row {i}: unexpected format {row!r}")
        # Features are kept as the source's text, so no precision is lost or invented.
        cases.append({"id": f"case-{i:04d}", "features": row[:-1], "diagnosis": DIAGNOSIS[row[-1]]})
    return cases


def stratified_split(cases):
    rng = random.Random(SEED)
    train_ids = set()
    for label in sorted({c["diagnosis"] for c in cases}):
        ids = [c["id"] for c in cases if c["diagnosis"] == label]
        rng.shuffle(ids)
        train_ids.update(ids[: round(len(ids) * TRAIN_FRACTION)])
    train = [c for c in cases if c["id"] in train_ids]  # original row order
    test = [c for c in cases if c["id"] not in train_ids]
    return train, test


def write(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    here = os.path.dirname(os.path.abspath(__file__))
    train, test = stratified_split(read_source(source))
    write(os.path.join(here, "public", "train.csv"), ["id", *FEATURES, "diagnosis"],
          ([c["id"], *c["features"], c["diagnosis"]] for c in train))
    write(os.path.join(here, "hidden", "test-inputs.csv"), ["id", *FEATURES],
          ([c["id"], *c["features"]] for c in test))
    write(os.path.join(here, "hidden", "test-labels.csv"), ["id", "diagnosis"],
          ([c["id"], c["diagnosis"]] for c in test))
    # The sanity phase runs on 40 cases of the *public* training set: its purpose is to check that
    # an image runs on the evaluator's side, and teams may see its logs, so it holds nothing hidden.
    sanity = sorted(random.Random(SEED + 1).sample(train, 40), key=lambda c: c["id"])
    write(os.path.join(here, "hidden", "sanity-inputs.csv"), ["id", *FEATURES],
          ([c["id"], *c["features"]] for c in sanity))
    write(os.path.join(here, "hidden", "sanity-labels.csv"), ["id", "diagnosis"],
          ([c["id"], c["diagnosis"]] for c in sanity))
    for name, part in (("train", train), ("test", test), ("sanity", sanity)):
        m = sum(c["diagnosis"] == "M" for c in part)
        print(f"{name}: {len(part)} cases, {m} malignant, {len(part) - m} benign")


if __name__ == "__main__":
    main()
