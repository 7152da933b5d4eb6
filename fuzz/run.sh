#!/usr/bin/env bash
# Runs one fuzz target for SECONDS (default 600) at low priority and keeps its log:
#   fuzz/run.sh xlsx 600     -> fuzz/logs/xlsx.log, crashes in fuzz/artifacts/xlsx/
# libFuzzer's own limits: 20 s per input (a slower one is reported as a timeout), 2 GiB of
# memory (more is reported as out-of-memory).
set -euo pipefail
cd "$(dirname "$0")"
t=$1
secs=${2:-600}
mkdir -p logs corpus/$t
[ -n "$(ls -A corpus/$t)" ] || ./seed.sh
RUSTC_BOOTSTRAP=1 nice -n 10 cargo fuzz run -O "$t" corpus/"$t" -- \
  -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
  >logs/"$t".log 2>&1 || { echo "$t: stopped with a finding, see fuzz/logs/$t.log"; exit 1; }
tail -n 12 logs/"$t".log
