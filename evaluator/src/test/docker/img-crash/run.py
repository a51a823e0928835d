"""Crashes with an uncaught exception while loading its weights."""
raise RuntimeError("weights file is corrupt")
