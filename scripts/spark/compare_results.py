#!/usr/bin/env python3
"""Compares the correlation results of two stores row for row: findings, interaction_access and
unattributed_support_access. Event ids differ between a store of all events and a pruned one, so
events are named by their dedup key (unique, from the evidence) and sources by their SHA-256.

usage: compare_results.py LOCAL.db SPARK.db
prints one line per table, then IDENTICAL (exit 0) or DIFFERENT with the differing rows (exit 1)
"""
import json
import sqlite3
import sys


def rows(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    key = dict(db.execute("SELECT event_id, dedup_key FROM event_rows"))
    sha = dict(db.execute("SELECT source_id, sha256 FROM sources"))
    result = {}
    result["findings"] = sorted((
        (interaction, rule, severity, summary, first_utc, last_utc, first_us, last_us,
         tuple(sorted(key[i] for i in json.loads(evidence))))
        for interaction, rule, severity, summary, first_utc, last_utc, first_us, last_us, evidence in db.execute(
            "SELECT interaction_id, rule, severity, summary, first_utc, last_utc, first_us, last_us, evidence FROM findings")),
        key=repr)
    result["interaction_access"] = sorted(db.execute("SELECT * FROM interaction_access").fetchall(), key=repr)
    result["unattributed_support_access"] = sorted((
        (key[event_id], time_utc, ts_us, identity, actor, actor_type, client_ip, action, resource_type, resource,
         resource_name, sha[source_id], locator)
        for (event_id, time_utc, ts_us, identity, actor, actor_type, client_ip, action, resource_type, resource,
             resource_name, source_id, locator) in db.execute("SELECT * FROM unattributed_support_access")), key=repr)
    result["interactions"] = sorted(db.execute("SELECT interaction_id FROM interactions").fetchall())
    result["rejects"] = sorted(db.execute(
        "SELECT s.sha256, r.locator, r.reason, r.raw FROM rejects r JOIN sources s USING (source_id)").fetchall())
    # What was read from each evidence file: a pruned store keeps it in source_manifests.
    manifests = {t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE name = 'source_manifests'")}
    pruned = manifests and db.execute("SELECT count(*) FROM normalized_imports WHERE pruned = 1").fetchone()[0] > 0
    if pruned:
        result["evidence read"] = sorted(db.execute("""
            SELECT s.path, s.sha256, s.size_bytes, s.plugin, m.records_read, m.rejects, m.events_stored
            FROM sources s JOIN source_manifests m USING (source_id)""").fetchall())
    else:
        # In a local store, a file's events are those stored plus those of its records found in other files.
        result["evidence read"] = sorted(db.execute("""
            SELECT path, sha256, size_bytes, plugin, records_read, rejects, NULL FROM sources""").fetchall())
    return result


def main():
    local, spark = rows(sys.argv[1]), rows(sys.argv[2])
    failed = False
    # events_stored of a pruned store's manifests has no local counterpart column: compare the rest.
    spark["evidence read"] = sorted(r[:-1] + (None,) for r in spark["evidence read"])
    for table in local:
        a, b = local[table], spark[table]
        if a != b:
            failed = True
            only_local = [r for r in a if r not in b][:5]
            only_spark = [r for r in b if r not in a][:5]
            print(f"{table}: DIFFERENT ({len(a)} rows local, {len(b)} after the Spark prune)")
            for r in only_local:
                print(f"  only local: {r}")
            for r in only_spark:
                print(f"  only spark: {r}")
        else:
            print(f"{table}: identical ({len(a)} rows)")
    print("DIFFERENT" if failed else "IDENTICAL")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
