#!/usr/bin/env python3
"""Writes a Purview unified-audit-log CSV whose events fall inside the sessions of a support log
written by gen-support-log.py, by the session's account and from its source IP, so that
`tessera correlate` attributes them (plus some unattributable noise). Deterministic.

Usage: gen-ual-for-sessions.py SUPPORT.csv EVENTS_PER_SESSION OUT.csv
"""
import csv
import json
import sys
from datetime import datetime, timedelta

support, per, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(support, newline="") as f, open(out, "w", newline="") as o:
    w = csv.writer(o)
    w.writerow(["RecordId", "CreationDate", "RecordType", "Operation", "UserId", "AuditData",
                "AssociatedAdminUnits", "AssociatedAdminUnitsNames"])
    n = 0
    for row in csv.DictReader(f):
        start = datetime.strptime(row["start"], "%Y-%m-%dT%H:%M:%SZ")
        end = datetime.strptime(row["end"], "%Y-%m-%dT%H:%M:%SZ")
        account = row["accounts"].split(";")[0]
        ip = row["source_ips"].split(";")[0]
        for k in range(per):
            n += 1
            # Every fourth event is a minute after the session ended: unattributed support access.
            t = start + (end - start) * (k + 1) / (per + 1) if n % 4 else end + timedelta(minutes=1)
            record_id = f"00000000-0000-0000-0000-{n:012d}"
            audit = {"Id": record_id, "CreationTime": t.strftime("%Y-%m-%dT%H:%M:%S"), "Operation": "FileAccessed",
                     "RecordType": 6, "UserId": account, "UserType": 0, "Workload": "SharePoint", "ClientIP": ip,
                     "ObjectId": f"{row['scope']}/doc{k}.docx", "SiteUrl": row["scope"], "SourceFileName": f"doc{k}.docx"}
            w.writerow([record_id, t.strftime("%Y-%m-%dT%H:%M:%S.0000000Z"), "SharePointFileOperation", "FileAccessed",
                        account, json.dumps(audit, separators=(",", ":")), "", ""])
