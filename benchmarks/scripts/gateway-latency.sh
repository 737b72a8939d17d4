#!/bin/sh
# Issue 10 §9: latency from an alarm's last byte written to a pseudo-terminal to an independent MQTT subscriber
# receiving the geotagged detection, through `telemetry gateway --config` and a broker as separate processes
# (benchmarks/Telemetry.Benchmarks/Gateway/LatencyHarness.cs). Runs field rate and 10× field rate, with our broker
# and with mosquitto, fsync on the disk (default policy) and the outbox on tmpfs (fsync ≈ free: its share).
# Usage: benchmarks/scripts/gateway-latency.sh [ALARMS_FIELD] [ALARMS_10X]   — results appended to $OUT (JSON lines).
set -eu
cd "$(dirname "$0")/../.."
FIELD=${1:-1000}
TENX=${2:-2000}
OUT=${OUT:-/tmp/gateway-latency.jsonl}
dotnet build -c Release benchmarks/Telemetry.Benchmarks >/dev/null
BIN=benchmarks/Telemetry.Benchmarks/bin/Release/net10.0/Telemetry.Benchmarks.dll
# Field: one detector team of 6 deminers (domain §9), each GNSS 10 Hz and detector 50 Hz, an alarm every 3 s per
# deminer on average (pinpointing in high clutter, 1–3 signals per m²); 10×: an alarm every 0.3 s per deminer.
for rate in 0.3333:$FIELD:field 3.333:$TENX:10x; do
  r=${rate%%:*}; rest=${rate#*:}; n=${rest%%:*}; name=${rest#*:}
  for broker in embedded mosquitto; do
    dotnet "$BIN" latency --broker $broker --deminers 6 --alarm-rate "$r" --alarms "$n" --label "$name/$broker/fsync-disk" --json "$OUT"
  done
  dotnet "$BIN" latency --broker embedded --deminers 6 --alarm-rate "$r" --alarms "$n" --outbox /dev/shm --label "$name/embedded/tmpfs" --json "$OUT"
done
