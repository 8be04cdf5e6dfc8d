-- Schema version 1: the catalog registry and the internal catalog's databases and table pointers.
CREATE TABLE catalog_metadata (
  catalog_name     VARCHAR(128) NOT NULL,
  catalog_type     VARCHAR(32)  NOT NULL,
  storage_configs  MEDIUMTEXT,
  properties       MEDIUMTEXT,
  created_at       BIGINT       NOT NULL,
  PRIMARY KEY (catalog_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE database_metadata (
  catalog_name      VARCHAR(128)  NOT NULL,
  database_name     VARCHAR(128)  NOT NULL,
  database_location VARCHAR(2048),
  properties        MEDIUMTEXT,
  created_at        BIGINT        NOT NULL,
  PRIMARY KEY (catalog_name, database_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE table_metadata (
  table_id                   BIGINT        NOT NULL AUTO_INCREMENT,
  catalog_name               VARCHAR(128)  NOT NULL,
  database_name              VARCHAR(128)  NOT NULL,
  table_name                 VARCHAR(128)  NOT NULL,
  table_format               VARCHAR(32)   NOT NULL,
  table_location             VARCHAR(2048),
  metadata_location          VARCHAR(2048) NOT NULL,
  previous_metadata_location VARCHAR(2048),
  properties                 MEDIUMTEXT,
  created_at                 BIGINT        NOT NULL,
  updated_at                 BIGINT        NOT NULL,
  PRIMARY KEY (table_id),
  UNIQUE KEY uq_table_metadata_name (catalog_name, database_name, table_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
