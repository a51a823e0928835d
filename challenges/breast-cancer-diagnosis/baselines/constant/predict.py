"""Constant baseline: every case gets the training prevalence of malignancy.

  predict.py --fit TRAIN_CSV PREVALENCE_TXT   (at build time)
  predict.py INPUTS_CSV PREDICTIONS_CSV       (at run time)
"""
import csv
import os
import sys

PREVALENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "prevalence.txt")


def fit(train_path, prevalence_path):
    with open(train_path, newline="") as f:
        labels = [r["diagnosis"] for r in csv.DictReader(f)]
    prevalence = sum(label == "M" for label in labels) / len(labels)
    with open(prevalence_path, "w") as f:
        f.write(repr(prevalence) + "\n")
    print(f"training prevalence of malignancy: {prevalence:.4f} ({len(labels)} cases)")


def predict(inputs_path, predictions_path):
    with open(PREVALENCE) as f:
        prevalence = f.read().strip()
    with open(inputs_path, newline="") as f:
        ids = [r["id"] for r in csv.DictReader(f)]
    with open(predictions_path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "malignant"])
        writer.writerows([i, prevalence] for i in ids)
    print(f"wrote {len(ids)} predictions")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--fit"]:
        fit(*sys.argv[2:4])
    else:
        predict(*(sys.argv[1:3] or ["/input/test-inputs.csv", "/output/predictions.csv"]))
