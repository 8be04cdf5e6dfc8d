-- Schema version 5: optimizer groups, optimizing processes and their tasks.
-- Task input and output (the lakeward-rewrite-*-v1 JSON encodings) are kept only while a process is
-- alive; a finished process keeps its history (sizes, durations, errors) without them.
CREATE TABLE optimizer_group (
  group_name  VARCHAR(128) NOT NULL,
  container   VARCHAR(64)  NOT NULL,
  properties  CLOB,
  created_at  BIGINT       NOT NULL,
  updated_at  BIGINT       NOT NULL,
  CONSTRAINT pk_optimizer_group PRIMARY KEY (group_name)
);

CREATE TABLE optimizing_process (
  process_id              BIGINT        NOT NULL,
  catalog_name            VARCHAR(128)  NOT NULL,
  database_name           VARCHAR(128)  NOT NULL,
  table_name              VARCHAR(128)  NOT NULL,
  optimizer_group         VARCHAR(128)  NOT NULL,
  optimizing_type         VARCHAR(16)   NOT NULL,
  status                  VARCHAR(16)   NOT NULL,
  planned_snapshot_id     BIGINT        NOT NULL,
  quota                   DOUBLE        NOT NULL,
  max_retries             INTEGER       NOT NULL,
  task_count              INTEGER       NOT NULL,
  input_files             INTEGER       NOT NULL,
  input_delete_files      INTEGER       NOT NULL,
  input_bytes             BIGINT        NOT NULL,
  output_files            INTEGER,
  output_bytes            BIGINT,
  removable_deletes       BLOB(64M),
  committed_snapshot_id   BIGINT,
  created_at              BIGINT        NOT NULL,
  ended_at                BIGINT,
  fail_reason             VARCHAR(2048),
  CONSTRAINT pk_optimizing_process PRIMARY KEY (process_id)
);
CREATE INDEX ix_process_table ON optimizing_process (catalog_name, database_name, table_name);
CREATE INDEX ix_process_status ON optimizing_process (status);

CREATE TABLE optimizing_task (
  process_id        BIGINT        NOT NULL,
  task_index        INTEGER       NOT NULL,
  status            VARCHAR(16)   NOT NULL,
  attempt_id        INTEGER       NOT NULL,
  retry_count       INTEGER       NOT NULL,
  partition_path    VARCHAR(1024),
  input_files       INTEGER       NOT NULL,
  input_delete_files INTEGER      NOT NULL,
  input_bytes       BIGINT        NOT NULL,
  input_encoding    VARCHAR(64),
  input_data        BLOB(64M),
  output_encoding   VARCHAR(64),
  output_data       BLOB(64M),
  output_files      INTEGER,
  output_bytes      BIGINT,
  output_rows       BIGINT,
  optimizer_token   VARCHAR(64),
  thread_id         INTEGER,
  scheduled_at      BIGINT,
  acked_at          BIGINT,
  ended_at          BIGINT,
  duration_ms       BIGINT,
  fail_reason       VARCHAR(4000),
  CONSTRAINT pk_optimizing_task PRIMARY KEY (process_id, task_index)
);
CREATE INDEX ix_task_status ON optimizing_task (status);

ALTER TABLE table_runtime ADD COLUMN requested_type VARCHAR(16);
ALTER TABLE table_runtime ADD COLUMN last_planned_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE table_runtime ADD COLUMN process_id BIGINT;
