#!/bin/bash
# Gemm before (OLD classes) and after (NEW classes) packB's row groups, taking turns, one thread:
# ProfileShape prints GFLOP/s each second; the best second of each run is kept.
OLD=${1:?usage: run.sh OLD_CLASSES NEW_CLASSES [THREADS]}; NEW=${2:?}; THREADS=${3:-1}
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin
REST=/work/main/core/target/classes:$HOME/.m2/repository/org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar
for turn in 1 2 3; do
  for shape in "100 300 784 fwd" "784 300 100 dW" "1024 1024 1024 fwd"; do
    for side in old new; do
      cls=$OLD; [ $side = new ] && cls=$NEW
      best=$(nice -n -15 $J/java -Dthreads=$THREADS -cp /tmp/hc:$cls:$REST --add-modules jdk.incubator.vector \
        io.jmlp.cpu.ProfileShape 4x16 $shape 4 2>/dev/null | grep GFLOP | sort -n | tail -1)
      echo "turn $turn  $shape  $side  $best"
    done
  done
done
