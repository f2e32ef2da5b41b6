-- Tessera event store schema (SQLite).
--
-- Investigators write SQL against these tables and views: they are a public contract,
-- documented in docs/schema.md. Columns may be added; none is ever renamed or removed.
--
-- Migrations: each section below headed "-- migration N:" takes a store from
-- PRAGMA user_version N-1 to N. A new store runs them all in order. Sections are
-- append-only: never edit one that has been released; add the next number instead.
-- Times are INTEGER microseconds since 1970-01-01T00:00:00Z (UTC), with the evidence's own
-- text kept beside them.

-- migration 1: evidence sources, events, rejects, timeline view
CREATE TABLE sources (
    source_id       INTEGER PRIMARY KEY,
    path            TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    size_bytes      INTEGER NOT NULL,
    plugin          TEXT NOT NULL,
    plugin_version  TEXT NOT NULL,
    format          TEXT,
    ingested_at     TEXT NOT NULL,
    records_read    INTEGER NOT NULL,
    records_stored  INTEGER NOT NULL,
    duplicates      INTEGER NOT NULL,
    rejects         INTEGER NOT NULL,
    events_stored   INTEGER NOT NULL,
    warnings        TEXT NOT NULL DEFAULT '[]',
    source_tz       TEXT,
    tool_version    TEXT NOT NULL,
    CHECK (records_read = records_stored + duplicates + rejects)
);
CREATE UNIQUE INDEX sources_sha256 ON sources(sha256);

CREATE TABLE events (
    event_id        INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources(source_id),
    locator         TEXT NOT NULL,
    ts_us           INTEGER NOT NULL,
    ts_raw          TEXT NOT NULL,
    timestamp_desc  TEXT NOT NULL,
    category        TEXT NOT NULL,
    operation       TEXT NOT NULL,
    action          TEXT NOT NULL,
    outcome         TEXT,
    actor           TEXT,
    actor_raw       TEXT,
    actor_type      TEXT,
    client_ip       TEXT,
    user_agent      TEXT,
    tenant          TEXT,
    resource_type   TEXT,
    resource        TEXT,
    resource_name   TEXT,
    session_id      TEXT,
    record_id       TEXT,
    dedup_key       TEXT NOT NULL UNIQUE,
    message         TEXT NOT NULL,
    details         TEXT NOT NULL DEFAULT '{}',
    raw             TEXT NOT NULL
);
CREATE INDEX events_ts ON events(ts_us);
CREATE INDEX events_actor ON events(actor, ts_us);
CREATE INDEX events_resource ON events(resource, ts_us);
CREATE INDEX events_client_ip ON events(client_ip, ts_us);
CREATE INDEX events_source ON events(source_id);

CREATE TABLE rejects (
    reject_id       INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources(source_id),
    locator         TEXT NOT NULL,
    reason          TEXT NOT NULL,
    raw             TEXT NOT NULL
);
CREATE INDEX rejects_source ON rejects(source_id);

CREATE VIEW timeline AS
SELECT strftime('%Y-%m-%dT%H:%M:%S', ts_us / 1000000, 'unixepoch')
           || printf('.%06dZ', ts_us % 1000000) AS time_utc,
       events.*
FROM events
ORDER BY ts_us, event_id;

-- migration 2: support interactions (vendor support logs, Customer Lockbox)
CREATE TABLE support_sessions (
    session_row_id   INTEGER PRIMARY KEY,
    source_id        INTEGER NOT NULL REFERENCES sources(source_id),
    locator          TEXT NOT NULL,
    dedup_key        TEXT NOT NULL UNIQUE,
    interaction_id   TEXT NOT NULL,
    kind             TEXT NOT NULL,
    engineer         TEXT,
    engineer_raw     TEXT,
    engineer_name    TEXT,
    engineer_country TEXT,
    engineer_site    TEXT,
    employer         TEXT,
    clearance        TEXT,
    tenant           TEXT,
    customer_class   TEXT,
    start_us         INTEGER NOT NULL,
    start_raw        TEXT NOT NULL,
    end_us           INTEGER,
    end_raw          TEXT,
    channel          TEXT,
    ticket_url       TEXT,
    approval         TEXT,
    status           TEXT,
    summary          TEXT,
    details          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX support_sessions_interaction ON support_sessions(interaction_id, start_us);
CREATE INDEX support_sessions_source ON support_sessions(source_id);

CREATE TABLE support_accounts (
    session_row_id    INTEGER NOT NULL REFERENCES support_sessions(session_row_id),
    interaction_id    TEXT NOT NULL,
    account           TEXT NOT NULL,
    account_canonical TEXT NOT NULL
);
CREATE INDEX support_accounts_canonical ON support_accounts(account_canonical);
CREATE INDEX support_accounts_session ON support_accounts(session_row_id);

CREATE TABLE support_ips (
    session_row_id  INTEGER NOT NULL REFERENCES support_sessions(session_row_id),
    interaction_id  TEXT NOT NULL,
    network         TEXT NOT NULL,
    prefix_length   INTEGER NOT NULL
);
CREATE INDEX support_ips_session ON support_ips(session_row_id);

CREATE TABLE support_scope (
    session_row_id  INTEGER NOT NULL REFERENCES support_sessions(session_row_id),
    interaction_id  TEXT NOT NULL,
    item            TEXT NOT NULL,
    item_canonical  TEXT NOT NULL
);
CREATE INDEX support_scope_session ON support_scope(session_row_id);

-- One row per interaction (ticket, case or Lockbox request), rebuilt from support_sessions
-- whenever a source is added or replaced.
CREATE TABLE support_interactions (
    interaction_id   TEXT PRIMARY KEY,
    kinds            TEXT NOT NULL,
    engineers        TEXT,
    tenant           TEXT,
    customer_class   TEXT,
    ticket_url       TEXT,
    approval         TEXT,
    summary          TEXT,
    first_start_us   INTEGER NOT NULL,
    last_end_us      INTEGER,
    session_count    INTEGER NOT NULL,
    open_sessions    INTEGER NOT NULL
);

CREATE VIEW support_timeline AS
SELECT s.interaction_id, s.kind, s.engineer, s.engineer_country, s.employer, s.clearance,
       s.tenant, s.customer_class,
       strftime('%Y-%m-%dT%H:%M:%S', s.start_us / 1000000, 'unixepoch') || printf('.%06dZ', s.start_us % 1000000) AS start_utc,
       CASE WHEN s.end_us IS NULL THEN NULL ELSE
       strftime('%Y-%m-%dT%H:%M:%S', s.end_us / 1000000, 'unixepoch') || printf('.%06dZ', s.end_us % 1000000) END AS end_utc,
       s.status, s.summary, s.source_id, s.locator, s.session_row_id
FROM support_sessions s
ORDER BY s.start_us, s.session_row_id;

-- migration 3: correlation results (interactions, access, findings), identities, runs
-- Written only by `tessera correlate`, which replaces every table below except `correlation_runs`
-- in one transaction per run. docs/schema.md documents them.

-- Two partial indexes so correlation never scans `events`: events of the vendor's pseudo- and
-- support actor types, and the identifiers of one logon that an event's details name (Exchange
-- audit: SID, DN, display name, UPN), indexed as one JSON array so correlation reads the
-- distinct logons from the index alone. Rows outside each condition cost one text test on insert.
CREATE INDEX events_support_actor_type ON events(actor_type, ts_us)
    WHERE actor_type IN ('support_engineer', 'microsoft_datacenter', 'microsoft_operator', 'partner_technician');
CREATE INDEX events_logon_identity ON events(
    CASE WHEN json_valid(details) THEN json_extract(details, '$.logon_user_sid', '$.logon_user_dn',
                                                    '$.logon_user_display_name', '$.logon_user_upn') END)
    WHERE instr(details, '"logon_user_') > 0;

CREATE TABLE correlation_runs (
    run_id          INTEGER PRIMARY KEY,
    started_utc     TEXT NOT NULL,
    finished_utc    TEXT NOT NULL,
    tool_version    TEXT NOT NULL,
    parameters      TEXT NOT NULL,
    policy_source   TEXT NOT NULL,
    policy_sha256   TEXT NOT NULL,
    aliases_path    TEXT,
    aliases_sha256  TEXT,
    geoip_path      TEXT,
    geoip_sha256    TEXT,
    summary         TEXT NOT NULL,
    warnings        TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE identities (
    identity_id     INTEGER PRIMARY KEY,
    label           TEXT NOT NULL,
    kind            TEXT NOT NULL
);

CREATE TABLE identity_aliases (
    alias           TEXT NOT NULL,
    identity_id     INTEGER NOT NULL REFERENCES identities(identity_id),
    alias_type      TEXT NOT NULL,
    origin          TEXT NOT NULL,
    first_evidence  TEXT NOT NULL,
    occurrences     INTEGER NOT NULL,
    PRIMARY KEY (alias, origin)
);
CREATE INDEX identity_aliases_identity ON identity_aliases(identity_id);

CREATE TABLE interaction_windows (
    session_row_id   INTEGER PRIMARY KEY REFERENCES support_sessions(session_row_id),
    interaction_id   TEXT NOT NULL,
    kind             TEXT NOT NULL,
    engineer         TEXT,
    start_us         INTEGER NOT NULL,
    end_us           INTEGER,
    end_rule         TEXT NOT NULL,
    window_start_us  INTEGER,
    window_end_us    INTEGER,
    window_start_utc TEXT,
    window_end_utc   TEXT,
    session_event_id INTEGER
);
CREATE INDEX interaction_windows_interaction ON interaction_windows(interaction_id);

CREATE TABLE interactions (
    interaction_id   TEXT PRIMARY KEY,
    engineer         TEXT,
    engineer_country TEXT,
    clearance        TEXT,
    tenant           TEXT,
    customer_class   TEXT,
    start_utc        TEXT NOT NULL,
    end_utc          TEXT,
    session_count    INTEGER NOT NULL,
    event_count      INTEGER NOT NULL,
    resource_count   INTEGER NOT NULL,
    finding_count    INTEGER NOT NULL,
    start_us         INTEGER NOT NULL,
    end_us           INTEGER
);

CREATE TABLE attributions (
    event_id        INTEGER NOT NULL REFERENCES events(event_id),
    interaction_id  TEXT NOT NULL,
    session_row_id  INTEGER NOT NULL,
    engineer        TEXT,
    matched_by      TEXT NOT NULL,
    overlap         INTEGER NOT NULL,
    PRIMARY KEY (event_id, interaction_id)
);
CREATE INDEX attributions_interaction ON attributions(interaction_id);

CREATE TABLE interaction_access (
    interaction_id  TEXT NOT NULL,
    engineer        TEXT,
    actor           TEXT,
    resource_type   TEXT,
    resource        TEXT,
    resource_name   TEXT,
    action          TEXT NOT NULL,
    first_utc       TEXT NOT NULL,
    last_utc        TEXT NOT NULL,
    event_count     INTEGER NOT NULL,
    client_ips      TEXT NOT NULL,
    first_us        INTEGER NOT NULL,
    last_us         INTEGER NOT NULL
);
CREATE INDEX interaction_access_interaction ON interaction_access(interaction_id);

CREATE TABLE interaction_overlaps (
    interaction_id        TEXT NOT NULL,
    other_interaction_id  TEXT NOT NULL,
    engineer              TEXT NOT NULL,
    overlap_start_utc     TEXT NOT NULL,
    overlap_end_utc       TEXT NOT NULL,
    overlap_start_us      INTEGER NOT NULL,
    overlap_end_us        INTEGER NOT NULL
);

CREATE TABLE findings (
    finding_id      INTEGER PRIMARY KEY,
    interaction_id  TEXT,
    rule            TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
    summary         TEXT NOT NULL,
    first_utc       TEXT,
    last_utc        TEXT,
    evidence        TEXT NOT NULL,
    first_us        INTEGER,
    last_us         INTEGER
);
CREATE INDEX findings_interaction ON findings(interaction_id);

CREATE TABLE finding_evidence (
    finding_id      INTEGER NOT NULL REFERENCES findings(finding_id),
    event_id        INTEGER NOT NULL REFERENCES events(event_id),
    PRIMARY KEY (finding_id, event_id)
);
CREATE INDEX finding_evidence_event ON finding_evidence(event_id);

CREATE TABLE unattributed_support_access (
    event_id        INTEGER PRIMARY KEY REFERENCES events(event_id),
    time_utc        TEXT NOT NULL,
    ts_us           INTEGER NOT NULL,
    identity        TEXT NOT NULL,
    actor           TEXT,
    actor_type      TEXT,
    client_ip       TEXT,
    action          TEXT NOT NULL,
    resource_type   TEXT,
    resource        TEXT,
    resource_name   TEXT,
    source_id       INTEGER NOT NULL,
    locator         TEXT NOT NULL
);

-- Every attributed event with its interaction, in time order (one row per event and interaction).
CREATE VIEW interaction_timeline AS
SELECT a.interaction_id, a.engineer, a.matched_by, a.overlap,
       strftime('%Y-%m-%dT%H:%M:%S', e.ts_us / 1000000, 'unixepoch') || printf('.%06dZ', e.ts_us % 1000000) AS time_utc,
       e.*
FROM attributions a JOIN events e ON e.event_id = a.event_id
ORDER BY a.interaction_id, e.ts_us, e.event_id;

-- migration 4: each record's raw text stored once; `events` becomes a view with the same columns
-- A record that yields several events (a mailbox audit entry listing five items, a
-- MailItemsAccessed record touching twenty messages) used to carry its whole raw text on every
-- event. `records` now keeps it once, with the record's deduplication key; `event_rows` holds the
-- normalized events; the view `events` joins the two and has exactly the columns the table had,
-- in the same order, so every query written against `events` keeps working.
-- `records.record_row_id` is the `event_id` of the record's first event.
CREATE TABLE records (
    record_row_id   INTEGER PRIMARY KEY,
    source_id       INTEGER NOT NULL REFERENCES sources(source_id),
    locator         TEXT NOT NULL,
    dedup_key       TEXT NOT NULL UNIQUE,
    raw             TEXT NOT NULL
);

CREATE TABLE event_rows (
    event_id        INTEGER PRIMARY KEY,
    record_row_id   INTEGER NOT NULL REFERENCES records(record_row_id),
    source_id       INTEGER NOT NULL REFERENCES sources(source_id),
    locator         TEXT NOT NULL,
    ts_us           INTEGER NOT NULL,
    ts_raw          TEXT NOT NULL,
    timestamp_desc  TEXT NOT NULL,
    category        TEXT NOT NULL,
    operation       TEXT NOT NULL,
    action          TEXT NOT NULL,
    outcome         TEXT,
    actor           TEXT,
    actor_raw       TEXT,
    actor_type      TEXT,
    client_ip       TEXT,
    user_agent      TEXT,
    tenant          TEXT,
    resource_type   TEXT,
    resource        TEXT,
    resource_name   TEXT,
    session_id      TEXT,
    record_id       TEXT,
    dedup_key       TEXT NOT NULL,
    message         TEXT NOT NULL,
    details         TEXT NOT NULL DEFAULT '{}',
    -- The identifiers of one logon that `details` names, as the JSON array
    -- [logon_user_sid, logon_user_dn, logon_user_display_name, logon_user_upn] (NULL when it
    -- names none): what correlation reads to tie a SID, DN and display name together. Kept in a
    -- column because the expression index it replaces parsed every event's details on insert.
    logon_identity  TEXT
);

-- Events of stores written before this migration keep one record each (their raw text was
-- already stored per event); only sources ingested from now on share one record.
INSERT INTO records (record_row_id, source_id, locator, dedup_key, raw)
SELECT event_id, source_id, locator, dedup_key, raw FROM events ORDER BY event_id;
INSERT INTO event_rows (event_id, record_row_id, source_id, locator, ts_us, ts_raw, timestamp_desc, category,
                        operation, action, outcome, actor, actor_raw, actor_type, client_ip, user_agent, tenant,
                        resource_type, resource, resource_name, session_id, record_id, dedup_key, message, details,
                        logon_identity)
SELECT event_id, event_id, source_id, locator, ts_us, ts_raw, timestamp_desc, category,
       operation, action, outcome, actor, actor_raw, actor_type, client_ip, user_agent, tenant,
       resource_type, resource, resource_name, session_id, record_id, dedup_key, message, details,
       CASE WHEN instr(details, '"logon_user_') > 0 AND json_valid(details)
            THEN json_extract(details, '$.logon_user_sid', '$.logon_user_dn', '$.logon_user_display_name',
                              '$.logon_user_upn') END
FROM events ORDER BY event_id;
DROP INDEX events_logon_identity;
DROP TABLE events;

CREATE INDEX records_source ON records(source_id);
CREATE INDEX events_ts ON event_rows(ts_us);
CREATE INDEX events_actor ON event_rows(actor, ts_us);
CREATE INDEX events_resource ON event_rows(resource, ts_us);
CREATE INDEX events_client_ip ON event_rows(client_ip, ts_us);
CREATE INDEX events_source ON event_rows(source_id);
CREATE INDEX events_support_actor_type ON event_rows(actor_type, ts_us)
    WHERE actor_type IN ('support_engineer', 'microsoft_datacenter', 'microsoft_operator', 'partner_technician');
CREATE INDEX events_logon_identity ON event_rows(logon_identity) WHERE logon_identity IS NOT NULL;

-- `raw` is a subquery, evaluated only for a query that reads it: counting or filtering events
-- never touches the (large) records.
CREATE VIEW events AS
SELECT e.event_id, e.source_id, e.locator, e.ts_us, e.ts_raw, e.timestamp_desc, e.category, e.operation,
       e.action, e.outcome, e.actor, e.actor_raw, e.actor_type, e.client_ip, e.user_agent, e.tenant,
       e.resource_type, e.resource, e.resource_name, e.session_id, e.record_id, e.dedup_key, e.message,
       e.details, (SELECT r.raw FROM records r WHERE r.record_row_id = e.record_row_id) AS raw
FROM event_rows e;

-- Writing one event through the view stores it as a record of its own (tools and test fixtures
-- that insert into `events` keep working; `tessera ingest` writes the two tables directly).
CREATE TRIGGER events_insert INSTEAD OF INSERT ON events
BEGIN
    INSERT INTO records (record_row_id, source_id, locator, dedup_key, raw)
    VALUES (coalesce(NEW.event_id, (SELECT coalesce(max(event_id), 0) + 1 FROM event_rows)),
            NEW.source_id, NEW.locator, NEW.dedup_key, NEW.raw);
    INSERT INTO event_rows (event_id, record_row_id, source_id, locator, ts_us, ts_raw, timestamp_desc, category,
                            operation, action, outcome, actor, actor_raw, actor_type, client_ip, user_agent, tenant,
                            resource_type, resource, resource_name, session_id, record_id, dedup_key, message, details,
                            logon_identity)
    VALUES (last_insert_rowid(), last_insert_rowid(), NEW.source_id, NEW.locator, NEW.ts_us, NEW.ts_raw,
            NEW.timestamp_desc, NEW.category, NEW.operation, NEW.action, NEW.outcome, NEW.actor, NEW.actor_raw,
            NEW.actor_type, NEW.client_ip, NEW.user_agent, NEW.tenant, NEW.resource_type, NEW.resource,
            NEW.resource_name, NEW.session_id, NEW.record_id, NEW.dedup_key, NEW.message, coalesce(NEW.details, '{}'),
            CASE WHEN instr(NEW.details, '"logon_user_') > 0 AND json_valid(NEW.details)
                 THEN json_extract(NEW.details, '$.logon_user_sid', '$.logon_user_dn', '$.logon_user_display_name',
                                   '$.logon_user_upn') END);
END;

-- migration 5: tenants on interaction_access, Lockbox windows from approval (issue 17)
ALTER TABLE interaction_access ADD COLUMN tenant TEXT;
-- Where each window's start comes from: session_start, lockbox_created or lockbox_approval;
-- for the last, the approval's time and the support session (UAL approval record) that holds it.
ALTER TABLE interaction_windows ADD COLUMN window_basis TEXT;
ALTER TABLE interaction_windows ADD COLUMN approval_us INTEGER;
ALTER TABLE interaction_windows ADD COLUMN approval_session_row_id INTEGER;
-- Per interaction, the tenants its attributed events belong to (NULL: the evidence names none).
CREATE VIEW interaction_tenants AS
SELECT interaction_id, tenant, sum(event_count) AS event_count, min(first_us) AS first_us, max(last_us) AS last_us
FROM interaction_access GROUP BY interaction_id, tenant;
-- migration 6: analyst triage: append-only, hash-chained annotations of findings, events, interactions
-- A verdict, tags and a comment on a finding, an event or an interaction, with who and when. Rows are
-- never updated or deleted (the triggers refuse it): a changed verdict is a new row. Targets are
-- stable keys that survive `tessera correlate` re-runs (docs/schema.md: never row ids):
--   event        <source sha256>:<locator>, plus #<n> for the n-th further event of one record
--   interaction  the interaction id
--   finding      <rule>|<interaction id>|<SHA-256 of its evidence events' keys, sorted, one per line>
-- `row_sha256` is the SHA-256 of the row's content and `prev_sha256` (the previous row's
-- `row_sha256`, 64 zeros for the first row); `tessera verify` recomputes the chain.
CREATE TABLE annotations (
    annotation_id   INTEGER PRIMARY KEY,
    target_kind     TEXT NOT NULL CHECK (target_kind IN ('finding', 'event', 'interaction')),
    target_key      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('confirmed', 'false-positive', 'benign', 'needs-review')),
    tags            TEXT NOT NULL DEFAULT '[]',
    comment         TEXT,
    analyst         TEXT NOT NULL,
    created_utc     TEXT NOT NULL,
    prev_sha256     TEXT NOT NULL,
    row_sha256      TEXT NOT NULL UNIQUE
);
CREATE INDEX annotations_target ON annotations(target_kind, target_key, annotation_id);

CREATE TRIGGER annotations_no_update BEFORE UPDATE ON annotations
BEGIN
    SELECT RAISE(ABORT, 'annotations are append-only: record a changed verdict with `tessera triage`, which adds a row');
END;
CREATE TRIGGER annotations_no_delete BEFORE DELETE ON annotations
BEGIN
    SELECT RAISE(ABORT, 'annotations are append-only: they are never deleted');
END;

-- The latest annotation of each target, with how many rows its history has and the latest
-- comment given (a row may change the verdict or tags without a comment).
CREATE VIEW current_annotations AS
SELECT a.target_kind, a.target_key, a.status, a.tags, a.comment,
       (SELECT c.comment FROM annotations c WHERE c.target_kind = a.target_kind AND c.target_key = a.target_key
          AND c.comment IS NOT NULL ORDER BY c.annotation_id DESC LIMIT 1) AS latest_comment,
       a.analyst, a.created_utc, a.annotation_id,
       (SELECT count(*) FROM annotations h WHERE h.target_kind = a.target_kind AND h.target_key = a.target_key) AS history_count
FROM annotations a
WHERE a.annotation_id = (SELECT max(m.annotation_id) FROM annotations m
                         WHERE m.target_kind = a.target_kind AND m.target_key = a.target_key);

-- Every event with its stable triage key (join to current_annotations on target_kind = 'event').
CREATE VIEW event_keys AS
SELECT e.event_id,
       s.sha256 || ':' || e.locator
           || CASE WHEN e.event_id > e.record_row_id THEN '#' || (e.event_id - e.record_row_id) ELSE '' END AS target_key
FROM event_rows e JOIN sources s ON s.source_id = e.source_id;
-- migration 7: Sigma detections (`tessera detect`): runs, the rules each run read, and their hits
-- Written only by `tessera detect`. A run replaces `detection_rules` and `detections` in one
-- transaction; `detection_runs` keeps one row per run (the history).
CREATE TABLE detection_runs (
    run_id          INTEGER PRIMARY KEY,
    started_utc     TEXT NOT NULL,
    finished_utc    TEXT,
    tool_version    TEXT NOT NULL,
    rule_paths      TEXT NOT NULL,             -- JSON: [{"path": ..., "files": [{"file": ..., "sha256": ...}]}]
    mapping_files   TEXT NOT NULL DEFAULT '[]', -- JSON: [{"path": ..., "sha256": ...}] (user extensions)
    parameters      TEXT NOT NULL,             -- JSON: level, statuses, strict
    rules_read      INTEGER NOT NULL DEFAULT 0,
    rules_evaluated INTEGER NOT NULL DEFAULT 0,
    rules_not_evaluated INTEGER NOT NULL DEFAULT 0,
    rules_filtered  INTEGER NOT NULL DEFAULT 0,
    detections      INTEGER NOT NULL DEFAULT 0,
    findings        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE detection_rules (
    run_id          INTEGER NOT NULL REFERENCES detection_runs(run_id),
    rule_id         TEXT NOT NULL,
    title           TEXT NOT NULL,
    level           TEXT NOT NULL,
    status          TEXT NOT NULL,
    tags            TEXT NOT NULL,             -- JSON array
    rule_path       TEXT NOT NULL,             -- relative to its --rules path
    rules_root      TEXT NOT NULL,             -- that --rules path
    sha256          TEXT NOT NULL,
    logsource       TEXT NOT NULL,             -- as the rule states it
    mapping         TEXT,                      -- the mapping entry that serves it, NULL when none
    state           TEXT NOT NULL CHECK (state IN ('evaluated', 'no_events', 'unknown_logsource', 'unsupported', 'filtered')),
    reason          TEXT,
    hits            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, rule_id)
);

CREATE TABLE detections (
    detection_id    INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES detection_runs(run_id),
    rule_id         TEXT NOT NULL,
    title           TEXT NOT NULL,
    level           TEXT NOT NULL,
    status          TEXT NOT NULL,
    tags            TEXT NOT NULL,             -- JSON array
    event_id        INTEGER NOT NULL,          -- the matched record's first event
    rule_path       TEXT NOT NULL
);
CREATE INDEX detections_event ON detections(event_id);
CREATE INDEX detections_rule ON detections(rule_id, event_id);

CREATE VIEW detection_summary AS
SELECT d.rule_id, d.title, d.level, d.status, d.tags, d.rule_path,
       count(*) AS hits,
       strftime('%Y-%m-%dT%H:%M:%S', min(e.ts_us) / 1000000, 'unixepoch') || printf('.%06dZ', min(e.ts_us) % 1000000) AS first_utc,
       strftime('%Y-%m-%dT%H:%M:%S', max(e.ts_us) / 1000000, 'unixepoch') || printf('.%06dZ', max(e.ts_us) % 1000000) AS last_utc,
       count(DISTINCT e.actor) AS distinct_actors,
       min(e.ts_us) AS first_us, max(e.ts_us) AS last_us
FROM detections d JOIN event_rows e ON e.event_id = d.event_id
GROUP BY d.rule_id
ORDER BY CASE d.level WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, d.rule_id;
-- migration 8: data once per record: further events store only the details text they do not share
-- The events of one record (an Exchange <Event> listing five items, a MailItemsAccessed record
-- touching twenty messages) carry the same leading details members: the record's attributes or
-- AuditData members, then what is per event (item id, subject, folder). From now on a record's
-- first event keeps its whole `details`; each further event stores only the text after the prefix
-- it shares with the first event's, and `details_shared` says how many characters that prefix
-- has (NULL: `details` is whole, as in every row written before this migration). The view
-- `events` puts the text together again, so its `details` column is exactly what it was.
ALTER TABLE event_rows ADD COLUMN details_shared INTEGER;

DROP VIEW events;
CREATE VIEW events AS
SELECT e.event_id, e.source_id, e.locator, e.ts_us, e.ts_raw, e.timestamp_desc, e.category, e.operation,
       e.action, e.outcome, e.actor, e.actor_raw, e.actor_type, e.client_ip, e.user_agent, e.tenant,
       e.resource_type, e.resource, e.resource_name, e.session_id, e.record_id, e.dedup_key, e.message,
       CASE WHEN e.details_shared IS NULL THEN e.details
            ELSE substr((SELECT f.details FROM event_rows f WHERE f.event_id = e.record_row_id), 1, e.details_shared)
                 || e.details END AS details,
       (SELECT r.raw FROM records r WHERE r.record_row_id = e.record_row_id) AS raw
FROM event_rows e;

-- Dropping the view dropped its trigger: the same trigger as migration 4's (one event, one record,
-- whole details).
CREATE TRIGGER events_insert INSTEAD OF INSERT ON events
BEGIN
    INSERT INTO records (record_row_id, source_id, locator, dedup_key, raw)
    VALUES (coalesce(NEW.event_id, (SELECT coalesce(max(event_id), 0) + 1 FROM event_rows)),
            NEW.source_id, NEW.locator, NEW.dedup_key, NEW.raw);
    INSERT INTO event_rows (event_id, record_row_id, source_id, locator, ts_us, ts_raw, timestamp_desc, category,
                            operation, action, outcome, actor, actor_raw, actor_type, client_ip, user_agent, tenant,
                            resource_type, resource, resource_name, session_id, record_id, dedup_key, message, details,
                            logon_identity)
    VALUES (last_insert_rowid(), last_insert_rowid(), NEW.source_id, NEW.locator, NEW.ts_us, NEW.ts_raw,
            NEW.timestamp_desc, NEW.category, NEW.operation, NEW.action, NEW.outcome, NEW.actor, NEW.actor_raw,
            NEW.actor_type, NEW.client_ip, NEW.user_agent, NEW.tenant, NEW.resource_type, NEW.resource,
            NEW.resource_name, NEW.session_id, NEW.record_id, NEW.dedup_key, NEW.message, coalesce(NEW.details, '{}'),
            CASE WHEN instr(NEW.details, '"logon_user_') > 0 AND json_valid(NEW.details)
                 THEN json_extract(NEW.details, '$.logon_user_sid', '$.logon_user_dn', '$.logon_user_display_name',
                                   '$.logon_user_upn') END);
END;


-- migration 9: stores built from `tessera normalize` output, pruned or not (issue 15, Spark)
-- One row per import of a normalized output directory (`tessera ingest DIR`); `parameters` holds
-- what made it: for a Spark prune the job's master, evidence, policy, aliases, slack and plan.
CREATE TABLE normalized_imports (
    import_id       INTEGER PRIMARY KEY,
    imported_at     TEXT NOT NULL,
    directory       TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,             -- of the directory's tessera-normalized.json
    engine          TEXT NOT NULL,             -- 'normalize' (every record) or 'spark' (a prune)
    pruned          INTEGER NOT NULL,          -- 1 when records were left out by a keep-rule
    parameters      TEXT NOT NULL DEFAULT '{}' -- JSON
);

-- Per source of such an import: what normalize read in the evidence file (its manifest, kept
-- whole), beside what the store holds of it (`sources`). For an unpruned import the two agree.
CREATE TABLE source_manifests (
    source_id       INTEGER PRIMARY KEY REFERENCES sources(source_id),
    import_id       INTEGER NOT NULL REFERENCES normalized_imports(import_id),
    records_read    INTEGER NOT NULL,
    records_stored  INTEGER NOT NULL,          -- records normalize parsed (in-file duplicates removed)
    duplicates      INTEGER NOT NULL,          -- in-file duplicates
    rejects         INTEGER NOT NULL,
    events_stored   INTEGER NOT NULL,
    records_kept    INTEGER NOT NULL,          -- records of the output (all of them when not pruned)
    events_kept     INTEGER NOT NULL,
    CHECK (records_read = records_stored + duplicates + rejects),
    CHECK (records_kept <= records_stored AND events_kept <= events_stored)
);

-- Events read (before the prune) per source, UTC day and category, as the Spark job counted them.
CREATE TABLE prune_event_counts (
    import_id       INTEGER NOT NULL REFERENCES normalized_imports(import_id),
    source_sha256   TEXT NOT NULL,
    day             TEXT NOT NULL,             -- YYYY-MM-DD (UTC)
    category        TEXT NOT NULL,
    events          INTEGER NOT NULL
);
CREATE INDEX prune_event_counts_import ON prune_event_counts(import_id, source_sha256);
