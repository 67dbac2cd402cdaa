#!/usr/bin/env bash
# Fails if any C/C++ source differs from clang-format's output. Works in a git
# checkout (the tracked files) and in an unpacked archive (every source file
# outside build folders and node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v git >/dev/null && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files '*.c' '*.h' '*.cpp' '*.hpp')
else
  files=$(find . -type d \( -name 'build*' -o -name node_modules -o -name '.*' ! -name . \) -prune -o \
    -type f \( -name '*.c' -o -name '*.h' -o -name '*.cpp' -o -name '*.hpp' \) -print | sed 's|^\./||' | sort)
fi
[ -z "$files" ] && exit 0
# shellcheck disable=SC2086
if ! clang-format --dry-run --Werror $files; then
  echo "ci/check-format.sh: run 'clang-format -i' on the files above" >&2
  exit 1
fi
echo "ci/check-format.sh: $(echo "$files" | wc -l) files formatted"
