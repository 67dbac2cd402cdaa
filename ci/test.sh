#!/usr/bin/env bash
# The whole test suite: format check, normal build + all tests, then the same
# tests under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/check-format.sh
bash ci/build.sh build
(cd build && ctest --output-on-failure -j"$(nproc)")
bash ci/build.sh build-asan -DHB_SANITIZE=ON -DHB_CROSS=OFF -DCMAKE_BUILD_TYPE=Debug
(cd build-asan && ctest --output-on-failure -j"$(nproc)")
# Fuzz targets (clang, ASan + UBSan): replay the committed seeds and every crash ever found, no fuzzing.
bash ci/fuzz.sh 0
