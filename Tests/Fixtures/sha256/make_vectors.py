#!/usr/bin/env python3
"""Writes vectors.tsv: random byte strings (hex) and their SHA-256 from Python's hashlib.

The lengths straddle the padding boundaries (55/56/64 bytes). Run from this directory."""
import hashlib
import random

rng = random.Random(7)
with open("vectors.tsv", "w") as out:
    for n in [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]:
        data = bytes(rng.randrange(256) for _ in range(n))
        out.write(f"{data.hex()}\t{hashlib.sha256(data).hexdigest()}\n")
