#!/usr/bin/env bash
# ci/fuzz.sh [SECONDS] [TARGET...]: builds the libFuzzer targets (fuzz/, clang,
# ASan + UBSan) in build-fuzz/ and fuzzes each for SECONDS (default 60),
# starting from fuzz/corpus/<target>/ (new interesting inputs are added to
# build-fuzz/corpus/<target>/, not to the committed seeds). A crash is saved
# to fuzz/crashes/<target>/ (commit it with the fix: CI replays it) and fails
# the script. SECONDS=0 only replays the corpus and the crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
export CMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER:-ccache} CMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER:-ccache}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHB_FUZZ=ON -DHB_CROSS=OFF >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(fuzz_cobs fuzz_frame fuzz_messages fuzz_link fuzz_plan fuzz_tflite fuzz_idx fuzz_image fuzz_st_config
           fuzz_descriptor fuzz_datasets)
fi
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
status=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/crashes/$t" "build-fuzz/corpus/$t"
  if [ "$secs" = 0 ]; then
    fuzz/replay.sh "build-fuzz/fuzz/$t" "fuzz/corpus/$t" "fuzz/crashes/$t" || status=1
    continue
  fi
  echo "== $t: ${secs}s"
  # -artifact_prefix: crashes land where CI replays them. Exit status 0 = no crash in the time given.
  if ! "build-fuzz/fuzz/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="fuzz/crashes/$t/" "build-fuzz/corpus/$t" "fuzz/corpus/$t" 2>"build-fuzz/$t.log"; then
    echo "$t: CRASH (see build-fuzz/$t.log, input in fuzz/crashes/$t/)"
    status=1
  fi
  grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "build-fuzz/$t.log" | tail -2 || true
done
exit $status
