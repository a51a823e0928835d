"""Hostile: exits with int(first row's second column) % 256 (never 0: 256 gives 1 instead)."""
import csv
import glob
import sys

with open(sorted(glob.glob("/input/*.csv"))[0], newline="") as f:
    rows = list(csv.reader(f))
code = int(float(rows[1][1])) % 256
sys.exit(code if code else 1)
