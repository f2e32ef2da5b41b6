#!/usr/bin/env python3
"""Differential test of `tessera detect` against pySigma's SQLite backend.

For every rule both engines can evaluate, the records each matches over the same store must be
the same. pySigma converts the rule (its field names mapped with Tessera's logsource mapping,
Sources/TesseraDetect/Mapping/logsources.yaml) to SQL over a table `logs` that this script builds
from the store's records: one row per record, one column per field, read from the record's JSON
document by this script's own parsing (json / csv modules), not by Tessera's SQL. Tessera's
matches are read from the store's `detections` table.

Differences by design are named, not hidden: Sigma matching is case-insensitive, while pySigma's
SQLite backend compares plain values with `=` (case-sensitive). A rule whose sets differ is
re-checked with every value and literal lower-cased; if the sets then agree, the difference is
reported as "by design: case-insensitive matching". Any other difference fails (exit 1).

usage: sigma_differential.py --store STORE --rules DIR --mapping logsources.yaml
       sigma_differential.py --synthesize DIR --rules DIR   (write rule-derived evidence files)
"""
import argparse
import csv
import io
import json
import os
import re
import sqlite3
import sys

import yaml
from sigma.backends.sqlite import sqliteBackend
from sigma.collection import SigmaCollection
from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
from sigma.processing.transformations import FieldMappingTransformation
from sigma.rule import SigmaDetection, SigmaDetectionItem
from sigma.types import SigmaString


def load_mapping(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)["logsources"]


def entry_for(mapping, logsource):
    for entry in mapping:
        if logsource.product != entry.get("product") or logsource.category is not None:
            continue
        services = entry.get("services") or []
        if logsource.service is None or not services or logsource.service in services:
            return entry
    return None


def targets(entry, field):
    mapped = (entry.get("fields") or {}).get(field)
    if mapped is None:
        return [field]
    return mapped if isinstance(mapped, list) else [mapped]


def column_name(target):
    return "tessera_" + target[len("column:"):] if target.startswith("column:") else target


def document(kind, raw, details):
    """The record's JSON document, parsed independently of Tessera."""
    try:
        if kind.startswith("details:"):
            outer = json.loads(details)
            value = outer.get(kind[len("details:"):]) if isinstance(outer, dict) else None
        elif kind == "raw":
            value = json.loads(raw)
        elif kind.startswith("member:"):
            outer = json.loads(raw)
            inner = outer.get(kind[len("member:"):]) if isinstance(outer, dict) else None
            if inner is None:
                value = outer
            elif isinstance(inner, str):
                value = json.loads(inner)
            else:
                value = inner
        elif kind == "csv-json":
            value = None
            for row in csv.reader(io.StringIO(raw)):
                for cell in row:
                    if cell.startswith("{"):
                        value = json.loads(cell)
                        break
                break
        else:
            value = None
    except (ValueError, TypeError):
        return None
    return value if isinstance(value, (dict, list)) else None


def resolve(doc, path):
    value = doc
    for name in path.split("."):
        if not isinstance(value, dict) or name not in value:
            return None
        value = value[name]
    return sql_value(value)


def sql_value(value):
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return value


def detection_fields(detection):
    """Every field name a rule's detection uses."""
    fields = set()
    def walk(item):
        if isinstance(item, SigmaDetection):
            for child in item.detection_items:
                walk(child)
        elif isinstance(item, SigmaDetectionItem):
            if item.field:
                fields.add(item.field)
            for value in item.value:  # fieldref names a second field in its value
                if type(value).__name__ == "SigmaFieldReference":
                    fields.add(value.field)
    for d in detection.detections.values():
        walk(d)
    return fields


def regexp(pattern, value):
    if value is None:
        return 0
    return 1 if re.search(pattern, str(value)) else 0


def run_pysigma(sql, columns, rows, lower=False):
    db = sqlite3.connect(":memory:")
    db.create_function("REGEXP", 2, regexp)
    quoted = ", ".join('"%s"' % c.replace('"', '""') for c in columns)
    db.execute('CREATE TABLE logs (record_id INTEGER%s)' % ((", " + quoted) if columns else ""))
    marks = ", ".join("?" for _ in range(len(columns) + 1))
    for record_id, values in rows:
        if lower:
            values = [v.lower() if isinstance(v, str) else v for v in values]
        db.execute("INSERT INTO logs VALUES (%s)" % marks, [record_id] + values)
    query = re.sub(r"^SELECT \* FROM", "SELECT record_id FROM", sql)
    if lower:
        query = re.sub(r"'((?:[^']|'')*)'", lambda m: "'" + m.group(1).lower() + "'", query)
    return {r[0] for r in db.execute(query)}


def compare(args):
    mapping = load_mapping(args.mapping)
    store = sqlite3.connect("file:%s?mode=ro" % args.store, uri=True)
    formats = {}
    for source_id, fmt in store.execute("SELECT source_id, format FROM sources"):
        formats[source_id] = fmt
    records = list(store.execute("""
        SELECT e.event_id, e.source_id, r.raw, e.details, e.outcome, e.operation, e.category, e.action, e.actor
        FROM event_rows e JOIN records r ON r.record_row_id = e.record_row_id
        WHERE e.event_id = e.record_row_id ORDER BY e.event_id"""))
    event_columns = {"outcome": 0, "operation": 1, "category": 2, "action": 3, "actor": 4}
    tessera = {}
    for rule_id, event_id in store.execute("SELECT rule_id, event_id FROM detections"):
        tessera.setdefault(rule_id, set()).add(event_id)
    states = dict(((rid, (state, reason)) for rid, state, reason in store.execute(
        "SELECT rule_id, state, reason FROM detection_rules WHERE run_id = (SELECT max(run_id) FROM detection_runs)")))

    compared = same = by_design = skipped = 0
    failures = []
    for root, _, files in os.walk(args.rules):
        for name in sorted(files):
            if not name.endswith((".yml", ".yaml")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, args.rules)
            try:
                rule = SigmaCollection.from_yaml(open(path, encoding="utf-8").read()).rules[0]
            except Exception as error:  # pySigma refuses the rule
                print("skip  %s: pySigma cannot read it (%s)" % (rel, error))
                skipped += 1
                continue
            rule_id = str(rule.id)
            state = states.get(rule_id, ("absent", "not in the detection run"))
            if state[0] != "evaluated":
                skipped += 1
                continue
            entry = entry_for(mapping, rule.logsource)
            fields = sorted(detection_fields(rule.detection))
            field_map = {f: [column_name(t) for t in targets(entry, f)] for f in fields}
            columns = sorted({c for cs in field_map.values() for c in cs})
            # SQLite's column names ignore case (ResultType, resultType): the table's columns are
            # c0, c1, ... and the pipeline maps each field to the aliases of its targets.
            alias = {c: "c%d" % i for i, c in enumerate(columns)}
            pipeline = ProcessingPipeline(name="tessera logsource mapping", priority=20, items=[
                ProcessingItem(identifier="tessera_fields", transformation=FieldMappingTransformation(
                    {f: ([alias[c] for c in t] if len(t) > 1 else alias[t[0]]) for f, t in field_map.items()}))])
            try:
                sql = sqliteBackend(processing_pipeline=pipeline).convert_rule(rule)[0]
            except Exception as error:
                print("skip  %s: pySigma's SQLite backend cannot convert it (%s)" % (rel, str(error).splitlines()[0]))
                skipped += 1
                continue
            kinds = {fmt: kind for fmt, kind in (entry.get("formats") or {}).items()}
            rows = []
            for event_id, source_id, raw, details, *cols in records:
                kind = kinds.get(formats.get(source_id))
                if kind is None:
                    continue
                doc = document(kind, raw, details)
                values = []
                for c in columns:
                    if c.startswith("tessera_"):
                        values.append(cols[event_columns[c[len("tessera_"):]]])
                    else:
                        values.append(resolve(doc, c) if doc is not None else None)
                rows.append((event_id, values))
            ours = tessera.get(rule_id, set())
            theirs = run_pysigma(sql, [alias[c] for c in columns], rows)
            compared += 1
            if ours == theirs:
                same += 1
                print("same  %s: %d record(s)" % (rel, len(ours)))
                continue
            if "REGEXP" not in sql and run_pysigma(sql, [alias[c] for c in columns], rows, lower=True) == ours:
                by_design += 1
                print("case  %s: Tessera %d, pySigma %d record(s); by design: Sigma matches case-insensitively, "
                      "pySigma's SQLite backend compares with '=' (case-sensitive)" % (rel, len(ours), len(theirs)))
                continue
            failures.append(rel)
            print("DIFF  %s (%s): Tessera only %s; pySigma only %s\n      pySigma SQL: %s" % (
                rel, rule_id, sorted(ours - theirs)[:10], sorted(theirs - ours)[:10], sql))
    print("\n%d rules compared: %d same, %d differ by design (case), %d differ; %d not compared "
          "(not evaluated by Tessera or not convertible by pySigma)" % (compared, same, by_design, len(failures), skipped))
    if compared == 0:
        print("nothing was compared")
        return 1
    return 1 if failures else 0


# The unified-audit-log field a normalized column is read from (for synthetic records only).
RAW_FIELD_OF_COLUMN = {"column:outcome": "ResultStatus", "column:operation": "Operation"}


def synthesize(args):
    """Evidence derived from the rules themselves, so the comparison sees matches: for each
    CloudTrail or m365 rule, one record built from its first search's values (as written and in
    other case), in the shapes Tessera ingests (CloudTrail JSON Lines, UAL AuditData JSON Lines)."""
    os.makedirs(args.synthesize, exist_ok=True)
    mapping = load_mapping(args.mapping) if args.mapping else None
    trail = open(os.path.join(args.synthesize, "cloudtrail.jsonl"), "w", encoding="utf-8")
    ual = open(os.path.join(args.synthesize, "ual-auditdata.jsonl"), "w", encoding="utf-8")
    n = 0
    for root, _, files in os.walk(args.rules):
        for name in sorted(files):
            if not name.endswith((".yml", ".yaml")):
                continue
            try:
                rule = SigmaCollection.from_yaml(open(os.path.join(root, name), encoding="utf-8").read()).rules[0]
            except Exception:
                continue
            if rule.logsource.product not in ("aws", "m365"):
                continue
            entry = entry_for(mapping, rule.logsource) if mapping else None
            for variant in (str, str.upper, str.swapcase):
                record = {}
                for search in list(rule.detection.detections.values())[:1]:
                    items = search.detection_items
                    if items and isinstance(items[0], SigmaDetection):
                        items = items[0].detection_items
                    for item in items:
                        if not isinstance(item, SigmaDetectionItem) or not item.field or not item.value:
                            continue
                        value = item.value[0]
                        if not isinstance(value, SigmaString):
                            text = str(value)
                        else:
                            text = "".join(p if isinstance(p, str) else ("abc" if "ANY" in str(p) else "z") for p in value.s)
                        modifiers = {m.__name__ for m in item.modifiers}
                        if "SigmaRegularExpressionModifier" in modifiers:
                            continue
                        if "SigmaContainsModifier" in modifiers:
                            text = "x" + text + "y"
                        elif "SigmaStartswithModifier" in modifiers:
                            text = text + "-tail"
                        elif "SigmaEndswithModifier" in modifiers:
                            text = "head-" + text
                        field = item.field
                        if entry is not None:
                            # Write where Tessera's mapping reads the field (a column's source field).
                            first = targets(entry, field)[0]
                            field = RAW_FIELD_OF_COLUMN.get(first, first)
                        target = record
                        parts = field.split(".")
                        for p in parts[:-1]:
                            target = target.setdefault(p, {}) if isinstance(target.get(p, {}), dict) else {}
                        target[parts[-1]] = variant(text)
                n += 1
                if rule.logsource.product == "aws":
                    record.setdefault("eventSource", "synthetic.amazonaws.com")
                    record.setdefault("eventName", "Synthetic")
                    record.update({"eventVersion": "1.08", "eventTime": "2024-03-01T10:00:%02dZ" % (n % 60),
                                   "eventID": "00000000-0000-4000-8000-%012d" % n, "awsRegion": "us-east-1",
                                   "sourceIPAddress": "198.51.100.%d" % (n % 250)})
                    if not isinstance(record.get("userIdentity"), dict):
                        record["userIdentity"] = {"type": "IAMUser", "arn": "arn:aws:iam::123456789012:user/synthetic"}
                    trail.write(json.dumps(record) + "\n")
                else:
                    record.setdefault("Operation", "Synthetic")
                    record.update({"CreationTime": "2024-03-01T10:00:%02d" % (n % 60), "Id": "11111111-0000-4000-8000-%012d" % n,
                                   "RecordType": 1, "UserId": "synthetic@contoso.example", "OrganizationId": "org",
                                   "UserKey": "synthetic"})
                    record.setdefault("Workload", "Exchange")
                    ual.write(json.dumps(record) + "\n")
    trail.close()
    ual.close()
    print("wrote %d synthetic records to %s" % (n, args.synthesize))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store")
    parser.add_argument("--rules", required=True)
    parser.add_argument("--mapping")
    parser.add_argument("--synthesize", metavar="DIR")
    args = parser.parse_args()
    if args.synthesize:
        return synthesize(args)
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
