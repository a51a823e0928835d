"""Agreement between thresholded predictions and labels, on the public and private parts."""
import csv
import json
import sys


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(2)


with open("/input/parts.csv", newline="") as f:
    part_of = {row["id"]: row["part"] for row in csv.DictReader(f)}
with open("/input/labels.csv", newline="") as f:
    label_of = {row["id"]: row["diagnosis"] == "M" for row in csv.DictReader(f)}
try:
    with open("/input/predictions/predictions.csv", newline="") as f:
        rows = list(csv.DictReader(f))
except FileNotFoundError:
    fail("no predictions.csv in the output")

predicted = {}
for n, row in enumerate(rows, start=2):
    try:
        predicted[row["id"]] = float(row["malignant"]) >= 0.5
    except (KeyError, ValueError):
        fail(f"row {n}: '{row.get('malignant')}' is not a number")

scores = {}
for part in ("public", "private"):
    ids = [i for i, p in part_of.items() if p == part]
    agree = sum(predicted.get(i) == label_of[i] for i in ids)
    scores[part] = {"agreement": agree / len(ids)}
with open("/output/metrics.json", "w") as f:
    json.dump(scores, f)
