#!/usr/bin/env python3
"""Reference peer for scripts/benchmarks/bench-ual: a stdlib-only loader of a Purview audit CSV export.

Reads the CSV with the csv module, parses AuditData with json, takes the fields an analyst
needs (time, id, operation, user, client IP, object), and writes them with the raw row into
SQLite in one transaction, collapsing duplicate AuditData.Id values. It does far less than
Tessera (no normalization, no fan-out, no rejects table) and exists only to give the benchmark
an honest, widely understood baseline.

usage: ual_reference_loader.py EXPORT.csv OUT.db
"""
import csv
import json
import sqlite3
import sys


def main(path, db_path):
    csv.field_size_limit(64 << 20)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("DROP TABLE IF EXISTS events")
    db.execute("""CREATE TABLE events (id TEXT PRIMARY KEY, ts TEXT, operation TEXT, user_id TEXT,
                  client_ip TEXT, object_id TEXT, workload TEXT, raw TEXT)""")
    rows = stored = rejects = 0
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        audit_column = header.index("AuditData")
        for row in reader:
            rows += 1
            try:
                audit = json.loads(row[audit_column])
            except (ValueError, IndexError):
                rejects += 1
                continue
            ip = audit.get("ClientIP") or audit.get("ClientIPAddress") or ""
            cursor = db.execute(
                "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (audit.get("Id"), audit.get("CreationTime"), audit.get("Operation"), audit.get("UserId"),
                 ip, audit.get("ObjectId"), audit.get("Workload"), ",".join(row)))
            stored += cursor.rowcount
    db.commit()
    print(f"rows={rows} stored={stored} duplicates={rows - stored - rejects} rejects={rejects}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
