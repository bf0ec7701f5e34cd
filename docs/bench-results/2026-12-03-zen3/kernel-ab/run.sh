#!/bin/bash
# Each 256-bit kernel forced in turn on this AVX2 machine (jmlp bench --json), 1 and 2 threads, two turns.
cd "${1:?usage: run.sh OUTPUT_DIR}"
for turn in 1 2; do
  for thr in 1 2; do
    for k in 4x16 5x16 6x16; do
      JMLP_JAVA_OPTS="-Djmlp.cpu.kernel=$k" nice -n -15 /work/main/jmlp bench --backend cpu --no-train --threads $thr --rounds 3 --min-time 0.4 --json > $k-$thr-$turn.json 2> $k-$thr-$turn.txt
    done
  done
done
echo done > all.done
