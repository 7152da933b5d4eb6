#!/usr/bin/env bash
# Runs one fuzz target for SECONDS (default 600) at low priority and keeps its log:
#   fuzz/run.sh xlsx 600     -> fuzz/logs/xlsx.log, crashes in fuzz/artifacts/xlsx/
# Builds the targets first when they are missing (`cargo fuzz build -O`); run that again after
# changing wafr. libFuzzer's limits: 20 s per input (a slower one is reported as a timeout) and
# 2 GiB of memory (more is reported as out-of-memory).
set -euo pipefail
cd "$(dirname "$0")"
t=$1
secs=${2:-600}
bin=target/x86_64-unknown-linux-gnu/release/$t
mkdir -p logs corpus/"$t" artifacts/"$t"
[ -n "$(ls -A corpus/"$t")" ] || ./seed.sh
[ -x "$bin" ] || RUSTC_BOOTSTRAP=1 cargo fuzz build -O
nice -n 10 "$bin" -artifact_prefix=artifacts/"$t"/ -max_total_time="$secs" -timeout=20 \
  -rss_limit_mb=2048 -print_final_stats=1 corpus/"$t" >logs/"$t".log 2>&1 ||
  { echo "$t: stopped with a finding, see fuzz/logs/$t.log"; exit 1; }
tail -n 8 logs/"$t".log
