#!/usr/bin/env bash
# Serial driver vs cat on the same pseudo-terminal (issue 5). Usage: benchmarks/scripts/pty-throughput.sh [MiB] [rounds]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dotnet build -c Release "$root/benchmarks/Telemetry.Benchmarks" -v q >/dev/null
dll="$root/benchmarks/Telemetry.Benchmarks/bin/Release/net10.0/Telemetry.Benchmarks.dll"
python3 "$root/benchmarks/scripts/pty_throughput.py" "$dll" "${1:-64}" "${2:-3}"
