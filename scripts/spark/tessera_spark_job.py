#!/usr/bin/env python3
"""Spark prunes, Tessera decides: the PySpark job behind `tessera spark` (docs/scale-out.md).

Executors run the tessera binary shipped with the job (`tessera normalize --output -`) on their
share of the evidence files: one parser implementation, Tessera's. Two passes:

1. every file is normalized keeping only the records that are always kept (support-log and
   Lockbox records, events naming a logon); the driver ingests them into a small store and runs
   `tessera prune-plan`, which derives the keep-rule from the policy with the correlator's own
   code (identities and aliases, windows with the policy's slack, support actor types);
2. every file is normalized again with that plan (shipped to the executors as a file): only the
   records that can matter to a rule are written. Every file's manifest is kept whole.

The output directory is what `tessera ingest` reads: tessera-normalized.json (the job's
parameters, every source's manifest, events per source, day and category) and data/part-*
(JSON Lines, sorted by source and record across the part files, at most LINES_PER_PARTITION
lines each, so the part files in name order replay the sources in the order a local ingest reads
them).

Run it through `tessera spark`, which passes the binary with --files.
"""
import argparse
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse

from pyspark import SparkFiles, StorageLevel
from pyspark.sql import SparkSession


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tessera", required=True, help="the tessera binary (also shipped with --files)")
    p.add_argument("--evidence", action="append", default=[], required=True)
    p.add_argument("--support", action="append", default=[])
    p.add_argument("--policy")
    p.add_argument("--aliases")
    p.add_argument("--slack")
    p.add_argument("--source-tz")
    p.add_argument("--out", required=True)
    p.add_argument("--partitions", type=int)
    p.add_argument("--master-label", default="")
    return p.parse_args(argv)


def is_local(path):
    scheme = urlparse(path).scheme
    return scheme in ("", "file")


def local_path(path):
    return urlparse(path).path if path.startswith("file:") else path


def list_files(spark, tessera, paths):
    """Evidence files in the order a local `tessera ingest` reads them: local paths expanded by
    tessera itself, Hadoop paths (globs, directories recursively) by the Hadoop FileSystem API,
    sorted. Returns [(path, named)]: a file found in a directory that no plugin claims is
    skipped, a named one is an error, as for ingest."""
    files = []
    for path in paths:
        if is_local(path):
            out = subprocess.run([tessera, "normalize", "--list", local_path(path)], check=True,
                                 capture_output=True, text=True).stdout
            for line in out.splitlines():
                entry = json.loads(line)
                files.append((entry["path"], entry["named"]))
        else:
            jvm = spark.sparkContext._jvm
            conf = spark.sparkContext._jsc.hadoopConfiguration()
            hpath = jvm.org.apache.hadoop.fs.Path(path)
            fs = hpath.getFileSystem(conf)
            statuses = fs.globStatus(hpath) or []
            for status in sorted(statuses, key=lambda s: s.getPath().toString()):
                if status.isDirectory():
                    found = []
                    it = fs.listFiles(status.getPath(), True)
                    while it.hasNext():
                        found.append(it.next().getPath().toString())
                    files += [(f, False) for f in sorted(found)]
                else:
                    files.append((status.getPath().toString(), True))
    seen, result = set(), []
    for path, named in files:
        if path not in seen:
            seen.add(path)
            result.append((path, named))
    return result


def normalize_task(tessera_name, keep_name, source_tz):
    """The executor's work: `tessera normalize --output -` on each (src, path, named) of the
    partition (local paths: a filesystem every node sees); yields ("line", (src, seq, ev), text), ("source", src, manifest),
    ("counts", src, rows). A file that fails fails the task, naming the file."""

    def run(items):
        tessera = SparkFiles.get(tessera_name)
        if not os.access(tessera, os.X_OK):
            os.chmod(tessera, 0o755)
        keep = keep_name if keep_name == "always" else SparkFiles.get(keep_name)
        for src, path, named in items:
            args = [tessera, "normalize", "--output", "-", "--first-source", str(src), "--keep", keep]
            if source_tz:
                args += ["--source-tz", source_tz]
            if not named:
                args.append("--as-found-in-directory")
            args.append(local_path(path))
            yield from stream(args, path, src)

    return run


def stream(args, path, src):
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors)
        failed = None
        for raw in process.stdout:
            line = raw.decode("utf-8").rstrip("\n")
            if not line:
                continue
            kind = line[len('{"normalized":1,"type":"'):].split('"', 1)[0]
            if kind in ("event", "reject"):
                yield ("line", line_key(line), line)
            elif kind == "source":
                yield ("source", src, json.loads(line))
            elif kind == "counts":
                yield ("counts", src, json.loads(line)["counts"])
            elif kind == "failed":
                failed = json.loads(line)["reason"]
        status = process.wait()
        if failed is not None or status != 0:
            errors.seek(0)
            detail = errors.read().decode("utf-8", "replace").strip()
            raise RuntimeError(f"tessera normalize failed on {path} (exit {status}): {failed or detail}")


def line_key(line):
    """(src, seq, ev) from a line's fixed head: {"normalized":1,"type":"...","src":N,"seq":S[,"ev":E]"""
    head = line.split(',"locator":', 1)[0]
    fields = {}
    for part in head.split(","):
        if ":" in part:
            key, value = part.split(":", 1)
            fields[key.strip('{"')] = value
    return (int(fields["src"]), int(fields["seq"]), int(fields.get("ev", "0")))


def fetch_remote(sc, remote, tessera_name, keep_name, source_tz):
    """Object-storage files: Spark reads each whole file (binaryFiles); the executor writes it to a
    local temporary file and normalizes it, recording the original URI as its path."""
    if not remote:
        return sc.emptyRDD()
    index = {path: (src, named) for src, path, named in remote}
    uris = ",".join(path for _, path, _ in remote)

    def run(pairs):
        tessera = SparkFiles.get(tessera_name)
        if not os.access(tessera, os.X_OK):
            os.chmod(tessera, 0o755)
        keep = keep_name if keep_name == "always" else SparkFiles.get(keep_name)
        for uri, content in pairs:
            src, named = index[uri]
            workdir = tempfile.mkdtemp(prefix="tessera-")
            try:
                local = os.path.join(workdir, os.path.basename(urlparse(uri).path) or "evidence")
                with open(local, "wb") as f:
                    f.write(content)
                args = [tessera, "normalize", "--output", "-", "--first-source", str(src), "--keep", keep,
                        "--record-path", uri]
                if source_tz:
                    args += ["--source-tz", source_tz]
                if not named:
                    args.append("--as-found-in-directory")
                args.append(local)
                yield from stream(args, uri, src)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)

    return sc.binaryFiles(uris).mapPartitions(run)


def normalize_pass(sc, files, tessera_name, keep_name, source_tz, partitions):
    local = [(src, path, named) for src, path, named in files if is_local(path)]
    remote = [(src, path, named) for src, path, named in files if not is_local(path)]
    rdd = sc.emptyRDD()
    if local:
        rdd = sc.parallelize(local, max(1, min(partitions, len(local)))).mapPartitions(
            normalize_task(tessera_name, keep_name, source_tz))
    return rdd.union(fetch_remote(sc, remote, tessera_name, keep_name, source_tz))


# Lines per output partition. A partition travels whole as one task result (toLocalIterator):
# through the executor's and the driver's JVM heap, so it must stay small whatever the case. At a
# few KB a line this is tens of MB; a case keeping more lines gets more partitions.
LINES_PER_PARTITION = 20000


def write_sorted_lines(items, directory):
    """Writes the line items of `items` into directory/part-NNNNN, sorted by (src, seq, ev) across
    the part files (sortByKey samples the keys into balanced ranges, so one large source spreads
    over several partitions), so the part files in name order replay the sources in order. The
    lines reach the driver one partition at a time (the output is local to the driver)."""
    os.makedirs(directory)
    lines = items.filter(lambda item: item[0] == "line").map(lambda item: (item[1], item[2]))
    count = lines.count()
    if count == 0:
        return
    out_partitions = max(1, -(-count // LINES_PER_PARTITION))
    ordered = (lines.sortByKey(numPartitions=out_partitions)
               .mapPartitionsWithIndex(lambda i, rows: ((i, text) for _, text in rows)))
    handle, current = None, None
    for i, text in ordered.toLocalIterator():
        if i != current:
            if handle:
                handle.close()
            handle, current = open(os.path.join(directory, f"part-{i:05d}"), "w", encoding="utf-8"), i
        handle.write(text + "\n")
    if handle:
        handle.close()


def manifests_and_counts(items):
    sources = {src: m for _, src, m in items.filter(lambda item: item[0] == "source").collect()}
    counts = sorted([src, day, category, n] for _, src, rows in items.filter(lambda item: item[0] == "counts").collect()
                    for day, category, n in rows)
    return sources, counts


def write_manifest(directory, engine, pruned, sources, parameters, event_counts):
    manifest = {"normalized": 1, "engine": engine, "pruned": pruned, "tool_version": parameters.get("tool_version", ""),
                "parameters": parameters, "sources": [sources[k] for k in sorted(sources)], "files": [],
                "event_counts": event_counts}
    with open(os.path.join(directory, "tessera-normalized.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False)
        f.write("\n")


def main(argv):
    args = parse_args(argv)
    started = time.time()
    out = os.path.abspath(args.out)
    if os.path.exists(out) and os.listdir(out):
        sys.exit(f"tessera spark: the output directory {out} is not empty; name a new one")
    os.makedirs(out, exist_ok=True)
    spark = SparkSession.builder.appName("tessera-prune").getOrCreate()
    sc = spark.sparkContext
    tessera_name = os.path.basename(args.tessera)

    listed = list_files(spark, args.tessera, args.evidence + args.support)
    files = [(src, path, named) for src, (path, named) in enumerate(listed)]
    if not files:
        sys.exit("tessera spark: the evidence paths hold no file")
    partitions = args.partitions or min(64, len(files))

    # Pass 1: what is always kept, to build the plan on the driver.
    t1 = time.time()
    first = normalize_pass(sc, files, tessera_name, "always", args.source_tz, partitions)
    first.persist(StorageLevel.MEMORY_AND_DISK)
    first_sources, _ = manifests_and_counts(first)
    work = tempfile.mkdtemp(prefix="tessera-plan-")
    try:
        plan_dir = os.path.join(work, "always")
        write_sorted_lines(first, os.path.join(plan_dir, "data"))
        first.unpersist()
        pass1_seconds = time.time() - t1
        write_manifest(plan_dir, "spark", True, first_sources, {"pass": 1}, [])
        store = os.path.join(work, "plan.db")
        subprocess.run([args.tessera, "ingest", "--store", store, plan_dir], check=True, stdout=subprocess.DEVNULL)
        plan_cmd = [args.tessera, "prune-plan", "--store", store]
        for option in ("policy", "aliases", "slack"):
            if getattr(args, option):
                plan_cmd += ["--" + option, getattr(args, option)]
        plan_text = subprocess.run(plan_cmd, check=True, capture_output=True, text=True).stdout
        plan_path = os.path.join(work, "tessera-keep-plan.json")
        with open(plan_path, "w", encoding="utf-8") as f:
            f.write(plan_text)
        plan = json.loads(plan_text)
        sc.addFile(plan_path)

        # Pass 2: every file again, keeping what the plan keeps.
        t2 = time.time()
        second = normalize_pass(sc, files, tessera_name, os.path.basename(plan_path), args.source_tz, partitions)
        second.persist(StorageLevel.MEMORY_AND_DISK)
        sources, counts = manifests_and_counts(second)
        for src, manifest in sources.items():
            before = first_sources.get(src)
            if before is None or before["sha256"] != manifest["sha256"]:
                raise RuntimeError(f"{manifest['path']} changed between the job's two passes (SHA-256 differs); re-run on a stable copy")
        write_sorted_lines(second, os.path.join(out, "data"))
        pass2_seconds = time.time() - t2
        second.unpersist()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    read = sum(m["records_read"] for m in sources.values())
    events_read = sum(m["events_stored"] for m in sources.values())
    kept = sum(m.get("records_kept", 0) for m in sources.values())
    events_kept = sum(m.get("events_kept", 0) for m in sources.values())
    plan_sha = hashlib.sha256(plan_text.encode("utf-8")).hexdigest()
    parameters = {
        "engine": "spark", "spark_version": sc.version, "master": args.master_label or sc.master,
        "application_id": sc.applicationId, "default_parallelism": sc.defaultParallelism, "partitions": partitions,
        "evidence": args.evidence, "support": args.support, "policy": args.policy, "aliases": args.aliases,
        "slack": args.slack, "source_tz": args.source_tz, "files": len(files), "sources": len(sources),
        "records_read": read, "events_read": events_read, "records_kept": kept, "events_kept": events_kept,
        "started_utc": datetime.datetime.fromtimestamp(started, datetime.timezone.utc).isoformat(timespec="seconds"),
        "finished_utc": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "pass1_seconds": round(pass1_seconds, 3), "pass2_seconds": round(pass2_seconds, 3),
        "plan_sha256": plan_sha, "plan": plan,
        "tool_version": next(iter(sources.values()))["tool_version"] if sources else "",
    }
    write_manifest(out, "spark", True, sources, parameters, counts)
    spark.stop()
    ratio = events_kept / events_read if events_read else 0
    print(f"tessera spark: {len(sources)} sources, {read} records read ({events_read} events); "
          f"kept {kept} records ({events_kept} events, {ratio:.4%}); pass 1 {pass1_seconds:.1f}s, pass 2 {pass2_seconds:.1f}s; "
          f"output {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
