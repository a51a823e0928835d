"""Naps 3 seconds, then writes 0.5 for every test id."""
import csv
import time

time.sleep(3)
with open("/input/test-inputs.csv", newline="") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
with open("/output/predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "malignant"])
    writer.writerows([i, "0.5"] for i in ids)
