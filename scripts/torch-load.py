#!/usr/bin/env python3
"""Load a jmlp model (jmlp train --save DIR) into PyTorch and check its predictions against jmlp's.

Builds the nn.Sequential that model.json describes (Linear, BatchNorm1d, activations, Dropout,
PReLU, numbered as jmlp numbers them), loads model.safetensors with load_state_dict(strict=True)
-- through the `safetensors` package when it is installed, else with the format's few lines:
8-byte little-endian header length, JSON header, raw little-endian tensors -- runs it in eval mode
on IDX test images (scaled by 1/255, as jmlp's loader does), and compares with the CSV that
`jmlp predict` wrote. Needs Debian's python3-torch and python3-numpy; .ci/run uses it, where they are installed,
on the model examples/ saves.

  jmlp predict --model DIR --data mnist-10k -o preds.csv
  python3 scripts/torch-load.py --model DIR --images data/mnist-10k/t10k-images-idx3-ubyte.gz \
      --labels data/mnist-10k/t10k-labels-idx1-ubyte.gz --predictions preds.csv
"""
import argparse
import csv
import gzip
import json
import struct
import sys

import numpy as np
import torch
from torch import nn

DTYPES = {"F32": (np.float32, 4), "I64": (np.int64, 8)}


def read_safetensors(path):
    """name -> torch tensor, per https://github.com/huggingface/safetensors#format."""
    try:
        from safetensors.torch import load_file
        return load_file(path)
    except ImportError:
        pass
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len])
    body = data[8 + header_len:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype, size = DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        array = np.frombuffer(body[begin:end], dtype=dtype).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def activation(name):
    kind, _, param = name.partition(":")
    alpha = float(param) if param else None
    return {
        "identity": lambda: nn.Identity(),
        "sigmoid": lambda: nn.Sigmoid(),
        "tanh": lambda: nn.Tanh(),
        "relu": lambda: nn.ReLU(),
        "hard-sigmoid": None,  # jmlp's is clamp(z/4 + 1/2); PyTorch's Hardsigmoid is clamp(z/6 + 1/2)
        "hard-tanh": lambda: nn.Hardtanh(),
        "leaky-relu": lambda: nn.LeakyReLU(alpha),
        "elu": lambda: nn.ELU(alpha),
        "softplus": lambda: nn.Softplus(),
        "swish": lambda: nn.SiLU(),
        "gelu": lambda: nn.GELU(approximate="tanh"),
    }.get(kind) or (lambda: sys.exit(f"activation {name} has no PyTorch module here"))


def build(description):
    modules = []
    for layer in description["layers"]:
        t = layer["type"]
        if t == "linear":
            modules.append(nn.Linear(layer["in"], layer["out"], bias=layer["bias"]))
        elif t == "batch_norm":
            modules.append(nn.BatchNorm1d(layer["in"], eps=layer["eps"], momentum=layer["momentum"]))
        elif t == "activation":
            modules.append(activation(layer["activation"])())
        elif t == "dropout":
            modules.append(nn.Dropout(layer["p"]))
        elif t == "prelu":
            modules.append(nn.PReLU(1 if layer["shared"] else layer["in"]))
        else:
            sys.exit(f"unknown layer type {t}")
    return nn.Sequential(*modules)


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        sys.exit(f"{path}: only unsigned-byte IDX files are supported")
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data[4 + 4 * ndim:], dtype=np.uint8).reshape(shape)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="directory written by jmlp train --save")
    p.add_argument("--images", required=True, help="IDX images (the same test set jmlp predict used)")
    p.add_argument("--labels", help="IDX labels, for accuracy")
    p.add_argument("--predictions", required=True, help="CSV written by jmlp predict")
    args = p.parse_args()

    with open(f"{args.model}/model.json") as f:
        description = json.load(f)
    model = build(description)
    state = read_safetensors(f"{args.model}/model.safetensors")
    model.load_state_dict(state, strict=True)
    model.eval()
    print(model)
    print(f"loaded {len(state)} tensors with load_state_dict(strict=True): "
          + ", ".join(f"{k} {list(v.shape)}" for k, v in list(state.items())[:6]) + ", ...")

    images = read_idx(args.images)
    x = torch.from_numpy(images.reshape(images.shape[0], -1).astype(np.float32) * np.float32(1 / 255))
    with torch.no_grad():
        torch_out = model(x).numpy()

    with open(args.predictions) as f:
        rows = list(csv.DictReader(f))
    k = torch_out.shape[1]
    jmlp_out = np.array([[float(r[f"output_{j}"]) for j in range(k)] for r in rows], dtype=np.float32)
    jmlp_pred = np.array([int(r["predicted"]) for r in rows])
    if jmlp_out.shape != torch_out.shape:
        sys.exit(f"shapes differ: jmlp {jmlp_out.shape}, PyTorch {torch_out.shape}")
    torch_pred = torch_out.argmax(axis=1)
    diff = np.abs(torch_out - jmlp_out)
    scale = np.abs(jmlp_out).max()
    print(f"examples:                 {len(rows)}")
    print(f"max |torch - jmlp|:       {diff.max():.3e} (outputs up to {scale:.2f}; relative {diff.max() / scale:.2e})")
    print(f"same predicted class:     {int((torch_pred == jmlp_pred).sum())} of {len(rows)}")
    if args.labels:
        labels = read_idx(args.labels)
        print(f"accuracy PyTorch / jmlp:  {(torch_pred == labels).mean():.4f} / {(jmlp_pred == labels).mean():.4f}")
    ok = diff.max() <= 1e-4 * max(scale, 1.0) and (torch_pred == jmlp_pred).all()
    print("MATCH" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
