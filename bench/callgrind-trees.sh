#!/bin/sh
# Instructions executed (valgrind's callgrind, "Collected : N") by one case on two checkouts: a measure
# that other work on a shared machine cannot move, unlike CPU time. Runs alternate OLD NEW OLD NEW ...;
# prints every run's count, then each tree's median and the ratio NEW/OLD of the medians.
#
#   sh bench/tree-case.sh prepare /tmp/d100 100
#   sh bench/callgrind-trees.sh /path/to/old /path/to/new plan /tmp/d100 [RUNS, default 3]
#
# Node runs some 100 times slower under valgrind, which also runs one thread at a time; so the reader
# runs in the main thread (SPECTRUM_CONVERT_READ_WORKERS=0, unless set): with its 2 default workers a
# 200-worksheet validate had not finished after 15 minutes. Counts still vary a little between runs
# (V8's compiler and garbage collector run on their own schedule), hence the medians.
# CALLGRIND_KEEP=DIR keeps each run's profile (DIR/CASE-old-1.out ...) for callgrind_annotate.
set -eu
old=$1 new=$2 case=$3 data=$4 runs=${5:-3}
here=$(cd "$(dirname "$0")" && pwd)
export SPECTRUM_CONVERT_READ_WORKERS="${SPECTRUM_CONVERT_READ_WORKERS:-0}"
log=$(mktemp)
count() { # instructions of one run of the case on tree $1 ($2: old or new, $3: run number)
  out=/dev/null
  if [ -n "${CALLGRIND_KEEP:-}" ]; then out="$CALLGRIND_KEEP/$case-$2-$3.out"; fi
  BENCH_WRAP="valgrind --tool=callgrind --callgrind-out-file=$out" sh "$here/tree-case.sh" "$1" "$case" "$data" \
    >/dev/null 2>"$log" || {
    echo "the $case case failed on $1:" >&2
    tail -5 "$log" >&2
    exit 1
  }
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$log"
}
median() {
  sort -n | awk '{ a[NR] = $1 } END { printf "%.0f\n", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
olds='' news=''
i=1
while [ $i -le "$runs" ]; do
  o=$(count "$old" old $i)
  n=$(count "$new" new $i)
  echo "run $i: old $o, new $n instructions"
  olds="$olds $o" news="$news $n"
  i=$((i + 1))
done
rm -f "$log"
mo=$(printf '%s\n' $olds | median) mn=$(printf '%s\n' $news | median)
awk -v c="$case" -v o="$mo" -v n="$mn" -v r="$runs" 'BEGIN {
  printf "%s: median instructions old %.0f, new %.0f, new/old %.4f (%d runs each)\n", c, o, n, n / o, r }'
