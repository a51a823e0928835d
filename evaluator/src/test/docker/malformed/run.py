"""Writes a prediction for every test id, but the second one's score is not a number; exits 0."""
import csv

with open("/input/test-inputs.csv", newline="") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
with open("/output/predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "malignant"])
    for n, case in enumerate(ids):
        writer.writerow([case, "not-a-number" if n == 1 else "0.5"])
