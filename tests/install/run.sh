#!/usr/bin/env bash
# Installs the build tree into a fresh prefix and builds small consumers against the
# installed tree only (not the build tree): with find_package (C on the shared library, C++
# on the static and the shared one) and with pkg-config (C); runs them; checks the SONAME.
#   tests/install/run.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1
work=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rm -rf "$work"
mkdir -p "$work"
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" > "$work/install.log"
libdir=$(dirname "$(find "$prefix" -name 'liblupine.so' | head -1)")
soname=$(readelf -d "$libdir/liblupine.so" | sed -n 's/.*SONAME.*\[\(.*\)\].*/\1/p')
echo "installed in $prefix; SONAME $soname"
[[ $soname == liblupine.so.0 ]] || { echo "unexpected SONAME '$soname'" >&2; exit 1; }
[[ -f $libdir/liblupine.a ]] || { echo "no static library in $libdir" >&2; exit 1; }

# find_package(Lupine), nothing but the installed prefix on the search path.
cmake -S "$here/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_RPATH_USE_LINK_PATH=ON > "$work/configure.log"
cmake --build "$work/consumer" -j 2 > "$work/build.log"
"$work/consumer/c_consumer"
"$work/consumer/cxx_consumer"
"$work/consumer/cxx_shared_consumer"
# (ldd's output is kept before grep reads it: grep -q stopping early would make ldd die of
# SIGPIPE, and pipefail turn that into a failure.)
static_libraries=$(ldd "$work/consumer/cxx_consumer")
if [[ $static_libraries == *liblupine* ]]; then
  echo "cxx_consumer should link the static library" >&2
  exit 1
fi
shared_libraries=$(ldd "$work/consumer/c_consumer")
if [[ $shared_libraries != *"liblupine.so.0 => $libdir/liblupine.so.0"* ]]; then
  echo "c_consumer does not run on the installed shared library:" >&2
  echo "$shared_libraries" >&2
  exit 1
fi

# pkg-config, from a C compiler.
export PKG_CONFIG_PATH=$libdir/pkgconfig
[[ $(pkg-config --modversion lupine) == "$(sed -n 's/#define LUPINE_VERSION_STRING "\(.*\)"/\1/p' "$prefix/include/lupine/lupine.h")" ]]
# shellcheck disable=SC2046
cc -std=c99 -o "$work/pc_consumer" "$here/consumer/consumer.c" $(pkg-config --cflags --libs lupine) \
  -lm -Wl,-rpath,"$libdir"
"$work/pc_consumer"
echo "install test passed"
