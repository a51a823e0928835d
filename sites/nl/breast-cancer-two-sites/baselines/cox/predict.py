"""Writes the Cox linear predictor (higher = earlier expected recurrence or death) as `risk`."""
import csv
import json
import os
import sys

import numpy as np


def main(inputs_path, predictions_path):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.json")) as f:
        model = json.load(f)
    with open(inputs_path, newline="") as f:
        rows = list(csv.DictReader(f))
    x = np.array([[float(r[c]) for c in model["covariates"]] for r in rows])
    x = x.reshape(len(rows), len(model["covariates"]))
    risk = ((x - np.array(model["mean"])) / np.array(model["scale"])) @ np.array(model["beta"])
    with open(predictions_path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "risk"])
        for row, r in zip(rows, risk):
            writer.writerow([row["id"], repr(float(r))])
    print(f"wrote {len(rows)} predictions")


if __name__ == "__main__":
    args = sys.argv[1:3] or ["/input/test-inputs.csv", "/output/predictions.csv"]
    main(*args)
