#!/usr/bin/env python3
"""Reference peer for scripts/bench: a stdlib-only loader for the formats scripts/benchmarks/ual_reference_loader.py
does not cover. It reads each record (CSV row, JSON line, element of a JSON member list such as
CloudTrail's Records, or an XML <Event> via ElementTree.iterparse), takes a time and an actor, and
writes them with the raw record into SQLite in one transaction. It does far less than Tessera (no
normalization, no fan-out, no dedup, no rejects) and exists only as an honest, widely understood
baseline.

usage: reference_loader.py KIND OUT.db FILE...   KIND: csv | jsonl | json-records | xml
"""
import csv
import json
import sqlite3
import sys
import xml.etree.ElementTree as ET


def records(kind, path):
    if kind == "csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                yield row.get("start") or row.get("CreationDate"), row.get("engineer") or row.get("UserId"), json.dumps(row)
    elif kind == "jsonl":
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    value = json.loads(line)
                    ident = value.get("id", {})
                    yield (value.get("start") or (ident.get("time") if isinstance(ident, dict) else None),
                           value.get("engineer") or value.get("actor", {}).get("email"), line)
    elif kind == "json-records":
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        for value in document.get("Records") or document.get("value") or []:
            yield value.get("eventTime") or value.get("properties", {}).get("createdDateTime"), \
                value.get("userIdentity", {}).get("arn"), json.dumps(value)
    elif kind == "xml":
        for _, element in ET.iterparse(path):
            if element.tag == "Event":
                yield (element.get("LastAccessed") or element.get("RunDate"),
                       element.get("LogonUserSid") or element.get("Caller"), ET.tostring(element, encoding="unicode"))
                element.clear()
    else:
        raise SystemExit("unknown kind " + kind)


def main(kind, db_path, paths):
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("DROP TABLE IF EXISTS records")
    db.execute("CREATE TABLE records (ts TEXT, actor TEXT, raw TEXT)")
    count = 0
    with db:
        for path in paths:
            for row in records(kind, path):
                db.execute("INSERT INTO records VALUES (?, ?, ?)", row)
                count += 1
    print("rows=%d" % count)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
