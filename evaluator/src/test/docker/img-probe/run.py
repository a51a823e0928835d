import csv, os, struct, sys, zlib

def png(path, width, height, value):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + bytes([value]) * width for _ in range(height))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))

with open("/proc/self/mountinfo") as f:
    for line in f:
        if "/input" in line:
            print("MOUNT " + line.strip(), file=sys.stderr)
try:
    open("/input/images/written-by-the-model", "w").write("x")
    print("WRITE-OK", file=sys.stderr)
except OSError as e:
    print("WRITE-REFUSED " + e.strerror, file=sys.stderr)
print("IMAGES %d" % len(os.listdir("/input/images")), file=sys.stderr)
with open("/input/cases.csv", newline="") as f:
    cases = [row["case"] for row in csv.DictReader(f)]
for case in cases:
    size = 128 if case == cases[-1] else 256
    png("/output/%s.png" % case, size, size, 1)
