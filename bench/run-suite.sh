#!/usr/bin/env bash
# Runs the standard benchmark suite and keeps its results:
#   - every solver with Lupine at 1 thread, then Lupine alone at all cores (the peers are
#     single-threaded, so measuring them twice would only double the run time);
#   - both runs in one CSV, bench/results/<date>-<hostname>.csv (the threads column tells
#     Lupine's two runs apart), its summary beside it (<same name>-summary.txt), and the
#     plots of bench/plot.py when python3-matplotlib is installed.
#
#   bench/run-suite.sh [--build DIR] [--suite MANIFEST] [--results DIR] [lupine-bench options...]
#
# The suite is ../shared/matrices/MANIFEST.tsv beside the checkout when present, else the
# repository's own matrices/MANIFEST.tsv, unless --suite names another input (a manifest,
# folder or matrix file). --build names the build folder holding
# apps/lupine-bench/lupine-bench (default: build); LUPINE_BENCH=/path/to/lupine-bench
# overrides both. --results changes where the files go (default: bench/results). Other
# options go to every lupine-bench call (e.g. --timeout 300, --max-nnz 1000000, --repeat 5).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$root/build
suite=
results=$root/bench/results
extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --build | --suite | --results)
      if [[ $# -lt 2 ]]; then
        echo "run-suite.sh: $1 needs a value" >&2
        exit 2
      fi
      case $1 in
        --build) build=$2 ;;
        --suite) suite=$2 ;;
        --results) results=$2 ;;
      esac
      shift 2
      ;;
    -h | --help)
      sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      extra+=("$1")
      shift
      ;;
  esac
done

bench=${LUPINE_BENCH:-$build/apps/lupine-bench/lupine-bench}
if [[ ! -x $bench ]]; then
  echo "run-suite.sh: no lupine-bench at $bench; build it (cmake --build $build) or set LUPINE_BENCH" >&2
  exit 1
fi

if [[ -z $suite ]]; then
  if [[ -f $root/../shared/matrices/MANIFEST.tsv ]]; then
    suite=$(cd "$root/../shared/matrices" && pwd)/MANIFEST.tsv
  else
    suite=$root/matrices/MANIFEST.tsv
  fi
fi
if [[ ! -e $suite ]]; then
  echo "run-suite.sh: no suite at $suite" >&2
  exit 1
fi

cores=$(nproc)
mkdir -p "$results"
name=$(date +%Y-%m-%d)-$(hostname -s)
csv=$results/$name.csv
summary=$results/$name-summary.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "run-suite.sh: $suite, Lupine at 1 and $cores threads -> $csv" >&2
"$bench" --threads 1 --csv "$work/one.csv" --format csv "${extra[@]}" "$suite" > /dev/null
cp "$work/one.csv" "$csv"
if [[ $cores -gt 1 ]]; then
  "$bench" --threads "$cores" --solvers lupine --csv "$work/all.csv" --format csv \
    "${extra[@]}" "$suite" > /dev/null
  tail -n +2 "$work/all.csv" >> "$csv"
fi

{
  echo "lupine-bench suite $suite"
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)  host: $(hostname -s)  cores: $cores"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2> /dev/null | cut -d: -f2- | sed 's/^ *//')"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo unknown)"
  echo "options: ${extra[*]:-(defaults)}"
  echo
  "$bench" --summarize "$csv"
} > "$summary"
cat "$summary"

if /usr/bin/python3 -c 'import matplotlib' 2> /dev/null; then
  /usr/bin/python3 "$root/bench/plot.py" "$csv"
else
  echo "run-suite.sh: python3-matplotlib missing, no plots (bench/plot.py $csv draws them)" >&2
fi
