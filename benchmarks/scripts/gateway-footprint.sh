#!/bin/sh
# Issue 10 §9: CPU and RSS of `telemetry gateway` alone under the default scenario (goal ≤ 80 MB RSS).
# `telemetry sim run` (scenario aghdam, real time) puts every device on a pseudo-terminal; `telemetry gateway --config`
# (a separate process) reads the detector team's 8 devices and the MEMATT's GNSS (the NMEA devices it decodes) and
# publishes to a loopback mosquitto; mosquitto_sub counts detections. /proc/PID/status (VmRSS, VmHWM) and
# /proc/PID/stat (utime+stime) of the gateway are sampled every second.
# Usage: benchmarks/scripts/gateway-footprint.sh [SECONDS=90] [extra gateway env, e.g. DOTNET_GCgen0size=0x400000]
# Env: CONFIGURATION (Release), SKIP_BUILD=1, KEEP=1 keeps the work directory.
set -eu
cd "$(dirname "$0")/../.."
SECONDS_TO_SAMPLE=${1:-90}
shift || true
CONFIGURATION=${CONFIGURATION:-Release}
[ "${SKIP_BUILD:-0}" = 1 ] || dotnet build -c "$CONFIGURATION" gateway/Telemetry.Gateway >/dev/null
DLL=$PWD/gateway/Telemetry.Gateway/bin/$CONFIGURATION/net10.0/telemetry.dll
WORK=$(mktemp -d /tmp/gateway-footprint.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  for pid in ${GW:-} ${SUB:-} ${SIM:-} ${BROKER:-}; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$PORT" > "$WORK/mosquitto.conf"
/usr/sbin/mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
BROKER=$!
dotnet "$DLL" sim run --pty-dir "$WORK/pty" --out "$WORK/sim" --duration $((SECONDS_TO_SAMPLE + 120)) --speed 1 > "$WORK/sim.log" 2>&1 &
SIM=$!
for _ in $(seq 1 300); do [ -e "$WORK/pty/mematt-1-gnss" ] && break; sleep 0.1; done
mosquitto_sub -p "$PORT" -t 'demining/v1/+/+/detections' > "$WORK/detections.jsonl" 2>/dev/null &
SUB=$!

devices=""
for i in 1 2 3 4; do
  devices="$devices{ \"Name\": \"team-1-d$i-gnss\", \"Kind\": \"Gnss\", \"Driver\": \"Serial\", \"Endpoint\": \"$WORK/pty/team-1-d$i-gnss\" },"
  devices="$devices{ \"Name\": \"team-1-d$i-detector\", \"Kind\": \"Detector\", \"Driver\": \"Serial\", \"Endpoint\": \"$WORK/pty/team-1-d$i-detector\", \"PositionFrom\": \"team-1-d$i-gnss\" },"
done
cat > "$WORK/gateway.json" <<EOF
{
  "Site": "aghdam", "Rig": "team-1",
  "Devices": [ $devices { "Name": "mematt-1-gnss", "Kind": "Gnss", "Driver": "Serial", "Endpoint": "$WORK/pty/mematt-1-gnss" } ],
  "Broker": { "Host": "127.0.0.1", "Port": $PORT, "ClientId": "footprint-gateway" },
  "Outbox": { "Path": "$WORK/outbox", "Fsync": "Always" },
  "Telemetry": { "PositionHz": 1, "StatusHz": 0.2 },
  "Http": { "Prefix": "http://127.0.0.1:$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')/" }
}
EOF
env "$@" dotnet "$DLL" gateway --config "$WORK/gateway.json" > "$WORK/gateway.log" 2>&1 &
GW=$!

# One line per second: elapsed s, VmRSS kB, VmHWM kB, utime+stime ticks.
TICKS=$(getconf CLK_TCK)
: > "$WORK/samples"
for t in $(seq 1 "$SECONDS_TO_SAMPLE"); do
  sleep 1
  [ -r "/proc/$GW/status" ] || { echo "gateway exited; log:"; cat "$WORK/gateway.log"; exit 1; }
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$GW/status")
  hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$GW/status")
  cpu=$(sed 's/.*) //' "/proc/$GW/stat" | awk '{print $12 + $13}')
  echo "$t $rss $hwm $cpu" >> "$WORK/samples"
done
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
DETECTIONS=$(wc -l < "$WORK/detections.jsonl")
# Steady state: the second half of the run (start-up, JIT and first connections are over by then).
HALF=$((SECONDS_TO_SAMPLE / 2))
MEDIAN=$(tail -n +$((HALF + 1)) "$WORK/samples" | awk '{print $2}' | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}')
awk -v ticks="$TICKS" -v n="$SECONDS_TO_SAMPLE" -v half="$HALF" -v median="$MEDIAN" -v load="$LOAD" -v det="$DETECTIONS" -v env="$*" '
  { t[NR] = $1; hwm = $3; cpu[NR] = $4 }
  END {
    steady_cpu = 100 * (cpu[NR] - cpu[half]) / ticks / (t[NR] - t[half]);
    total_cpu = 100 * cpu[NR] / ticks / t[NR];
    printf "gateway footprint over %d s (%s): VmHWM (peak RSS) %.1f MB; steady RSS (median of the second half) %.1f MB; CPU %.1f %% of one core steady (%.1f %% including start-up); %d detections received; load average %s\n",
      n, env == "" ? "default runtime settings" : env, hwm / 1024, median / 1024, steady_cpu, total_cpu, det, load
  }' "$WORK/samples"
