-- Schema version 7: the optimizer applications the AMS launched through its containers (local,
-- spark), with how each ended. Ended rows are kept for ams.self-optimizing.history-retention.
CREATE TABLE optimizer_application (
  application_id     BIGINT        NOT NULL,
  group_name         VARCHAR(128)  NOT NULL,
  container          VARCHAR(64)   NOT NULL,
  resource_id        VARCHAR(128)  NOT NULL,
  launch_reason      VARCHAR(32)   NOT NULL,
  parallelism        INTEGER       NOT NULL,
  idle_exit_seconds  BIGINT        NOT NULL,
  status             VARCHAR(16)   NOT NULL,
  host               VARCHAR(256),
  pid                BIGINT,
  spark_app_id       VARCHAR(256),
  submission_id      VARCHAR(256),
  log_path           VARCHAR(1024),
  started_at         BIGINT        NOT NULL,
  registered_at      BIGINT,
  last_seen_at       BIGINT,
  ended_at           BIGINT,
  exit_code          INTEGER,
  message            VARCHAR(2048),
  CONSTRAINT pk_optimizer_application PRIMARY KEY (application_id),
  CONSTRAINT uq_optimizer_application_resource UNIQUE (resource_id)
);
CREATE INDEX ix_application_group ON optimizer_application (group_name, started_at);
CREATE INDEX ix_application_status ON optimizer_application (status);
