#!/usr/bin/env bash
# Installs the Debian (bookworm) packages Lupine needs to build, test and benchmark.
# Idempotent: asks dpkg which packages are missing and runs apt-get only for those, so a
# machine that has everything needs neither root nor the network. Runs apt-get directly as
# root, through non-interactive sudo otherwise; never reads stdin.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libsuitesparse-dev libtbb-dev libboost-program-options-dev catch2
  libopenblas-dev liblapacke-dev zlib1g-dev libmumps-seq-dev libmetis-dev
  libmumps-dev libsuperlu-dist-dev libopenmpi-dev openmpi-bin
  gnuplot-nox python3 python3-matplotlib
  clang-format clang libclang-rt-14-dev
)

if ! command -v dpkg-query > /dev/null; then
  echo "install-deps: dpkg-query not found; this script needs Debian or a derivative." >&2
  echo "install-deps: install these packages by hand: ${packages[*]}" >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2> /dev/null || true)
  if [[ $status != installed ]]; then missing+=("$package"); fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo > /dev/null; then
  # -n: fail instead of prompting for a password (there is no terminal in CI).
  as_root=(sudo -n)
else
  echo "install-deps: not root and no sudo; run as root: apt-get install ${missing[*]}" >&2
  exit 1
fi

"${as_root[@]}" apt-get update < /dev/null
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}" < /dev/null
echo "install-deps: done"
