#!/bin/sh
# replay.sh FUZZER CORPUS_DIR CRASH_DIR: runs FUZZER once over every file of
# both folders (no fuzzing). Fails if any input crashes or trips ASan/UBSan.
set -eu
fuzzer=$1; shift
files=""
for d in "$@"; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do [ -f "$f" ] && files="$files $f"; done
done
[ -n "$files" ] || { echo "no inputs for $fuzzer"; exit 0; }
# shellcheck disable=SC2086
exec "$fuzzer" -runs=0 $files
