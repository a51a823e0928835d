"""Writes the probability of malignancy for every case of the test inputs."""
import csv
import os
import pickle
import sys

import numpy as np


def main(inputs_path, predictions_path):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.pkl"), "rb") as f:
        saved = pickle.load(f)
    with open(inputs_path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.array([[float(r[c]) for c in saved["features"]] for r in rows]).reshape(len(rows), -1)
    malignant = saved["model"].predict_proba(x)[:, 1] if rows else []
    with open(predictions_path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "malignant"])
        for row, p in zip(rows, malignant):
            writer.writerow([row["id"], repr(float(p))])
    print(f"wrote {len(rows)} predictions")


if __name__ == "__main__":
    args = sys.argv[1:3] or ["/input/test-inputs.csv", "/output/predictions.csv"]
    main(*args)
