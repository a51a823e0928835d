"""Allocates memory in 50 MB chunks, touching every page, forever."""
import time

CHUNK = 50 * 1024 * 1024
hoard = []
while True:
    hoard.append(bytearray(b"\x01") * CHUNK)  # written, so every page is really committed
    print(f"holding {len(hoard) * 50} MB", flush=True)
    time.sleep(0.05)
