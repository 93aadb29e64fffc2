#!/bin/sh
# One benchmark case against the BUILT code of any checkout, so two trees (before and after a
# refactor) run the very same case on the very same files:
#
#   sh bench/tree-case.sh prepare DATA N         # once: N generated worksheets (one biller each) + CRM export
#   sh bench/tree-case.sh TREE CASE DATA         # CASE: plan | validate | run | convert | read
#
# TREE is a checkout with node_modules and dist/ (npm ci && npm run build there). Every run gets a
# fresh output folder and a fresh copy of that tree's embedded CRM (imported once per tree from the
# same export, by the tree itself, outside the measured case), so no run sees another's journal.
# The run case takes the run lock in DATA/input (.spectrum-convert.lock), so a plan or run case on the
# same DATA at the same time fails with 75: give each concurrent job its own copy (cp -a DATA DATA2).
# BENCH_WRAP is put in front of node, e.g. BENCH_WRAP='valgrind --tool=callgrind' or '/usr/bin/time -v'.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = prepare ]; then
  data=$2
  rm -rf "$data" && mkdir -p "$data"
  (cd "$here/.." && npx tsx bench/generate.ts --count "$3" --out "$data" --seed 11 --one-per-file)
  touch -d '2026-11-01 00:00' "$data"/input/*.xlsx # older than any settle time
  exit 0
fi
tree=$(cd "$1" && pwd) case=$2 data=$(cd "$3" && pwd)
cli="$tree/bin/spectrum-convert.js"
crm="$data/crm-$(printf %s "$tree" | cksum | cut -d' ' -f1).db"
if [ ! -f "$crm" ]; then
  node "$cli" crm import "$data/crm-export.csv" --crm-db "$crm" --output "$data/import-out" --yes >/dev/null
fi
work=$(mktemp -d)
cp "$crm" "$work/crm.db"
common="--output $work/out --crm-db $work/crm.db"
rc=0
case $case in
  plan) ${BENCH_WRAP:-} node "$cli" plan --input "$data/input" $common --now 2026-11-26 --json \
    >"$work/out.json" || rc=$? ;;
  run) ${BENCH_WRAP:-} node "$cli" run --input "$data/input" $common --now 2026-11-26 --json --no-archive \
    >"$work/out.json" || rc=$? ;;
  convert) ${BENCH_WRAP:-} node "$cli" convert "$data/input" $common >"$work/out.json" || rc=$? ;;
  validate) ${BENCH_WRAP:-} node "$cli" validate "$data/input" --json >"$work/out.json" || rc=$? ;;
  read) ${BENCH_WRAP:-} node "$here/read-ours.mjs" "$data/input" 2 1 "$tree" >"$work/out.json" || rc=$? ;;
  *) echo "unknown case: $case (plan, validate, run, convert, read)" >&2; rc=2 ;;
esac
if [ -n "${BENCH_KEEP:-}" ]; then cp "$work/out.json" "$BENCH_KEEP"; fi
rm -rf "$work"
exit $rc
