#!/usr/bin/env bash
# Installs what models/fashion-mnist/train.py needs (Debian packages only:
# PyTorch and NumPy for the system python3, and the dataset). Not part of
# ci/setup.sh: CI uses the committed .tflite and never retrains.
set -euo pipefail
PACKAGES=(python3 python3-torch python3-numpy dataset-fashion-mnist)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "models/fashion-mnist/setup.sh: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "models/fashion-mnist/setup.sh: all ${#PACKAGES[@]} packages present"
fi
