#!/bin/bash
cd "${1:?usage: run.sh OUTPUT_DIR (a worktree of the older commit at /tmp/wt-old)}"
for turn in 1 2; do
  for mode in avx2 avx512; do
    opts=""; [ $mode = avx2 ] && opts="-XX:UseAVX=2"
    for thr in 1 2; do
      for side in old new; do
        dir=/work/main; [ $side = old ] && dir=/tmp/wt-old
        JMLP_JAVA_OPTS="$opts" nice -n -15 $dir/jmlp bench --backend cpu --no-train --threads $thr --rounds 3 --min-time 0.4 --json > $mode-$thr-$side-$turn.json 2> $mode-$thr-$side-$turn.txt
      done
    done
  done
done
echo done > all.done
