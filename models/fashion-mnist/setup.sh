#!/usr/bin/env bash
# Installs what models/fashion-mnist/train.py needs (Debian packages only:
# PyTorch and NumPy for the system python3, and the dataset). Not part of
# ci/setup.sh: CI uses the committed .tflite and never retrains.
set -euo pipefail
PACKAGES=(python3 python3-torch python3-numpy dataset-fashion-mnist)
bash "$(dirname "$0")/../../ci/apt-install.sh" models/fashion-mnist/setup.sh "${PACKAGES[@]}"
