"""Prints what a team could learn of the host from its mounts, then predicts 0.5."""
import csv
import sys

with open("/proc/self/mountinfo") as f:
    sys.stderr.write(f.read())
with open("/input/test-inputs.csv", newline="") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
with open("/output/predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "malignant"])
    writer.writerows([i, "0.5"] for i in ids)
