"""Benchmarks of whole `publisher build` runs over synthetic career libraries (not tests)."""
