#!/usr/bin/env bash
# End-to-end: `telemetry decode` vs gpsd's `gpsdecode` on the same >= 50 MB GGA/RMC/GST log, timed by hyperfine
# in one run so the ratio is measured on the same machine at the same moment. Both decode NMEA to JSON lines.
# Usage: benchmarks/scripts/nmea-decode-vs-gpsdecode.sh [MEGABYTES]   (run from the repository root)
set -euo pipefail
size_mb="${1:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v gpsdecode >/dev/null || { echo "gpsdecode not installed (Debian package gpsd-clients)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "hyperfine not installed" >&2; exit 1; }

dotnet build -c Release "$root/gateway/Telemetry.Gateway" -v quiet -nologo >/dev/null
telemetry="$root/gateway/Telemetry.Gateway/bin/Release/net10.0/telemetry"
# The native build of the same code (docs/native-build.md), when gcc is here to link it.
native=""
if command -v gcc >/dev/null && [ "$(uname -m)" = x86_64 ]; then
  dotnet publish -c Release -r linux-x64 -p:PublishAot=true "$root/gateway/Telemetry.Gateway" -v quiet -nologo -o "$work/native" >/dev/null
  native="$work/native/telemetry"
fi
python3 "$root/benchmarks/scripts/gen-nmea-log.py" "$work/rtk.nmea" "$size_mb"

# Sanity: both decoders see the same fixes (RMC+GGA pairs for gpsdecode TPV, GST separately).
"$telemetry" decode --protocol nmea "$work/rtk.nmea" 2>"$work/summary.txt" | wc -l | sed 's/^/telemetry JSON lines: /'
cat "$work/summary.txt"
gpsdecode < "$work/rtk.nmea" | wc -l | sed 's/^/gpsdecode JSON lines: /'

# telemetry decodes NMEA in parallel chunks on every core (ChunkedDecodeRunner); CPU time is printed below.
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
native_args=()
if [ -n "$native" ]; then
  cmp <("$native" decode --protocol nmea "$work/rtk.nmea" 2>/dev/null) <("$telemetry" decode --protocol nmea "$work/rtk.nmea" 2>/dev/null) \
    && echo "native and framework builds: identical output"
  native_args=(-n "telemetry decode (native)" "$native decode --protocol nmea $work/rtk.nmea > /dev/null 2>&1")
fi
hyperfine --warmup 1 --runs "${RUNS:-5}" --export-markdown "$work/result.md" --export-json "$work/result.json" \
  -n "telemetry decode" "$telemetry decode --protocol nmea $work/rtk.nmea > /dev/null 2>&1" \
  "${native_args[@]}" \
  -n "gpsdecode" "gpsdecode < $work/rtk.nmea > /dev/null"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$work/result.md"
# CPU time per command (user + system, mean), less distorted than wall time when the machine is shared.
python3 - "$work/result.json" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"{r['command']}: wall {r['mean']:.2f} s, user {r['user']:.2f} s, system {r['system']:.2f} s, cpu {r['user'] + r['system']:.2f} s")
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
g = results["gpsdecode"]
for name in ("telemetry decode", "telemetry decode (native)"):
    if name in results:
        t = results[name]
        print(f"{name} vs gpsdecode: {g['mean'] / t['mean']:.2f}x wall (median {statistics.median(g['times']) / statistics.median(t['times']):.2f}x), "
              f"{(g['user'] + g['system']) / (t['user'] + t['system']):.2f}x cpu")
PY

# Paired rounds: hyperfine runs all of one command, then all of the next, so a burst of load from other tenants of
# the host lands on one command only. Here every round runs each command once, back to back in turn, and the ratio
# is taken within the round; the median over rounds is the figure least moved by the host.
python3 - "$work/rtk.nmea" "${PAIRS:-10}" "$telemetry" "$native" <<'PY'
import os, statistics, subprocess, sys, time
log, rounds, telemetry, native = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
commands = {"gpsdecode": (["gpsdecode"], log), "telemetry decode": ([telemetry, "decode", "--protocol", "nmea", log], None)}
if native:
    commands["telemetry decode (native)"] = ([native, "decode", "--protocol", "nmea", log], None)
def run(argv, stdin_path):
    with open(os.devnull, "wb") as null, open(stdin_path or os.devnull, "rb") as stdin:
        start = time.perf_counter()
        subprocess.run(argv, stdin=stdin, stdout=null, stderr=null, check=True)
        return time.perf_counter() - start
times = {name: [] for name in commands}
for _ in range(rounds):
    for name, (argv, stdin_path) in commands.items():
        times[name].append(run(argv, stdin_path))
for name in commands:
    if name == "gpsdecode":
        continue
    ratios = sorted(g / t for g, t in zip(times["gpsdecode"], times[name]))
    q = statistics.quantiles(ratios, n=4)
    print(f"paired rounds ({rounds}): {name} vs gpsdecode median {statistics.median(ratios):.2f}x "
          f"(quartiles {q[0]:.2f}-{q[2]:.2f}, min {ratios[0]:.2f}, max {ratios[-1]:.2f}); "
          f"median wall {statistics.median(times[name]) * 1000:.0f} ms vs {statistics.median(times['gpsdecode']) * 1000:.0f} ms")
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
