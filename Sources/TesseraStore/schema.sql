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
