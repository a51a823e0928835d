"""Writes 50 MB of garbage to /output/predictions.csv in 1 MB chunks, then exits 0."""
import os

chunk = b"x" * (1024 * 1024)
with open("/output/predictions.csv", "wb") as f:
    for _ in range(50):
        f.write(chunk)
        f.flush()
        os.fsync(f.fileno())
print("wrote 50 MB")
