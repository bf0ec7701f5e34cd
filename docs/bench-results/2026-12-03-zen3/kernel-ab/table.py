#!/usr/bin/env python3
"""GFLOP/s per forced kernel (best of the turns) from run.sh's KERNEL-THREADS-TURN.json files."""
import glob
import json
import sys

d = sys.argv[1] if len(sys.argv) > 1 else '.'
kernels = ['4x16', '5x16', '6x16']
for thr in ['1', '2']:
    best = {}
    names = []
    for k in kernels:
        for f in sorted(glob.glob(f'{d}/{k}-{thr}-*.json')):
            try:
                j = json.load(open(f))
            except Exception:
                continue
            for g in j['gemm']:
                if g['name'] not in names:
                    names.append(g['name'])
                best[(k, g['name'])] = max(best.get((k, g['name']), 0), g['gflops']['cpu'])
    print(f'== {thr} thread(s), GFLOP/s, best of turns: ' + ' '.join(f'{k:>7s}' for k in kernels))
    for n in names:
        print(f'  {n:34s} ' + ' '.join(f'{best.get((k, n), 0):7.1f}' for k in kernels))
