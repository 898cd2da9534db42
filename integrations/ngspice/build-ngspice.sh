#!/usr/bin/env bash
# ngspice 39.3 (Debian bookworm's source) on Lupine: fetches the source, builds and installs
# Lupine from this checkout, applies integrations/ngspice's patch and SMP layer, builds
# ngspice with Lupine (and, unless --no-stock, the pristine source with Sparse 1.3), runs
# `make check` in each and prints a summary with the # PASS: / # FAIL: counts of each build.
#
#   integrations/ngspice/build-ngspice.sh [options]
#     --work DIR      work folder (default: <checkout>/build/ngspice)
#     --lupine PREFIX link an installed Lupine instead of building this checkout's
#     --no-stock      build only the Lupine variant
#     --no-check      build only, no make check
#     --compare       also run every tests/**/*.cir with both builds and compare (compare.py,
#                     60 s per netlist)
#     --deps          install the build dependencies first (Debian; root or sudo -n)
#     --jobs N        parallel make jobs (default: $JOBS, else 2)
#     --reuse         keep what an earlier run built in the work folder: Lupine's build
#                     (rebuilt incrementally and installed again), the configured ngspice
#                     trees (the SMP layer is copied in again and `make` rebuilds what changed)
#
# Layout under the work folder: src/ (apt-get source ngspice, pristine), stock/ and lupine/
# (a copy each, built in <copy>/build, the binaries in <copy>/build/src/ngspice),
# lupine-prefix/ (this checkout's Lupine, installed), logs/.
# Needs `deb-src` for bookworm in the apt sources (--deps adds it) and network access to the
# Debian archive for the source; everything else is local.
set -euo pipefail
exec < /dev/null

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$root/build/ngspice
lupine_prefix=
build_stock=1
run_check=1
run_compare=0
install_deps=0
reuse=0
jobs=${JOBS:-2}

while [[ $# -gt 0 ]]; do
  case $1 in
    --work) work=$2; shift 2 ;;
    --lupine) lupine_prefix=$2; shift 2 ;;
    --no-stock) build_stock=0; shift ;;
    --no-check) run_check=0; shift ;;
    --compare) run_compare=1; shift ;;
    --deps) install_deps=1; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --reuse) reuse=1; shift ;;
    -h | --help) sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-ngspice.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done

mkdir -p "$work/logs"
work=$(cd "$work" && pwd)
logs=$work/logs
started=$SECONDS
stage() { printf '[%4ds] %s\n' $((SECONDS - started)) "$*"; }
fail() { echo "build-ngspice.sh: $*" >&2; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo > /dev/null; then sudo -n "$@"; else
    fail "not root and no sudo: run as root: $*"
  fi
}

if [[ $install_deps -eq 1 ]]; then
  stage "build dependencies"
  "$root/scripts/install-deps.sh"
  if ! grep -rqs '^Types:.*deb-src\|^deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    as_root tee /etc/apt/sources.list.d/lupine-ngspice-src.sources > /dev/null << 'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  as_root apt-get update > "$logs/apt-update.log" 2>&1
  # What ngspice's build needs without X, docs or Tcl (apt-get build-dep ngspice would also
  # pull TeX Live and LyX for the manual).
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    dpkg-dev autoconf automake libtool bison flex pkg-config make gcc g++ libfftw3-dev \
    > "$logs/apt-install.log" 2>&1 || fail "apt-get install failed, see $logs/apt-install.log"
fi

for tool in autoconf automake libtoolize bison flex pkg-config make; do
  command -v "$tool" > /dev/null || fail "$tool not found (run with --deps)"
done

# ---- Lupine ----
# This checkout's Lupine is always built and installed (incrementally with --reuse, so the
# installed headers and library never lag behind the checkout's).
if [[ -z $lupine_prefix ]]; then
  lupine_prefix=$work/lupine-prefix
  if [[ $reuse -eq 1 && -f $work/lupine-build/CMakeCache.txt ]]; then
    stage "Lupine: rebuild (incremental) and install into $lupine_prefix"
  else
    stage "Lupine: build and install into $lupine_prefix"
    cmake -S "$root" -B "$work/lupine-build" -DCMAKE_BUILD_TYPE=Release -DLUPINE_BUILD_TESTS=OFF \
      -DLUPINE_BUILD_APPS=OFF -DCMAKE_INSTALL_PREFIX="$lupine_prefix" > "$logs/lupine-configure.log" 2>&1 ||
      fail "Lupine configure failed, see $logs/lupine-configure.log"
  fi
  cmake --build "$work/lupine-build" -j "$jobs" > "$logs/lupine-build.log" 2>&1 ||
    fail "Lupine build failed, see $logs/lupine-build.log"
  cmake --install "$work/lupine-build" > "$logs/lupine-install.log" 2>&1 ||
    fail "Lupine install failed, see $logs/lupine-install.log"
fi
[[ -f $lupine_prefix/include/lupine/lupine.h ]] || fail "no Lupine in $lupine_prefix"

# ---- source ----
source_dir=$(find "$work/src" -maxdepth 1 -type d -name 'ngspice-39.3*' 2> /dev/null | head -1 || true)
if [[ -z $source_dir ]]; then
  stage "ngspice source: apt-get source ngspice"
  mkdir -p "$work/src"
  (cd "$work/src" && apt-get source ngspice > "$logs/apt-source.log" 2>&1) ||
    fail "apt-get source ngspice failed (is deb-src for bookworm configured? --deps adds it), see $logs/apt-source.log"
  source_dir=$(find "$work/src" -maxdepth 1 -type d -name 'ngspice-*' | head -1)
fi
[[ -f $source_dir/configure.ac ]] || fail "no ngspice source in $work/src"
stage "ngspice source: $source_dir"

# prepare VARIANT: a fresh copy of the pristine source (patched for lupine), autogen
prepare() {
  local variant=$1 dir=$work/$1
  rm -rf "$dir"
  cp -a "$source_dir" "$dir"
  if [[ $variant == lupine ]]; then
    (cd "$dir" && patch -p1 < "$here/ngspice-39.3-lupine.patch" > "$logs/patch.log") ||
      fail "the patch does not apply, see $logs/patch.log"
    mkdir -p "$dir/src/maths/lupine"
    cp "$here/src/maths/lupine/lupinesmp.c" "$here/src/maths/lupine/Makefile.am" "$dir/src/maths/lupine/"
  fi
  (cd "$dir" && ./autogen.sh > "$logs/$variant-autogen.log" 2>&1) ||
    fail "autogen.sh failed, see $logs/$variant-autogen.log"
}

# build VARIANT: configure (no X, readline or debug; XSPICE for its make check) and make
build() {
  local variant=$1 dir=$work/$1 extra=()
  [[ $variant == lupine ]] && extra=(--with-lupine="$lupine_prefix")
  mkdir -p "$dir/build"
  (cd "$dir/build" && ../configure --with-x=no --enable-xspice --disable-debug --with-readline=no \
    "${extra[@]}" CFLAGS="-O2" > "$logs/$variant-configure.log" 2>&1) ||
    fail "$variant configure failed, see $logs/$variant-configure.log"
  (cd "$dir/build" && make -j "$jobs" > "$logs/$variant-make.log" 2>&1) ||
    fail "$variant make failed, see $logs/$variant-make.log"
}

variants=(lupine)
[[ $build_stock -eq 1 ]] && variants=(stock lupine)
declare -A seconds
for variant in "${variants[@]}"; do
  stage "$variant: build (autogen, configure, make -j $jobs; --reuse: make)"
  t0=$SECONDS
  if [[ $reuse -eq 1 && -x $work/$variant/build/src/ngspice ]]; then
    if [[ $variant == lupine ]]; then
      cp "$here/src/maths/lupine/lupinesmp.c" "$here/src/maths/lupine/Makefile.am" \
        "$work/lupine/src/maths/lupine/"
    fi
    (cd "$work/$variant/build" && make -j "$jobs" > "$logs/$variant-make.log" 2>&1) ||
      fail "$variant make failed, see $logs/$variant-make.log"
  else
    prepare "$variant"
    build "$variant"
  fi
  seconds[$variant-build]=$((SECONDS - t0))
done

solver=$(printf 'marker\n.options acct\nv1 1 0 1\nr1 1 0 1\n.op\n.end\n' > "$work/marker.cir" &&
  "$work/lupine/build/src/ngspice" -b "$work/marker.cir" 2>&1 | sed -n 's/^Matrix solver = //p')
[[ $solver == Lupine* ]] || fail "the Lupine build reports matrix solver '$solver'"
stage "lupine: .options acct says 'Matrix solver = $solver'"

summary=()
if [[ $run_check -eq 1 ]]; then
  for variant in "${variants[@]}"; do
    stage "$variant: make check"
    t0=$SECONDS
    status=0
    (cd "$work/$variant/build" && make -k check > "$logs/$variant-check.log" 2>&1) || status=$?
    seconds[$variant-check]=$((SECONDS - t0))
    # This ngspice uses automake's serial test driver, which prints PASS:/FAIL: per test.
    pass=$(grep -c '^PASS: ' "$logs/$variant-check.log" || true)
    failed=$(grep '^FAIL: ' "$logs/$variant-check.log" | sed 's/^FAIL: //' | tr '\n' ' ' || true)
    nfail=$(grep -c '^FAIL: ' "$logs/$variant-check.log" || true)
    summary+=("$variant: # PASS: $pass  # FAIL: $nfail ${failed:+($failed)} make check exit $status, ${seconds[$variant-check]} s")
  done
fi

if [[ $run_compare -eq 1 && $build_stock -eq 1 ]]; then
  stage "compare every tests/**/*.cir, stock vs lupine"
  python3 "$here/compare.py" --stock "$work/stock/build/src/ngspice" \
    --lupine "$work/lupine/build/src/ngspice" --tests "$source_dir/tests" \
    --work "$work/compare" --timeout 60 > "$logs/compare.log" 2>&1 || true
  summary+=("compare: $(tail -1 "$logs/compare.log")")
fi

echo
echo "==== ngspice on Lupine: summary ($((SECONDS - started)) s in all) ===="
for variant in "${variants[@]}"; do
  echo "$variant: build ${seconds[$variant-build]} s; binary $work/$variant/build/src/ngspice"
done
for line in "${summary[@]}"; do echo "$line"; done
for line in "${summary[@]}"; do
  [[ $line == lupine:*"# FAIL: 0 "* || $line != lupine:* ]] || exit 1
done
