/*
 * Catalog service of the AMS (default port 1260).
 *
 * Engines reach it through the URI thrift://<ams-host>:1260/<catalog-name>. The AMS keeps, per
 * table, the location of the current Iceberg metadata file; engines write metadata files themselves
 * and swap the pointer with commitTable, a compare-and-set on the previous location.
 */
namespace java io.lakeward.api

include "lakeward_common.thrift"

struct TableIdentifier {
  1: optional string catalog,
  2: optional string database,
  3: optional string table
}

/** A catalog as the AMS serves it: its type and the storage settings engines need to read its files. */
struct CatalogMeta {
  1: optional string name,
  /** internal, hive, hadoop or custom. */
  2: optional string type,
  /** Storage settings (warehouse, Hadoop site files, S3 endpoint/region/credentials). */
  3: optional map<string, string> storageConfigs,
  /** Catalog properties, including table-formats and table.* defaults for new tables. */
  4: optional map<string, string> properties
}

struct DatabaseMeta {
  1: optional string catalog,
  2: optional string name,
  3: optional string location,
  4: optional map<string, string> properties
}

struct TableMeta {
  1: optional TableIdentifier identifier,
  /** Table format, ICEBERG for now. */
  2: optional string format,
  3: optional string metadataLocation,
  4: optional string previousMetadataLocation,
  5: optional string location,
  6: optional map<string, string> properties,
  7: optional i64 createdAtMillis,
  8: optional i64 updatedAtMillis
}

struct CommitTableRequest {
  1: optional TableIdentifier identifier,
  /** The metadata location the committer read; the commit succeeds only if it is still current. */
  2: optional string expectedMetadataLocation,
  3: optional string newMetadataLocation,
  4: optional map<string, string> properties
}

/** What a blocker holds off. */
enum BlockableOperation {
  OPTIMIZING = 1,
  MAINTENANCE = 2
}

struct BlockRequest {
  1: optional TableIdentifier identifier,
  2: optional list<BlockableOperation> operations,
  /** Requested lifetime; the server caps it at its configured maximum. */
  3: optional i64 ttlMillis,
  4: optional map<string, string> properties
}

struct Blocker {
  1: optional string blockerId,
  2: optional TableIdentifier identifier,
  3: optional list<BlockableOperation> operations,
  4: optional i64 createdAtMillis,
  5: optional i64 expiresAtMillis,
  6: optional map<string, string> properties
}

service CatalogService {

  lakeward_common.PingResponse ping()

  list<CatalogMeta> listCatalogs()
      throws (1: lakeward_common.UnauthorizedException unauthorized)

  CatalogMeta getCatalog(1: string name)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  list<string> listDatabases(1: string catalog)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  DatabaseMeta getDatabase(1: string catalog, 2: string database)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  void createDatabase(1: DatabaseMeta database)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.AlreadyExistsException alreadyExists,
              3: lakeward_common.InvalidInputException invalidInput,
              4: lakeward_common.UnauthorizedException unauthorized)

  /** Replaces the database's properties (its location cannot change). */
  void alterDatabase(1: DatabaseMeta database)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  /** Refuses with ConflictException(NOT_EMPTY) while the database holds tables. */
  void dropDatabase(1: string catalog, 2: string database)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.ConflictException conflict,
              3: lakeward_common.InvalidInputException invalidInput,
              4: lakeward_common.UnauthorizedException unauthorized)

  list<TableIdentifier> listTables(1: string catalog, 2: string database)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  TableMeta getTable(1: TableIdentifier identifier)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  TableMeta createTable(1: TableMeta table)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.AlreadyExistsException alreadyExists,
              3: lakeward_common.InvalidInputException invalidInput,
              4: lakeward_common.UnauthorizedException unauthorized)

  /** Removes the table from the catalog; with purge the AMS also deletes its files. */
  void dropTable(1: TableIdentifier identifier, 2: bool purge)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  /** Moves a table to a new name in the same catalog; AlreadyExists when the target is taken. */
  void renameTable(1: TableIdentifier source, 2: TableIdentifier target)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.AlreadyExistsException alreadyExists,
              3: lakeward_common.InvalidInputException invalidInput,
              4: lakeward_common.UnauthorizedException unauthorized)

  /**
   * Swaps the table's metadata location from expectedMetadataLocation to newMetadataLocation in one
   * transaction. ConflictException(COMMIT_CONFLICT) when the current location is no longer the
   * expected one: the caller must refresh and retry; its new metadata file was not adopted.
   */
  TableMeta commitTable(1: CommitTableRequest request)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.ConflictException conflict,
              3: lakeward_common.InvalidInputException invalidInput,
              4: lakeward_common.UnauthorizedException unauthorized)

  /** Holds off the given operations on a table until the blocker expires or is released. */
  Blocker block(1: BlockRequest request)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  /** Extends a live blocker by its original lifetime; returns the new expiry (epoch millis). */
  i64 renewBlocker(1: TableIdentifier identifier, 2: string blockerId)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  void releaseBlocker(1: TableIdentifier identifier, 2: string blockerId)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)

  /** Live (unexpired) blockers of a table. */
  list<Blocker> listBlockers(1: TableIdentifier identifier)
      throws (1: lakeward_common.NoSuchObjectException noSuchObject,
              2: lakeward_common.InvalidInputException invalidInput,
              3: lakeward_common.UnauthorizedException unauthorized)
}
