"""Fills FOLDER until the kernel refuses, says how it was refused and how much fit, then predicts 0.5 and exits 0."""
import csv
import errno
import os
import sys

folder, predictions = sys.argv[1], sys.argv[2] == "predict"
written = 0
try:
    with open(os.path.join(folder, "flood.bin"), "wb", buffering=0) as f:
        chunk = b"x" * 65536
        while written < 1024 * 1024 * 1024:
            written += f.write(chunk)
except OSError as e:
    print(f"refused: {errno.errorcode.get(e.errno, e.errno)} after {written} bytes", flush=True)
st = os.statvfs(folder)
print(f"size of {folder}: {st.f_blocks * st.f_frsize} bytes", flush=True)
if predictions:
    with open("/input/test-inputs.csv", newline="") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    with open("/output/predictions.csv", "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "malignant"])
        writer.writerows([i, "0.5"] for i in ids)
