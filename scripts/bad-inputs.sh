#!/usr/bin/env bash
# Feeds lupine-solve bad files and bad options, one case per line, and prints a Markdown table
# of what each gave: exit code and message. Fails (exit 1) when any case crashes (a signal or
# an exit code other than 0, 1, 2), hangs (30 s), exits 0 where an error was expected, or
# says nothing on stderr. docs/errors.md shows its output.
#
#   scripts/bad-inputs.sh path/to/lupine-solve [scratch-folder]
set -uo pipefail
exec < /dev/null

solver=${1:?usage: bad-inputs.sh path/to/lupine-solve [scratch-folder]}
scratch=${2:-$(mktemp -d)}
mkdir -p "$scratch"
failed=0

# write NAME CONTENT: a file in the scratch folder.
write() { printf '%b' "$2" > "$scratch/$1"; }

good='%%MatrixMarket matrix coordinate real general\n3 3 5\n1 1 4\n2 2 5\n3 3 6\n1 3 1\n2 1 1\n'
write good.mtx "$good"
write empty.mtx ''
write no-banner.mtx '3 3 1\n1 1 1\n'
write bad-object.mtx '%%MatrixMarket vector coordinate real general\n3 3 1\n1 1 1\n'
write bad-field.mtx '%%MatrixMarket matrix coordinate quaternion general\n3 3 1\n1 1 1\n'
write bad-symmetry.mtx '%%MatrixMarket matrix coordinate real diagonal\n3 3 1\n1 1 1\n'
write no-size.mtx '%%MatrixMarket matrix coordinate real general\n'
write negative-size.mtx '%%MatrixMarket matrix coordinate real general\n-3 3 1\n1 1 1\n'
write text-size.mtx '%%MatrixMarket matrix coordinate real general\nthree 3 1\n1 1 1\n'
write too-few.mtx '%%MatrixMarket matrix coordinate real general\n3 3 4\n1 1 1\n2 2 1\n3 3 1\n'
write too-many.mtx '%%MatrixMarket matrix coordinate real general\n3 3 2\n1 1 1\n2 2 1\n3 3 1\n'
write row-zero.mtx '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n0 2 1\n3 3 1\n'
write row-past.mtx '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n4 2 1\n3 3 1\n'
write column-past.mtx '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n2 9 1\n3 3 1\n'
write text-value.mtx '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n2 2 abc\n3 3 1\n'
write missing-value.mtx '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n2 2\n3 3 1\n'
write nan-value.mtx '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n2 2 nan\n3 3 1\n'
write inf-value.mtx '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n2 2 1e999\n3 3 1\n'
write trailing-text.mtx '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1 extra\n2 2 1\n3 3 1\n'
write symmetric-upper.mtx '%%MatrixMarket matrix coordinate real symmetric\n3 3 4\n1 1 4\n2 2 5\n3 3 6\n1 3 1\n'
write symmetric-both.mtx '%%MatrixMarket matrix coordinate real symmetric\n3 3 5\n1 1 4\n2 2 5\n3 3 6\n1 3 1\n3 1 1\n'
write skew-diagonal.mtx '%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 1\n2 2 1\n'
write rectangular.mtx '%%MatrixMarket matrix coordinate real general\n3 4 3\n1 1 1\n2 2 1\n3 3 1\n'
write empty-column.mtx '%%MatrixMarket matrix coordinate real general\n3 3 3\n1 1 1\n2 1 1\n3 3 1\n'
write zero-pivot.mtx '%%MatrixMarket matrix coordinate real general\n2 2 4\n1 1 1\n2 1 1\n1 2 1\n2 2 1\n'
write complex.mtx '%%MatrixMarket matrix coordinate complex general\n2 2 2\n1 1 1 0\n2 2 1 0\n'
write duplicates.mtx '%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n1 1 1\n2 2 1\n'
write pattern.mtx '%%MatrixMarket matrix coordinate pattern general\n2 2 2\n1 1\n2 2\n'
write array-short.mtx '%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n'
write huge-order.mtx '%%MatrixMarket matrix coordinate real general\n200000000 200000000 1\n1 1 1\n'
write huge-count.mtx '%%MatrixMarket matrix coordinate real general\n3 3 9000000000000000000\n1 1 1\n'
write rb-garbage.rb 'not a Rutherford-Boeing file\n'
write rhs-short.mtx '%%MatrixMarket matrix array real general\n2 1\n1\n2\n'
write block.mtx '%%MatrixMarket matrix coordinate real general\n2 2 4\n1 1 4\n2 1 1\n1 2 1\n2 2 3\n'
write rhs-nan.mtx '%%MatrixMarket matrix array real general\n3 1\n1\nnan\n2\n'
printf '%b' "$good" | gzip -c | head -c 30 > "$scratch/truncated.mtx.gz"
printf 'not gzip at all' > "$scratch/not-gzip.mtx.gz"
mkdir -p "$scratch/a-folder.mtx"

# case DESCRIPTION EXPECTED ARGUMENTS...: EXPECTED is "error" (exit 1 or 2) or "ok" (exit 0).
echo "| case | exit | message |"
echo "|---|---:|---|"
case_() {
  local description=$1 expected=$2
  shift 2
  local status message
  timeout 30 "$solver" "$@" > /dev/null 2> "$scratch/stderr.txt"
  status=$?
  message=$(tr '\n' ' ' < "$scratch/stderr.txt" | sed 's/ *$//')
  local verdict=""
  if [[ $status -ge 3 ]]; then
    verdict=" **(crash or hang)**"
    failed=1
  elif [[ $expected == error && $status -eq 0 ]]; then
    verdict=" **(accepted)**"
    failed=1
  elif [[ $expected == error && -z $message ]]; then
    verdict=" **(no message)**"
    failed=1
  elif [[ $expected == ok && $status -ne 0 ]]; then
    verdict=" **(refused)**"
    failed=1
  fi
  [[ $expected == ok && $status -eq 0 ]] && message="(solved)"
  message=${message//$scratch\//}
  message=${message//|/\\|}
  echo "| $description | $status$verdict | ${message:0:300} |"
}

s=$scratch
case_ "no such file" error "$s/missing.mtx"
case_ "a folder" error "$s/a-folder.mtx"
case_ "empty file" error "$s/empty.mtx"
case_ "no banner" error "$s/no-banner.mtx"
case_ "banner: object vector" error "$s/bad-object.mtx"
case_ "banner: field quaternion" error "$s/bad-field.mtx"
case_ "banner: symmetry diagonal" error "$s/bad-symmetry.mtx"
case_ "no size line" error "$s/no-size.mtx"
case_ "negative size" error "$s/negative-size.mtx"
case_ "size not a number" error "$s/text-size.mtx"
case_ "fewer entries than declared" error "$s/too-few.mtx"
case_ "more entries than declared" error "$s/too-many.mtx"
case_ "row index 0" error "$s/row-zero.mtx"
case_ "row index past n" error "$s/row-past.mtx"
case_ "column index past n" error "$s/column-past.mtx"
case_ "value not a number" error "$s/text-value.mtx"
case_ "value missing" error "$s/missing-value.mtx"
case_ "value nan" error "$s/nan-value.mtx"
case_ "value overflows (1e999)" error "$s/inf-value.mtx"
case_ "text after an entry" error "$s/trailing-text.mtx"
case_ "symmetric, upper triangle only" ok "$s/symmetric-upper.mtx"
case_ "symmetric, entries in both triangles" error "$s/symmetric-both.mtx"
case_ "skew-symmetric with a diagonal entry" error "$s/skew-diagonal.mtx"
case_ "rectangular" error "$s/rectangular.mtx"
case_ "structurally singular" error "$s/empty-column.mtx"
case_ "numerically singular" error "$s/zero-pivot.mtx"
case_ "complex values (solved in complex arithmetic)" ok "$s/complex.mtx"
case_ "duplicate entries (summed)" ok "$s/duplicates.mtx"
case_ "pattern only" ok "$s/pattern.mtx"
case_ "array with too few values" error "$s/array-short.mtx"
case_ "order 2e8 declared, 1 entry" error "$s/huge-order.mtx"
case_ "entry count 9e18 declared" error "$s/huge-count.mtx"
case_ "truncated gzip" error "$s/truncated.mtx.gz"
case_ ".gz that is not gzip" error "$s/not-gzip.mtx.gz"
case_ "Rutherford-Boeing garbage" error "$s/rb-garbage.rb"
case_ "right-hand side too short" error "$s/good.mtx" --rhs "$s/rhs-short.mtx"
case_ "right-hand side with nan" error "$s/good.mtx" --rhs "$s/rhs-nan.mtx"
case_ "--threshold 3" error "$s/good.mtx" --threshold 3
case_ "--threads -1" error "$s/good.mtx" --threads -1
case_ "--ordering bogus" error "$s/good.mtx" --ordering bogus
case_ "--refine -1" error "$s/good.mtx" --refine -1
case_ "--transpose=sideways" error "$s/good.mtx" --transpose=sideways
case_ "unknown option" error "$s/good.mtx" --bogus
case_ "no matrix" error
LUPINE_BLAS_KERNELS=bogus case_ "LUPINE_BLAS_KERNELS=bogus (dense path)" error "$s/block.mtx" --path dense
LUPINE_BLAS_KERNELS=keep case_ "LUPINE_BLAS_KERNELS=keep (dense path)" ok "$s/block.mtx" --path dense
case_ "the good matrix" ok "$s/good.mtx"

exit "$failed"
