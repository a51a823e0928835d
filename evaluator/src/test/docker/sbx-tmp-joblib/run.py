"""Writes a temporary file with tempfile and a joblib dump under /tmp, reads them back, then predicts 0.5."""
import csv
import os
import tempfile

import joblib

with tempfile.NamedTemporaryFile("w", delete=False) as f:
    f.write("scratch")
    scratch = f.name
weights = os.path.join(tempfile.mkdtemp(), "weights.joblib")
joblib.dump({"bias": 0.5}, weights)
bias = joblib.load(weights)["bias"]
print(f"tmp={os.path.dirname(scratch)} weights={weights} bias={bias}")
with open("/input/test-inputs.csv", newline="") as f:
    ids = [row["id"] for row in csv.DictReader(f)]
with open("/output/predictions.csv", "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["id", "malignant"])
    writer.writerows([i, bias] for i in ids)
