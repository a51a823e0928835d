"""Forks forever: every process keeps forking, and retries when fork fails."""
import os
import time

print("forking", flush=True)
while True:
    try:
        os.fork()  # parent and child both continue the loop
    except OSError:
        time.sleep(0.01)
