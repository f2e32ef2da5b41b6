#!/usr/bin/env python3
"""Why a large source's cost per record still grows: the store's write path alone, without Tessera.

Inserts N records (a 64-hex dedup key and 1.4 KB of raw text, as a Purview row) into a table shaped
like `records`, in ONE transaction, with the store's pragmas (16 KiB pages, 64 MiB cache,
synchronous NORMAL), and prints per-record wall, user and system microseconds for:
  - journal WAL (the store today) or DELETE (a rollback journal, the bulk phase issue 13 proposes);
  - with the live unique index on the dedup key (as `records` has) or without it.
Compare the rows at 100,000 and 1,000,000: a flat figure is a linear write path.

usage: scripts/benchmarks/journal-modes.py [--sizes 100000,1000000] [--dir DIR]
"""
import argparse, hashlib, os, resource, sqlite3, time


def run(path, n, journal, unique):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA page_size = 16384")
    db.execute(f"PRAGMA journal_mode = {journal}")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA cache_size = -65536")
    db.execute("CREATE TABLE records (record_row_id INTEGER PRIMARY KEY, source_id INTEGER, locator TEXT, dedup_key TEXT, raw TEXT)")
    if unique:
        db.execute("CREATE UNIQUE INDEX records_dedup ON records(dedup_key)")
    sql = "INSERT INTO records VALUES (?, ?, ?, ?, ?)" + (" ON CONFLICT(dedup_key) DO NOTHING" if unique else "")
    raw = "x" * 1400
    keys = [hashlib.sha256(i.to_bytes(8, "little")).hexdigest() for i in range(n)]  # made before timing
    os.sync()
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    db.execute("BEGIN IMMEDIATE")
    cursor = db.cursor()
    for i, key in enumerate(keys):
        cursor.execute(sql, (i + 1, 1, f"line {i + 2}", key, raw))
    db.execute("COMMIT")
    wall, after = time.monotonic() - start, resource.getrusage(resource.RUSAGE_SELF)
    db.close()
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return wall / n * 1e6, (after.ru_utime - before.ru_utime) / n * 1e6, (after.ru_stime - before.ru_stime) / n * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--dir", default=os.environ.get("TMPDIR", "/tmp"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"sqlite {sqlite3.sqlite_version}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'journal':8} {'dedup index':12} {'records':>9} {'wall µs':>8} {'user µs':>8} {'sys µs':>7}")
    results = {}
    for journal in ("wal", "delete"):
        for unique in (True, False):
            for n in sizes:
                w, u, s = run(os.path.join(args.dir, f"journal-modes-{os.getpid()}.db"), n, journal, unique)
                results[(journal, unique, n)] = (w, u, s)
                print(f"{journal:8} {'unique' if unique else 'none':12} {n:9,} {w:8.1f} {u:8.1f} {s:7.1f}", flush=True)
    small, large = sizes[0], sizes[-1]
    for journal in ("wal", "delete"):
        for unique in (True, False):
            (w0, _, s0), (w1, _, s1) = results[(journal, unique, small)], results[(journal, unique, large)]
            print(f"{journal:8} {'unique' if unique else 'none':12} {large:,} vs {small:,}: {w1 / w0:.2f}x wall, {s1 / s0:.2f}x system CPU per record")


if __name__ == "__main__":
    main()
