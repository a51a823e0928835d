"""Predicts the first test id twice (a duplicate id) and prints it; exits 0."""
import csv

with open("/input/test-inputs.csv", newline="") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
print("LEAK-MARKER first id " + ids[0])
with open("/output/predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "malignant"])
    for case in [ids[0]] + ids:
        writer.writerow([case, "0.5"])
