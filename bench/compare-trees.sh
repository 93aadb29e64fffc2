#!/bin/sh
# CPU time (user + sys, the kernel's own accounting of the finished process and its children) of one
# case on two checkouts, alternating OLD NEW OLD NEW ... after one warm-up each, so that a machine whose
# speed drifts (a shared one) moves both alike; prints every pair's ratio NEW/OLD, their median, and each
# tree's median CPU time.
#
#   sh bench/tree-case.sh prepare /tmp/d300 300
#   sh bench/compare-trees.sh /path/to/old /path/to/new plan /tmp/d300 [PAIRS, default 5]
set -eu
old=$1 new=$2 case=$3 data=$4 pairs=${5:-5}
here=$(cd "$(dirname "$0")" && pwd)
cpu() { # CPU seconds of one run of the case on tree $1
  /usr/bin/time -f '%U %S' -o "$tmp" sh "$here/tree-case.sh" "$1" "$case" "$data" >/dev/null 2>&1 || {
    echo "the $case case failed on $1" >&2
    exit 1
  }
  awk '{ printf "%.3f\n", $1 + $2 }' "$tmp"
}
tmp=$(mktemp)
cpu "$old" >/dev/null
cpu "$new" >/dev/null
ratios='' olds='' news=''
i=0
while [ $i -lt "$pairs" ]; do
  o=$(cpu "$old")
  n=$(cpu "$new")
  r=$(awk -v n="$n" -v o="$o" 'BEGIN { printf "%.4f", n / o }')
  echo "pair $((i + 1)): old ${o} s, new ${n} s, new/old $r"
  ratios="$ratios $r" olds="$olds $o" news="$news $n"
  i=$((i + 1))
done
rm -f "$tmp"
median() {
  sort -n | awk '{ a[NR] = $1 } END { printf "%.3f\n", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
mo=$(printf '%s\n' $olds | median) mn=$(printf '%s\n' $news | median)
printf '%s\n' $ratios | sort -n | awk -v mo="$mo" -v mn="$mn" '{ a[NR] = $1 } END {
  m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
  printf "%s: new/old CPU min %s, median %.4f, max %s (%d pairs); median CPU old %s s, new %s s\n",
    "'"$case"'", a[1], m, a[NR], NR, mo, mn }'
