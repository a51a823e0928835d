"""A well-behaved model: 0.5 for every test id; reports its uid and environment variable names."""
import csv
import os

with open("/input/test-inputs.csv", newline="") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
with open("/output/predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "malignant"])
    writer.writerows([i, "0.5"] for i in ids)
print(f"user={os.getuid()}")
print("env=" + ",".join(sorted(os.environ)))
