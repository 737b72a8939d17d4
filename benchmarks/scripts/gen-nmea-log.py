#!/usr/bin/env python3
"""Writes a synthetic GNSS log of GGA/RMC/GST epochs (10 Hz RTK, a deminer walking search lanes near
Aghdam) for the `telemetry decode` vs `gpsdecode` comparison. Deterministic (seeded); checksums computed here.
Every epoch varies as a real receiver's would (position noise of an RTK fix, altitude, speed, course and the GST
error estimates), so no decoder gains from fields that never change.

usage: gen-nmea-log.py OUTPUT [MEGABYTES]   (default 60 MB)
"""
import math
import random
import sys
from functools import reduce


def sentence(body: str) -> str:
    checksum = reduce(lambda acc, c: acc ^ ord(c), body, 0)
    return f"${body}*{checksum:02X}\r\n"


def coordinate(value: float, degree_digits: int, positive: str, negative: str) -> str:
    hemisphere = positive if value >= 0 else negative
    value = abs(value)
    degrees = int(value)
    minutes = (value - degrees) * 60
    return f"{degrees:0{degree_digits}d}{minutes:08.5f},{hemisphere}"


def main() -> None:
    path = sys.argv[1]
    target = int(float(sys.argv[2]) * 1024 * 1024) if len(sys.argv) > 2 else 60 * 1024 * 1024
    lat0, lon0 = 39.9931, 46.9300
    rng = random.Random(42)
    written = 0
    tick = 0
    with open(path, "w", newline="") as out:
        while written < target:
            seconds = 8 * 3600 + tick / 10.0
            day = 15 + int(seconds // 86400)
            seconds %= 86400
            hh, rem = divmod(seconds, 3600)
            mm, ss = divmod(rem, 60)
            time = f"{int(hh):02d}{int(mm):02d}{ss:05.2f}"
            # 0.5 m/s along 1 m-wide lanes, 50 m long, boustrophedon.
            lane, along = divmod(tick * 0.05, 50.0)
            north = along if int(lane) % 2 == 0 else 50.0 - along
            # RTK fixed: about 1 cm of noise horizontally, 2 cm vertically.
            north += rng.gauss(0, 0.01)
            east = lane + rng.gauss(0, 0.01)
            lat = lat0 + north / 111_320.0
            lon = lon0 + east / (111_320.0 * math.cos(math.radians(lat0)))
            lat_text = coordinate(lat, 2, "N", "S")
            lon_text = coordinate(lon, 3, "E", "W")
            alt = 352.1 + 0.3 * math.sin(tick / 50.0) + rng.gauss(0, 0.02)
            speed = max(0.0, 0.972 + rng.gauss(0, 0.05))
            course = (0.0 if int(lane) % 2 == 0 else 180.0) + rng.gauss(0, 2.0)
            sigma_lat, sigma_lon = rng.uniform(0.006, 0.014), rng.uniform(0.006, 0.014)
            sigma_alt = rng.uniform(0.012, 0.025)
            rms = rng.uniform(0.008, 0.02)
            orientation = rng.uniform(0, 180)
            chunk = (
                sentence(f"GNGGA,{time},{lat_text},{lon_text},4,{rng.randint(14, 22)},{rng.choice(('0.6', '0.7', '0.8'))},{alt:.3f},M,-16.9,M,1.0,0001")
                + sentence(f"GNRMC,{time},A,{lat_text},{lon_text},{speed:.3f},{course % 360:.1f},{day:02d}0524,,,R,V")
                + sentence(f"GNGST,{time},{rms:.3f},{max(sigma_lat, sigma_lon):.3f},{min(sigma_lat, sigma_lon):.3f},{orientation:.1f},{sigma_lat:.3f},{sigma_lon:.3f},{sigma_alt:.3f}")
            )
            out.write(chunk)
            written += len(chunk)
            tick += 1
    print(f"{path}: {written} bytes, {tick} epochs, {3 * tick} sentences")


if __name__ == "__main__":
    main()
