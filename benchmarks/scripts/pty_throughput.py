#!/usr/bin/env python3
"""Throughput and CPU per MB through a real pseudo-terminal: our serial driver vs `cat`, same pty, same run.

For each reader: open a fresh pty pair (raw), start the reader on the slave, write N bytes into the master as fast
as the kernel takes them, and stop when the reader has them all. Wall time gives MB/s; the reader's user+sys CPU
time (getrusage of the child) gives CPU ms per MB. `cat` writes into a pipe that this script counts; our reader
counts itself and exits. Usage: pty_throughput.py PATH/TO/Telemetry.Benchmarks.dll [MiB] [rounds]
"""
import os, resource, subprocess, sys, time, tty

def run(reader_cmd, total, signals_ready):
    master, slave = os.openpty()
    tty.setraw(slave)  # cat needs raw mode too (no canonical line buffering, no CR/LF translation)
    path = os.ttyname(slave)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = subprocess.Popen([a.replace("{pty}", path) for a in reader_cmd], stdout=subprocess.PIPE)
    if signals_ready:
        if child.stdout.readline().strip() != b"ready":
            sys.exit("reader did not start")
    else:
        time.sleep(0.3)  # cat opens the pty at once; it has no ready signal
    chunk = os.urandom(65536)
    start = time.perf_counter()
    sent = 0
    if signals_ready:
        while sent < total:
            sent += os.write(master, chunk[: min(len(chunk), total - sent)])
        child.wait()
    else:
        got = 0
        os.set_blocking(master, False)
        while got < total:
            if sent < total:
                try:
                    sent += os.write(master, chunk[: min(len(chunk), total - sent)])
                except BlockingIOError:
                    pass
            got += len(child.stdout.read1(1 << 20)) if sent >= total or got < sent else 0
        child.kill()
        child.wait()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    os.close(master); os.close(slave)
    mib = total / (1 << 20)
    return mib / elapsed, cpu * 1000 / mib

def main():
    dll = sys.argv[1]
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    total = mib << 20
    ours = ["dotnet", dll, "pty-read", "{pty}", str(total)]
    cat = ["cat", "{pty}"]
    # .NET start-up and JIT cost, measured with a 1-byte run, is reported apart from the steady-state cost.
    startup = run(["dotnet", dll, "pty-read", "{pty}", "1"], 1, True)[1] / (1 << 20)
    print(f"ours start-up CPU (1-byte run): {startup:.0f} ms")
    results = {"ours": [], "cat": []}
    for _ in range(rounds):
        results["ours"].append(run(ours, total, True))
        results["cat"].append(run(cat, total, False))
    for name, rows in results.items():
        best = max(r[0] for r in rows)
        cpu = min(r[1] for r in rows)
        print(f"{name:5s} best {best:8.1f} MiB/s   CPU {cpu:7.2f} ms/MiB   rounds: " + ", ".join(f"{r[0]:.0f} MiB/s {r[1]:.1f} ms/MiB" for r in rows))
    net = min(r[1] for r in results["ours"]) - startup / mib
    print(f"ours  CPU excluding start-up: {net:7.2f} ms/MiB")
    o, c = results["ours"], results["cat"]
    print(f"ratio ours/cat: throughput {max(r[0] for r in o) / max(r[0] for r in c):.2f}x, CPU per MiB {min(r[1] for r in o) / min(r[1] for r in c):.2f}x")

main()
