#!/usr/bin/env bash
# Embedded broker (issue 7) vs mosquitto, in one run on the same machine.
# 1 publisher -> 1 subscriber and 4 -> 4 (publisher i -> topic bench/i -> subscriber i), QoS 0 and QoS 1,
# the same ~100-byte JSON lines sent with `mosquitto_pub -l` and counted by `mosquitto_sub -C`.
# Time = from the first publisher start until every subscriber has its messages (or gave up after -W seconds);
# the messages each subscriber actually received are reported, because a fast publisher can lose QoS 1 messages
# at exit (limits.md §3) and a broker may drop QoS 0 under load.
# Usage: benchmarks/scripts/broker-vs-mosquitto.sh [messages-per-publisher]
set -euo pipefail
N=${1:-50000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

dotnet build -c Release "$ROOT/gateway/Telemetry.Gateway" -v q -nologo >/dev/null
TELEMETRY="$ROOT/gateway/Telemetry.Gateway/bin/Release/net10.0/telemetry"

for i in $(seq 1 "$N"); do
  printf '{"gw":"gw01","seq":%d,"lat":44.8125123,"lon":20.4612456,"conf":0.93,"depth_cm":12,"pad":"xxxxxxxx"}\n' "$i"
done > "$WORK/lines.txt"

MOSQ_PORT=$((20000 + RANDOM % 10000)); OUR_PORT=$((MOSQ_PORT + 1))
# Unlimited queues on both sides so neither broker drops by configuration.
printf 'listener %d 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\nmax_inflight_messages 0\n' "$MOSQ_PORT" > "$WORK/mosquitto.conf"
/usr/sbin/mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 &
printf 'listener %d\nbind_address 127.0.0.1\npersistence false\nmax_queued_messages 10000000\nsys_interval 0\n' "$OUR_PORT" > "$WORK/ours.conf"
"$TELEMETRY" broker --config "$WORK/ours.conf" --quiet >"$WORK/ours.log" 2>&1 &
sleep 2

run() { # broker port pairs qos
  local name=$1 port=$2 pairs=$3 qos=$4 subs=() pubs=() start end total=0
  for p in $(seq 1 "$pairs"); do
    mosquitto_sub -h 127.0.0.1 -p "$port" -t "bench/$p" -q "$qos" -C "$N" -W 60 >"$WORK/sub$p.txt" 2>/dev/null &
    subs+=($!)
  done
  sleep 1
  start=$(date +%s.%N)
  for p in $(seq 1 "$pairs"); do
    mosquitto_pub -h 127.0.0.1 -p "$port" -t "bench/$p" -q "$qos" -l <"$WORK/lines.txt" &
    pubs+=($!)
  done
  for s in "${subs[@]}"; do wait "$s" || true; done
  end=$(date +%s.%N)
  for s in "${pubs[@]}"; do wait "$s" || true; done
  for p in $(seq 1 "$pairs"); do total=$((total + $(wc -l <"$WORK/sub$p.txt"))); done
  local secs; secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b-a}')
  printf '%-10s %d->%d QoS%d  %8.2f s  received %d/%d  %10.0f msg/s\n' "$name" "$pairs" "$pairs" "$qos" "$secs" "$total" $((pairs * N)) "$(awk -v t="$total" -v s="$secs" 'BEGIN{printf "%.0f", t/s}')"
}

echo "messages per publisher: $N (~100 B each); machine: $(nproc) cores"
for qos in 0 1; do
  for pairs in 1 4; do
    run mosquitto "$MOSQ_PORT" "$pairs" "$qos"
    run telemetry "$OUR_PORT" "$pairs" "$qos"
  done
done
