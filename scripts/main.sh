#!/usr/bin/env bash
# Lupine's main job, the README's first command: installs the Debian packages it needs, builds
# the Release configuration in build/, and runs lupine-bench on the bundled matrices
# (matrices/MANIFEST.tsv) against KLU, UMFPACK and MUMPS, printing the table and the summary.
#
#   scripts/main.sh [lupine-bench options...]     e.g. scripts/main.sh --threads 1
set -euo pipefail
exec < /dev/null

cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLUPINE_BUILD_APPS=ON
cmake --build build -j"$(nproc 2> /dev/null || echo 2)"
build/apps/lupine-bench/lupine-bench matrices/MANIFEST.tsv "$@"
