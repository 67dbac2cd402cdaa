#!/usr/bin/env bash
# Configures and builds hilbench.
# Usage: ci/build.sh [--main-only] [BUILD_DIR] [extra cmake args...]
#   default       everything: host tool, tests, firmware (sim + Cortex-M + MP157 runner)
#   --main-only   only what `hilbench run` needs: the host tool, its bash
#                 completion and the firmware images (CMake target hb-main)
set -euo pipefail
cd "$(dirname "$0")/.."
target=()
if [ "${1:-}" = "--main-only" ]; then
  target=(--target hb-main)
  shift
fi
dir="${1:-build}"
shift || true
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$dir" -j"$(nproc)" "${target[@]}"
