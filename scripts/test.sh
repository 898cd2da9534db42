#!/usr/bin/env bash
# Lupine's full check, the one CI runs (.ci/run): dependencies, clang-format, then a Release
# build with warnings as errors and its tests, then the distributed solver's build (MPI) and
# its tests under mpirun, then a Debug build under AddressSanitizer and
# UndefinedBehaviorSanitizer and its tests, then the numeric tests under ThreadSanitizer, then
# a short run of the libFuzzer targets (clang) over their seeds (docs/fuzzing.md).
# Prints the time of every stage and exits nonzero when any stage fails.
#
#   scripts/test.sh            everything
#   scripts/test.sh --no-asan  skip the sanitizer builds and the fuzzing (a quicker check)
#
# Build folders: build-ci (release, then MPI), build-asan, build-tsan and build-fuzz in the
# repository root (reused when present). The sanitizer and fuzz builds are unity builds (the
# library's sources compiled a batch at a time) with their tests and apps at -O0
# (CMakeLists.txt), and the fuzzers run side by side: on a 2-core AMD EPYC VM the stages took
# 665 s, against about 1140 s before (ASan build 373 -> 186 s, TSan test 136 -> 57 s, MPI
# build 91 -> 33 s, fuzz run 125 -> 62 s).
# Tests use ../shared/matrices when it exists and skip those checks otherwise.
set -uo pipefail
exec < /dev/null

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

run_asan=1
for argument in "$@"; do
  case $argument in
    --no-asan) run_asan=0 ;;
    -h | --help)
      sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "test.sh: unknown argument '$argument' (try --help)" >&2
      exit 2
      ;;
  esac
done

jobs=$(nproc 2> /dev/null || echo 2)
stage_names=()
stage_results=()
stage_seconds=()
failed=0

now() { date +%s.%N; }

# stage NAME COMMAND...: runs COMMAND, records its result and time; returns its status.
stage() {
  local name=$1
  shift
  echo
  echo "==== $name"
  local start end status
  start=$(now)
  "$@"
  status=$?
  end=$(now)
  local seconds
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  stage_names+=("$name")
  stage_seconds+=("$seconds")
  if [[ $status -eq 0 ]]; then
    stage_results+=(ok)
    echo "==== $name: ok (${seconds} s)"
  else
    stage_results+=("FAILED ($status)")
    failed=1
    echo "==== $name: FAILED with status $status (${seconds} s)"
  fi
  return "$status"
}

skip() {
  stage_names+=("$1")
  stage_seconds+=("-")
  stage_results+=("skipped")
}

format_check() {
  local files=()
  if git -C "$root" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    # Tracked files, and new ones not yet added (but not ignored ones such as build folders).
    mapfile -t files < <(git -C "$root" ls-files --cached --others --exclude-standard \
      -- '*.cpp' '*.hpp' '*.c' '*.h' | sort -u)
  else
    mapfile -t files < <(find src include apps tests -name '*.cpp' -o -name '*.hpp' -o -name '*.c' -o -name '*.h' | sort)
  fi
  local existing=()
  for file in "${files[@]}"; do
    if [[ -f $file ]]; then existing+=("$file"); fi
  done
  echo "checking ${#existing[@]} files with $(clang-format --version)"
  if [[ ${#existing[@]} -eq 0 ]]; then return 0; fi
  clang-format --dry-run -Werror "${existing[@]}"
}

# build_and_test NAME FOLDER CMAKE_ARGUMENTS...: configure, build and ctest one configuration.
build_and_test() {
  local name=$1 folder=$2
  shift 2
  if ! stage "$name: configure" cmake -S "$root" -B "$root/$folder" "$@"; then
    skip "$name: build"
    skip "$name: test"
    return
  fi
  if ! stage "$name: build" cmake --build "$root/$folder" -j "$jobs"; then
    skip "$name: test"
    return
  fi
  stage "$name: test" bash -c "cd '$root/$folder' && ctest --output-on-failure -j2"
}

total_start=$(now)

if ! stage "dependencies" scripts/install-deps.sh; then
  echo "test.sh: cannot install the dependencies; stopping" >&2
  exit 1
fi

stage "clang-format" format_check

build_and_test "release" build-ci -DCMAKE_BUILD_TYPE=Release -DLUPINE_WERROR=ON \
  -DLUPINE_WITH_MPI=OFF

# The distributed solver (-DLUPINE_WITH_MPI=ON, docs/distributed.md): the release build
# configured again with MPI, which leaves the library's objects as they are (only the apps and
# the distributed library and its tests compile), builds only what the MPI checks need and runs
# them under mpirun with 1, 2 and 4 ranks (ctest label mpi). The next release stage turns MPI
# off again.
mpi_targets=(test_distributed test_distributed_capi lupine-solve lupine-bench)
if stage "mpi: configure" cmake -S "$root" -B "$root/build-ci" -DCMAKE_BUILD_TYPE=Release \
  -DLUPINE_WERROR=ON -DLUPINE_WITH_MPI=ON; then
  if stage "mpi: build" cmake --build "$root/build-ci" -j "$jobs" --target "${mpi_targets[@]}"; then
    stage "mpi: test" bash -c "cd '$root/build-ci' && ctest --output-on-failure -L mpi"
  else
    skip "mpi: test"
  fi
else
  skip "mpi: build"
  skip "mpi: test"
fi

if [[ $run_asan -eq 1 ]]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_stack_use_after_return=1:strict_string_checks=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  build_and_test "asan+ubsan" build-asan -DCMAKE_BUILD_TYPE=Debug \
    "-DLUPINE_SANITIZE=address;undefined" -DLUPINE_WERROR=ON "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" \
    -DCMAKE_UNITY_BUILD=ON
else
  skip "asan+ubsan: configure"
  skip "asan+ubsan: build"
  skip "asan+ubsan: test"
fi

# ThreadSanitizer on the numeric tests, where the threads are (parallel block factorization,
# concurrent solves); tests/tsan.supp explains its TBB-only suppressions. The [index] tests
# (64-bit indices against 32-bit ones) are left out here: they run the same templates as the
# 32-bit tests that TSan does check, and took half of its time (67 of 136 s); the release and
# ASan stages run them.
if [[ $run_asan -eq 1 ]]; then
  export TSAN_OPTIONS=${TSAN_OPTIONS:-suppressions=$root/tests/tsan.supp:halt_on_error=1}
  if stage "tsan: configure" cmake -S "$root" -B "$root/build-tsan" -DCMAKE_BUILD_TYPE=Debug \
    -DLUPINE_SANITIZE=thread -DLUPINE_WERROR=ON -DLUPINE_BUILD_APPS=OFF \
    "-DCMAKE_CXX_FLAGS_DEBUG=-g -O1" -DCMAKE_UNITY_BUILD=ON; then
    if stage "tsan: build" cmake --build "$root/build-tsan" -j "$jobs" --target test_numeric; then
      stage "tsan: test" "$root/build-tsan/tests/test_numeric" \
        "[threads]~[index],[refactor]~[index]"
    else
      skip "tsan: test"
    fi
  else
    skip "tsan: build"
    skip "tsan: test"
  fi
else
  skip "tsan: configure"
  skip "tsan: build"
  skip "tsan: test"
fi

# libFuzzer: every target replays its seed corpus (the regression inputs included), then
# fuzzes for fuzz_seconds from there, as many targets at once as there are cores (each fuzzer
# is one process on one core). New inputs go to a scratch corpus under build-fuzz, so the
# curated seeds stay as they are; a crash leaves its input in build-fuzz/fuzz-artifacts.
fuzz_seconds=${LUPINE_FUZZ_SECONDS:-30}
fuzz_one() {
  local target=$1
  local scratch="$root/build-fuzz/fuzz-corpus/$target"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  echo "---- fuzz_$target: seeds, then ${fuzz_seconds} s"
  "$root/build-fuzz/tests/fuzz/fuzz_$target" -max_total_time="$fuzz_seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$root/build-fuzz/fuzz-artifacts/$target-" \
    "$scratch" "$root/tests/fuzz/corpus/$target" 2>&1 |
    grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)'
}
fuzz_targets() {
  local status=0 target k index result
  local targets=(matrix_market rutherford_boeing pipeline capi)
  local logs="$root/build-fuzz/fuzz-logs"
  mkdir -p "$root/build-fuzz/fuzz-artifacts" "$logs"
  for ((k = 0; k < ${#targets[@]}; k += jobs)); do
    local batch=("${targets[@]:k:jobs}") pids=()
    for target in "${batch[@]}"; do
      fuzz_one "$target" > "$logs/$target.log" 2>&1 &
      pids+=($!)
    done
    for index in "${!batch[@]}"; do
      target=${batch[$index]}
      wait "${pids[$index]}"
      result=$?
      cat "$logs/$target.log"
      if [[ $result -ne 0 ]]; then
        echo "---- fuzz_$target FAILED"
        status=1
      fi
    done
  done
  return "$status"
}

if [[ $run_asan -eq 1 ]]; then
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  if stage "fuzz: configure" cmake -S "$root" -B "$root/build-fuzz" \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLUPINE_FUZZ=ON -DLUPINE_WERROR=ON -DLUPINE_BUILD_TESTS=OFF -DLUPINE_BUILD_APPS=OFF \
    -DCMAKE_UNITY_BUILD=ON; then
    if stage "fuzz: build" cmake --build "$root/build-fuzz" -j "$jobs" --target fuzz_targets; then
      stage "fuzz: run" fuzz_targets
    else
      skip "fuzz: run"
    fi
  else
    skip "fuzz: build"
    skip "fuzz: run"
  fi
else
  skip "fuzz: configure"
  skip "fuzz: build"
  skip "fuzz: run"
fi

total_end=$(now)
echo
echo "==== summary"
for k in "${!stage_names[@]}"; do
  printf '  %-26s %-12s %8s s\n' "${stage_names[$k]}" "${stage_results[$k]}" \
    "${stage_seconds[$k]}"
done
printf '  %-26s %-12s %8s s\n' "total" "" \
  "$(awk -v a="$total_start" -v b="$total_end" 'BEGIN { printf "%.1f", b - a }')"

if [[ $failed -ne 0 ]]; then
  echo "test.sh: FAILED"
  exit 1
fi
echo "test.sh: all stages passed"
