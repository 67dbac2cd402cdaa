#!/usr/bin/env bash
# apt-install.sh WHO PACKAGE...: installs the Debian packages that are not
# installed yet (--no-install-recommends; sudo when not root). WHO names the
# caller in its messages. Used by ci/setup.sh and models/fashion-mnist/setup.sh.
set -euo pipefail
who="$1"
shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "$who: installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "$who: all $# packages present"
fi
