#!/usr/bin/env bash
# Times generated circuits with the stock and the Lupine ngspice and prints one Markdown table
# row per run: ngspice's own .options acct figures (analysis, reorder + factor, solve time,
# Newton iterations, time points) and the largest difference between the printed waveforms.
#
#   integrations/ngspice/bench-ngspice.sh STOCK_NGSPICE LUPINE_NGSPICE [CASE...]
#     CASE: grid:N[:STEPS], inverters:N, ladder:N, ladder-ac:N  (default: grid:50 grid:100
#           inverters:2000 ladder:5000); "-" as STOCK_NGSPICE runs Lupine only.
#     THREADS="1 2" (environment): the Lupine runs' NGSPICE_LUPINE_THREADS values.
# Netlists and outputs go to ${WORK:-build/ngspice/bench}.
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
mkdir -p "$work"

acct() { # acct FILE NAME: the value of an .options acct line
  sed -n "s/^$2 = //p" "$1" | tail -1
}

row() { # row LABEL OUTPUT
  local out=$2
  printf '| %s | %s | %s s | %s + %s s | %s s | %s / %s s | %s | %s |\n' "$1" \
    "$(acct "$out" 'Circuit Equations')" "$(acct "$out" 'Total analysis time (seconds)')" \
    "$(acct "$out" 'Matrix reorder time')" "$(acct "$out" 'Matrix factor time')" \
    "$(acct "$out" 'Matrix solve time')" "$(acct "$out" 'AC factor time')" \
    "$(acct "$out" 'AC solve time')" "$(acct "$out" 'Total iterations')" \
    "$(acct "$out" 'Accepted timepoints')"
}

# largest |difference| between the numeric rows of two outputs
difference() {
  python3 - "$1" "$2" << 'EOF'
import sys
def rows(name):
    out = []
    for line in open(name, errors="replace"):
        words = line.split()
        if len(words) >= 3 and words[0].isdigit():
            try:
                out.append([float(w) for w in words[1:]])
            except ValueError:
                pass
    return out
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if len(a) != len(b) or not a:
    print("rows %d vs %d" % (len(a), len(b)))
else:
    print("%.3g" % max(abs(x - y) for p, q in zip(a, b) for x, y in zip(p, q)))
EOF
}

echo "| run | equations | analysis | reorder + factor | solve | AC factor / solve | Newton iterations | time points |"
echo "|---|---|---|---|---|---|---|---|"
for case in "${cases[@]}"; do
  IFS=: read -r kind n steps <<< "$case"
  netlist=$work/${kind}_$n.cir
  case $kind in
    grid) python3 "$here/generate_netlist.py" grid "$n" --tran "${steps:-20}" > "$netlist" ;;
    inverters) python3 "$here/generate_netlist.py" inverters "$n" > "$netlist" ;;
    ladder) python3 "$here/generate_netlist.py" ladder "$n" > "$netlist" ;;
    ladder-ac) python3 "$here/generate_netlist.py" ladder "$n" --ac > "$netlist" ;;
    *) echo "bench-ngspice.sh: unknown case '$case'" >&2; exit 2 ;;
  esac
  base=${netlist%.cir}
  if [[ $stock != - ]]; then
    "$stock" -b "$netlist" > "$base.stock.out" 2> "$base.stock.err" || true
    row "$kind $n stock" "$base.stock.out"
  fi
  for t in $threads; do
    NGSPICE_LUPINE_THREADS=$t NGSPICE_LUPINE_STATS=1 "$lupine" -b "$netlist" > "$base.lupine$t.out" \
      2> "$base.lupine$t.err" || true
    label="$kind $n Lupine $t thread(s)"
    [[ $stock != - ]] && label="$label, waveform difference $(difference "$base.stock.out" "$base.lupine$t.out")"
    row "$label" "$base.lupine$t.out"
  done
done
