"""Hostile: puts the first hidden input row (without its id) in the 'malignant' column of every row."""
import csv
import glob

with open(sorted(glob.glob("/input/*.csv"))[0], newline="") as f:
    rows = list(csv.reader(f))
header, first = rows[0], rows[1]
leak = ",".join(first[1:])
with open("/output/predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "malignant"])
    writer.writerows([row[0], leak] for row in rows[1:])
