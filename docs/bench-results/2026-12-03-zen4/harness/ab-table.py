#!/usr/bin/env python3
"""Old / new / new÷old GFLOP/s from a directory of `jmlp bench --json` runs taken in turns
(MODE-THREADS-SIDE-TURN.json, as companion-ab/run.sh writes them), the best turn of each side."""
import glob
import json
import sys

d = sys.argv[1]
for mode in ['avx2', 'avx512']:
    for thr in ['1', '2']:
        best = {}
        for side in ['old', 'new']:
            for f in glob.glob(f'{d}/{mode}-{thr}-{side}-*.json'):
                try:
                    j = json.load(open(f))
                except Exception:
                    continue
                for g in j['gemm']:
                    k = (side, g['name'])
                    best[k] = max(best.get(k, 0), g['gflops']['cpu'])
        names = [n for (s, n) in best if s == 'old']
        print(f'== {mode}, {thr} thread(s)  (old / new / new÷old, best of turns)')
        for n in names:
            o = best.get(('old', n), 0)
            w = best.get(('new', n), 0)
            print(f'  {n:34s} {o:7.1f} {w:7.1f}  {w / o if o else 0:5.2f}')
