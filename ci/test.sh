#!/usr/bin/env bash
# The whole test suite: format check, normal build + all tests, then the same
# tests under AddressSanitizer + UndefinedBehaviorSanitizer. Ends with how many
# tests were skipped in each, and why.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/check-format.sh
summary() { python3 ci/skip-summary.py "$1" "$2/ctest-junit.xml" || echo "$1: could not read $2/ctest-junit.xml"; }
rc=0
rm -f build/ctest-junit.xml build-asan/ctest-junit.xml
bash ci/build.sh build
(cd build && ctest --output-on-failure -j"$(nproc)" --output-junit ctest-junit.xml) || rc=$?
if [ "$rc" -eq 0 ]; then
  bash ci/build.sh build-asan -DHB_SANITIZE=ON -DHB_CROSS=OFF -DCMAKE_BUILD_TYPE=Debug
  (cd build-asan && ctest --output-on-failure -j"$(nproc)" --output-junit ctest-junit.xml) || rc=$?
fi
if [ "$rc" -eq 0 ]; then
  # Fuzz targets (clang, ASan + UBSan): replay the committed seeds and every crash ever found, no fuzzing.
  bash ci/fuzz.sh 0 || rc=$?
fi
echo
summary "tests (build)" build
[ -f build-asan/ctest-junit.xml ] && summary "tests (build-asan, ASan/UBSan)" build-asan
exit "$rc"
