#!/usr/bin/env bash
# Fails if any C/C++ source differs from clang-format's output.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
[ -z "$files" ] && exit 0
# shellcheck disable=SC2086
if ! clang-format --dry-run --Werror $files; then
  echo "ci/check-format.sh: run 'clang-format -i' on the files above" >&2
  exit 1
fi
echo "ci/check-format.sh: $(echo "$files" | wc -l) files formatted"
