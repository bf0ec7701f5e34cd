#!/usr/bin/env python3
"""Replay a jmlp training run in PyTorch and compare the final weights.

jmlp writes the weights before the first step (--save-initial) and after the last (--save); with
--shuffle false the batches are the training set's rows in order, and --max-steps N fixes how many.
This script loads the initial weights into the same nn.Sequential, takes the same N steps of
torch.optim.SGD (momentum, constant rate, mean cross-entropy, batch norm in training mode) on the
same rows, and compares every tensor with jmlp's final model. Needs python3-torch; not used by CI.

  jmlp train --data mnist-10k --validation 0 --shuffle false --max-steps 50 --schedule constant \
      --lr 0.01 --momentum 0.9 --batch-size 100 --save-initial -o RUN --save RUN/final
  python3 scripts/torch-replay.py --run RUN --images data/mnist-10k/train-images-idx3-ubyte.gz \
      --labels data/mnist-10k/train-labels-idx1-ubyte.gz --steps 50 --batch-size 100 --lr 0.01 --momentum 0.9
"""
import argparse
import importlib.util
import json
import os
import sys

import numpy as np
import torch

spec = importlib.util.spec_from_file_location("torch_load", os.path.join(os.path.dirname(__file__), "torch-load.py"))
torch_load = importlib.util.module_from_spec(spec)
spec.loader.exec_module(torch_load)


def load(directory):
    with open(f"{directory}/model.json") as f:
        model = torch_load.build(json.load(f))
    model.load_state_dict(torch_load.read_safetensors(f"{directory}/model.safetensors"), strict=True)
    return model


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--run", required=True, help="jmlp's -o directory, holding initial-model/ and final/")
    p.add_argument("--images", required=True)
    p.add_argument("--labels", required=True)
    p.add_argument("--steps", type=int, required=True)
    p.add_argument("--batch-size", type=int, required=True)
    p.add_argument("--lr", type=float, required=True)
    p.add_argument("--momentum", type=float, required=True)
    args = p.parse_args()
    torch.set_num_threads(1)

    model = load(f"{args.run}/initial-model")
    final = torch_load.read_safetensors(f"{args.run}/final/model.safetensors")
    images = torch_load.read_idx(args.images)
    x = torch.from_numpy(images.reshape(images.shape[0], -1).astype(np.float32) * np.float32(1 / 255))
    y = torch.from_numpy(torch_load.read_idx(args.labels).astype(np.int64))
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    rows = x.shape[0]
    for step in range(args.steps):
        first = (step * args.batch_size) % rows
        xb, yb = x[first:first + args.batch_size], y[first:first + args.batch_size]
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()

    worst = 0.0
    print(f"{'tensor':24} {'shape':>12} {'max |torch - jmlp|':>20} {'max |jmlp|':>12}")
    for name, replayed in model.state_dict().items():
        theirs = final[name]
        if replayed.dtype == torch.int64:
            print(f"{name:24} {str(list(replayed.shape)):>12} {'equal' if torch.equal(replayed, theirs) else 'DIFFERENT':>20}")
            worst = worst if torch.equal(replayed, theirs) else float("inf")
            continue
        diff = (replayed - theirs).abs().max().item()
        scale = theirs.abs().max().item()
        worst = max(worst, diff / max(scale, 1e-12))
        print(f"{name:24} {str(list(replayed.shape)):>12} {diff:20.3e} {scale:12.4f}")
    print(f"worst relative difference: {worst:.2e}")
    return 0 if worst < 1e-3 else 1


if __name__ == "__main__":
    sys.exit(main())
