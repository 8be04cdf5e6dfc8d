-- Schema version 2: catalog update times, table blockers and optimizer registrations.
ALTER TABLE catalog_metadata ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE catalog_metadata SET updated_at = created_at;

CREATE TABLE table_blocker (
  blocker_id    VARCHAR(64)  NOT NULL,
  catalog_name  VARCHAR(128) NOT NULL,
  database_name VARCHAR(128) NOT NULL,
  table_name    VARCHAR(128) NOT NULL,
  operations    VARCHAR(256) NOT NULL,
  created_at    BIGINT       NOT NULL,
  expires_at    BIGINT       NOT NULL,
  ttl_ms        BIGINT       NOT NULL,
  properties    MEDIUMTEXT,
  PRIMARY KEY (blocker_id),
  KEY ix_table_blocker_table (catalog_name, database_name, table_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE optimizer (
  token             VARCHAR(64)  NOT NULL,
  group_name        VARCHAR(128) NOT NULL,
  thread_count      INT          NOT NULL,
  memory_mb         INT          NOT NULL,
  host              VARCHAR(256),
  resource_id       VARCHAR(256),
  properties        MEDIUMTEXT,
  registered_at     BIGINT       NOT NULL,
  last_heartbeat_at BIGINT       NOT NULL,
  PRIMARY KEY (token)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
