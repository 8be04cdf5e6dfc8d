-- Schema version 8: the history of table maintenance runs (snapshot expiration, orphan file
-- cleaning, dangling delete cleaning, data expiration, automatic tags). Ended rows are kept for
-- ams.maintenance.history-retention.
CREATE TABLE maintenance_process (
  process_id     BIGINT        NOT NULL,
  catalog_name   VARCHAR(128)  NOT NULL,
  database_name  VARCHAR(128)  NOT NULL,
  table_name     VARCHAR(128)  NOT NULL,
  action         VARCHAR(32)   NOT NULL,
  trigger_kind   VARCHAR(16)   NOT NULL,
  dry_run        SMALLINT      NOT NULL,
  status         VARCHAR(16)   NOT NULL,
  started_at     BIGINT        NOT NULL,
  ended_at       BIGINT,
  metrics        VARCHAR(4000),
  summary        VARCHAR(2048),
  fail_reason    VARCHAR(4000),
  PRIMARY KEY (process_id),
  KEY ix_maintenance_table (catalog_name, database_name, table_name, action),
  KEY ix_maintenance_status (status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
