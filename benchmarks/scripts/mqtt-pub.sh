#!/usr/bin/env bash
# Throughput of `telemetry mqtt pub` vs `mosquitto_pub -l`: the same 200,000 ~100-byte JSON lines to a loopback
# mosquitto at QoS 0 and QoS 1, each timed until an independent mosquitto_sub has received everything that was
# sent (a publisher exiting early proves nothing: mosquitto_pub -l -q 1 drops its unacknowledged queue at EOF).
# Also reports CPU seconds (user+sys) of the publisher, the broker and the subscriber for each run: on a shared
# machine that is the figure that does not depend on the load.
# Usage: benchmarks/scripts/mqtt-pub.sh [messages]   (needs mosquitto, mosquitto-clients, python3, dotnet, GNU time)
# SUB_QOS=0 makes the checking subscriber subscribe at QoS 0 whatever the publisher's QoS: it still counts every
# message (loopback, unlimited broker queue), but no longer adds its own PUBACK round trip to the broker's work.
set -euo pipefail
N=${1:-200000}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
BROKER_PID=""
cleanup() { [ -n "$BROKER_PID" ] && kill "$BROKER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build -c Release "$ROOT/gateway/Telemetry.Gateway" -v q -nologo >/dev/null
TELEMETRY="$ROOT/gateway/Telemetry.Gateway/bin/Release/net10.0/telemetry"

python3 - "$N" > "$WORK/lines.txt" <<'PY'
import json, sys
for i in range(int(sys.argv[1])):
    print(json.dumps({"gw": "gw01", "seq": i, "lat": 44.8125123, "lon": 20.4612456, "conf": 0.93, "depth_cm": 12, "pad": "xxxxxxxx"}))
PY
AVG=$(awk '{s+=length($0)} END {printf "%.0f", s/NR}' "$WORK/lines.txt")

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# Unlimited queues so the broker itself drops nothing for the subscriber; unlimited in-flight so neither client
# is capped at mosquitto's default Receive Maximum of 20.
cat > "$WORK/mosquitto.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
max_queued_messages 0
max_queued_bytes 0
max_inflight_messages 0
persistence false
CONF
chmod -R a+rX "$WORK"
/usr/sbin/mosquitto -c "$WORK/mosquitto.conf" > "$WORK/broker.log" 2>&1 &
BROKER_PID=$!
for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done

now() { date +%s.%N; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # utime + stime of a process, in clock ticks
HZ=$(getconf CLK_TCK)
run() { # tool qos
  local tool=$1 qos=$2 topic="bench/$1/q$2" out="$WORK/sub-$1-$2.txt"
  local sub_qos=${SUB_QOS:-$qos}
  /usr/bin/time -f "%U %S" -o "$WORK/sub-cpu" timeout 120 mosquitto_sub -p "$PORT" -t "$topic" -q "$sub_qos" -C "$N" -W 60 > "$out" 2>/dev/null &
  local sub=$!
  sleep 0.5   # let the subscription land before the clock starts
  local t0 t1 t2 b0 b1
  b0=$(ticks "$BROKER_PID")
  t0=$(now)
  if [ "$tool" = telemetry ]; then
    /usr/bin/time -f "%U %S" -o "$WORK/pub-cpu" "$TELEMETRY" mqtt pub --port "$PORT" -t "$topic" -q "$qos" -f "$WORK/lines.txt" 2>"$WORK/pub-$tool-$qos.err"
  else
    /usr/bin/time -f "%U %S" -o "$WORK/pub-cpu" mosquitto_pub -p "$PORT" -t "$topic" -q "$qos" -l < "$WORK/lines.txt" 2>"$WORK/pub-$tool-$qos.err"
  fi
  t1=$(now)
  wait "$sub" || true
  t2=$(now)
  b1=$(ticks "$BROKER_PID")
  local got; got=$(wc -l < "$out")
  local done_s="-"
  [ "$got" -eq "$N" ] && done_s=$(printf "%.2f" "$(echo "$t2 - $t0" | bc)")
  # CPU seconds (user+sys): the load-robust figure on a shared machine.
  local pub_cpu sub_cpu broker_cpu
  pub_cpu=$(awk '/^[0-9.]+ [0-9.]+$/ {printf "%.2f", $1 + $2}' "$WORK/pub-cpu")
  sub_cpu=$(awk '/^[0-9.]+ [0-9.]+$/ {printf "%.2f", $1 + $2}' "$WORK/sub-cpu")
  broker_cpu=$(echo "scale=2; ($b1 - $b0) / $HZ" | bc)
  printf "%-14s QoS%s  publisher exit %6.2f s  delivered %7d/%d  all delivered at %6s s  CPU s: publisher %s, mosquitto %s, mosquitto_sub %s\n" \
    "$tool" "$qos" "$(echo "$t1 - $t0" | bc)" "$got" "$N" "$done_s" "$pub_cpu" "$broker_cpu" "$sub_cpu"
}

echo "subscriber QoS: ${SUB_QOS:-same as publisher}"
echo "messages: $N x ~${AVG} B, mosquitto $(/usr/sbin/mosquitto -h | head -1 | awk '{print $3}'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for qos in 0 1; do
  run telemetry "$qos"
  run mosquitto_pub "$qos"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
