-- Schema version 3: every table the AMS manages, in any catalog, as found by the catalog scan.
CREATE TABLE managed_table (
  table_id      BIGINT       NOT NULL AUTO_INCREMENT,
  catalog_name  VARCHAR(128) NOT NULL,
  database_name VARCHAR(128) NOT NULL,
  table_name    VARCHAR(128) NOT NULL,
  discovered_at BIGINT       NOT NULL,
  PRIMARY KEY (table_id),
  UNIQUE KEY uq_managed_table_name (catalog_name, database_name, table_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE catalog_scan (
  catalog_name    VARCHAR(128)  NOT NULL,
  last_scan_at    BIGINT        NOT NULL,
  last_success_at BIGINT,
  last_error      VARCHAR(2048),
  table_count     INT           NOT NULL,
  PRIMARY KEY (catalog_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
