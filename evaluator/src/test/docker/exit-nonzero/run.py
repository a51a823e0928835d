"""Crashes: a message on stderr and exit code 3."""
import sys

print("model crashed: missing weights", file=sys.stderr)
sys.exit(3)
