#!/usr/bin/env bash
# Times generated circuits with the stock and the Lupine ngspice and prints one Markdown table
# row per run (summarize_run.py): wall time of the whole simulation, ngspice's own .options
# acct figures (op and transient analysis time, device load time, reorder + factor + solve
# time and its share of the analysis, Newton iterations, time points), the Lupine layer's
# pivoting factor / refactor / re-pivot counts (NGSPICE_LUPINE_STATS), the wall time relative
# to the stock run and the waveforms' agreement with the stock run. Also appends every run to
# a CSV file.
#
#   integrations/ngspice/bench-ngspice.sh STOCK_NGSPICE LUPINE_NGSPICE [CASE...]
#     CASE: grid:N[:STEPS], ladder:N, ladder-ac:N, inverters:N (level 1),
#           inverters-bsim3:N, inverters-bsim4:N, adder-bsim3:N, adder-bsim4:N,
#           sram-bsim3:N, sram-bsim4:N (the transistor kinds take :TSTOP, e.g. adder-bsim4:800:0.5n)
#           (default: grid:50 grid:100 inverters:2000 ladder:5000)
#     "-" as STOCK_NGSPICE runs Lupine only (compared with an earlier stock run if one is there).
# Environment:
#   THREADS="1 2"       the Lupine runs' NGSPICE_LUPINE_THREADS values (default 1)
#   PIN="taskset -c 1"  a prefix for every run; PIN_1, PIN_2, ...: for the Lupine runs at that
#                       thread count (default: PIN)
#   TIMEOUT=600         seconds before a run is killed (timeout(1))
#   REUSE_STOCK=1       keep an earlier stock run of the same netlist instead of running again
#   WORK=DIR            netlists and outputs (default build/ngspice/bench)
#   CSV=FILE            where the rows are appended (default $WORK/results.csv)
#   TAG=WORD            added to the Lupine runs' labels and file names (a second series of
#                       runs next to the first, e.g. TAG=quiet)
set -euo pipefail
exec < /dev/null

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stock=$1
lupine=$2
shift 2
cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || cases=(grid:50 grid:100 inverters:2000 ladder:5000)
work=${WORK:-$here/../../build/ngspice/bench}
threads=${THREADS:-1}
limit=${TIMEOUT:-600}
mkdir -p "$work"
csv=${CSV:-$work/results.csv}

# run LABEL CASE BUILD THREADS BASE REFERENCE PIN COMMAND...: one timed run, summarized
run() {
  local label=$1 case=$2 build=$3 t=$4 base=$5 reference=$6 pin=$7 status=0
  shift 7
  # shellcheck disable=SC2086 # PIN is a command prefix, split on purpose
  NGSPICE_LUPINE_THREADS=$t NGSPICE_LUPINE_STATS=1 $pin /usr/bin/time -f '%e %M' -o "$base.time" \
    timeout "$limit" "$@" > "$base.out" 2> "$base.err" || status=$?
  python3 "$here/summarize_run.py" --label "$label" --case "$case" --build "$build" \
    --threads "$t" --out "$base.out" --err "$base.err" --time "$base.time" --status "$status" \
    --csv "$csv" ${reference:+--reference "$reference"}
}

echo "| run | equations | wall | op + tran (analysis) | device load | solver: reorder + factor + solve (share of analysis) | Newton iterations | time points | Lupine pivoting factors / refactors / re-pivots | wall vs stock | waveforms vs stock: max difference |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for case in "${cases[@]}"; do
  IFS=: read -r kind n extra <<< "$case"
  netlist=$work/${kind}_$n${extra:+_$extra}.cir
  generator=(python3 "$here/generate_netlist.py")
  case $kind in
    grid) "${generator[@]}" grid "$n" --tran "${extra:-20}" > "$netlist" ;;
    ladder) "${generator[@]}" ladder "$n" > "$netlist" ;;
    ladder-ac) "${generator[@]}" ladder "$n" --ac > "$netlist" ;;
    inverters) "${generator[@]}" inverters "$n" ${extra:+--tstop "$extra"} > "$netlist" ;;
    inverters-bsim3 | inverters-bsim4 | adder-bsim3 | adder-bsim4 | sram-bsim3 | sram-bsim4)
      "${generator[@]}" "${kind%-*}" "$n" --model "${kind#*-}" ${extra:+--tstop "$extra"} > "$netlist" ;;
    *) echo "bench-ngspice.sh: unknown case '$case'" >&2; exit 2 ;;
  esac
  base=${netlist%.cir}
  name="$kind $n${extra:+ ($extra)}"
  if [[ $stock != - && ! (${REUSE_STOCK:-} == 1 && -f $base.stock.json) ]]; then
    run "$name stock" "$case" stock 1 "$base.stock" "" "${PIN:-}" "$stock" -b "$netlist"
  fi
  reference=
  [[ -f $base.stock.json ]] && reference=$base.stock.json
  for t in $threads; do
    pin_var=PIN_$t
    run "$name Lupine $t thread(s)${TAG:+ ($TAG)}" "$case" "lupine${TAG:+-$TAG}" "$t" \
      "$base.lupine$t${TAG:+-$TAG}" "$reference" \
      "${!pin_var:-${PIN:-}}" "$lupine" -b "$netlist"
  done
done
