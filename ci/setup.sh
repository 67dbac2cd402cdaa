#!/usr/bin/env bash
# Installs every Debian package hilbench needs to build, test and run its
# emulated boards. Safe to re-run: apt skips what is installed.
set -euo pipefail
PACKAGES=(
  # host build
  build-essential cmake ninja-build pkg-config clang-format
  clang libclang-rt-14-dev ccache  # libFuzzer + ASan/UBSan for fuzz/ (ci/fuzz.sh builds through ccache)
  # what the scripts and tests call: git (ci/check-format.sh in a checkout, the
  # run's git revision), python3 (ci/skip-summary.py), bash-completion
  git ca-certificates python3 bash-completion
  libgtest-dev libgmock-dev libbenchmark-dev
  libboost-dev libsqlite3-dev sqlite3 zlib1g-dev libpng-dev libjpeg-dev nlohmann-json3-dev libyaml-cpp-dev
  # firmware cross builds
  gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi g++-arm-linux-gnueabihf
  # emulated boards and real flash tools
  qemu-system-arm qemu-user openocd
  # the MP157 deploys over ssh; the test runs a private sshd on loopback
  openssh-client openssh-server
  # boards on other hosts: the tests export a sim board's pty with the real ser2net
  ser2net
  python3-pyocd  # Debian's is too old to flash our targets: the test checks hilbench says so
  # default dataset (Fashion-MNIST, IDX gzip)
  dataset-fashion-mnist
  chromium  # headless: the HTML report test renders the page
  nodejs  # TensorFlow Lite's runtime (npm, below) for the .tflite interop test
)
bash "$(dirname "$0")/apt-install.sh" ci/setup.sh "${PACKAGES[@]}"
# Debian's nodejs comes without npm; a nodejs that bundles its own npm
# conflicts with Debian's npm package, so only ask for it when npm is missing.
command -v npm >/dev/null || bash "$(dirname "$0")/apt-install.sh" ci/setup.sh npm

# TensorFlow Lite's own runtime (WASM, npm @tensorflow/tfjs-tflite) for the
# interoperability test of the .tflite files hilbench writes (needs network
# access to the npm registry; the test skips, and ci/test.sh says so, when
# this could not be installed).
interop="$(dirname "$0")/../models/fashion-mnist/interop"
if command -v npm >/dev/null && [ ! -d "$interop/node_modules/@tensorflow/tfjs-tflite" ]; then
  (cd "$interop" && npm ci --no-audit --no-fund --loglevel=error) ||
    echo "ci/setup.sh: npm ci in models/fashion-mnist/interop failed: the TFLite interop test will skip"
fi
