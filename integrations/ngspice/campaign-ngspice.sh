#!/usr/bin/env bash
# The speed campaign of issue 11: stock ngspice (Sparse 1.3) against ngspice on Lupine on
# generated circuits, from ~10k equations up, through bench-ngspice.sh. Needs the two
# binaries that build-ngspice.sh leaves in build/ngspice/{stock,lupine}/build/src/ngspice.
#
#   integrations/ngspice/campaign-ngspice.sh serial    # stock and Lupine at 1 thread, pinned
#                                                      # to one core (CPU, default 1), plus
#                                                      # the larger sizes for Lupine alone
#   integrations/ngspice/campaign-ngspice.sh threads   # Lupine at 1 thread (one core) and at
#                                                      # 2 threads (CPUS, default 0,1) on the
#                                                      # largest sizes, on a quiet machine
#
# Environment: CPU, CPUS, TIMEOUT (per run, default 600 s), WORK (default
# build/ngspice/campaign), STOCK, LUPINE (the binaries). Rows are printed as Markdown and
# appended to $WORK/results.csv.
set -euo pipefail
exec < /dev/null

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
stock=${STOCK:-$root/build/ngspice/stock/build/src/ngspice}
lupine=${LUPINE:-$root/build/ngspice/lupine/build/src/ngspice}
export WORK=${WORK:-$root/build/ngspice/campaign}
export TIMEOUT=${TIMEOUT:-600}
cpu=${CPU:-1}
cpus=${CPUS:-0,1}
bench=$here/bench-ngspice.sh

# The cases, smallest first in each family. Transients are kept short (a few hundred time
# points) so that the stock runs of ~40k equations finish within the 10-minute limit.
# Both builds, one core:
both=(
  grid:100:10 grid:141:10                                   # RC power grid: 10k, 20k equations
  sram-bsim3:45:0.5n sram-bsim3:64:0.5n                     # 6T SRAM: 10k, 21k
  adder-bsim4:720:0.5n adder-bsim4:2900:0.5n                # ripple-carry adder: 10k, 41k
  inverters-bsim3:10000:0.5n inverters-bsim3:40000:0.5n     # inverter chains: 10k, 40k
  inverters-bsim4:10000:0.5n inverters-bsim4:40000:0.5n
  ladder:3334 ladder:16667 ladder:33334                     # RLC ladder: 10k, 50k, 100k
)
# Lupine alone (the stock build would need far more than 10 minutes):
alone=(grid:200:10 grid:300:10 sram-bsim3:90:0.5n sram-bsim3:128:0.5n)
# Both builds, the largest meshes the stock build finishes in the 10 minutes (run last:
# several minutes each for the stock build; grid 173 x 173 is over the limit, 600 s):
big=(grid:155:10 grid:173:10 sram-bsim3:72:0.5n)
# Both thread counts: the largest case of each family both builds ran, then Lupine's largest
largest=(grid:155:10 sram-bsim3:72:0.5n grid:300:10 sram-bsim3:128:0.5n ladder:33334
  adder-bsim4:2900:0.5n inverters-bsim3:40000:0.5n inverters-bsim4:40000:0.5n)

case ${1:-} in
  serial)
    PIN="taskset -c $cpu" "$bench" "$stock" "$lupine" "${both[@]}"
    PIN="taskset -c $cpu" "$bench" - "$lupine" "${alone[@]}"
    PIN="taskset -c $cpu" "$bench" "$stock" "$lupine" "${big[@]}"
    ;;
  threads)
    # the stock runs of the serial step are the reference (REUSE_STOCK; "-" runs none)
    TAG=quiet THREADS="1 2" PIN_1="taskset -c $cpu" PIN_2="taskset -c $cpus" \
      "$bench" - "$lupine" "${largest[@]}"
    ;;
  *) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
