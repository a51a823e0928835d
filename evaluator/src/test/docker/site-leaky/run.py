"""Writes a distinctive prediction for every test id and prints the inputs and predictions to its log."""
import csv
import sys

with open("/input/test-inputs.csv", newline="") as f:
    lines = f.read().splitlines()
for line in lines[1:21]:
    print("LEAK-MARKER row " + line)
ids = [row["id"] for row in csv.DictReader(lines)]
with open("/output/predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "malignant"])
    for n, case in enumerate(ids):
        p = "%.15f" % (0.3 + 0.4 * ((n * 0.6180339887498949) % 1))
        writer.writerow([case, p])
        print("LEAK-MARKER prediction " + case + " " + p, file=sys.stderr if n % 2 else sys.stdout)
