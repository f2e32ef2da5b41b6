#!/usr/bin/env python3
"""Writes a synthetic vendor support-interaction log (CSV) of N sessions, deterministic for a seed.

Usage: gen-support-log.py ROWS OUT.csv [SEED]
"""
import csv
import random
import sys
from datetime import datetime, timedelta, timezone

rows, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 7)
countries = ["US", "US", "US", "CN", "IN", "NG", "IE", "PH"]
start0 = datetime(2022, 1, 1, tzinfo=timezone.utc)
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["interaction_id", "engineer", "engineer_name", "engineer_country", "employer", "clearance", "tenant",
                "customer_class", "start", "end", "accounts", "source_ips", "scope", "channel", "summary"])
    for i in range(rows):
        eng = rng.randrange(2000)
        start = start0 + timedelta(seconds=rng.randrange(3 * 365 * 86400))
        end = start + timedelta(minutes=rng.randrange(5, 240))
        country = countries[eng % len(countries)]
        w.writerow([f"TKT-{i // 2:08d}", f"eng{eng}@vendor.example", f"Engineer {eng}", country,
                    "Vendor Inc." if country == "US" else "Partner Ltd.", "Secret" if country == "US" else "",
                    f"tenant{rng.randrange(300)}.example", "government" if rng.random() < 0.4 else "commercial",
                    start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    f"eng{eng}-adm@tenant.example;Microsoft Operator", f"198.51.{eng % 256}.{i % 256};203.0.113.0/28",
                    f"https://tenant.example/sites/s{rng.randrange(50)}", "remote-session",
                    f"Ticket {i}: customer reports issue, \"quoted\" text"])
