package io.lakeward.ams.persistence;

import static java.util.Objects.requireNonNull;

import io.lakeward.ams.optimizing.OptimizerGroup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Rows of optimizer_group. */
public final class OptimizerGroupStore {
  private final AmsDatabase database;

  public OptimizerGroupStore(AmsDatabase database) {
    this.database = requireNonNull(database, "database is null");
  }

  /** False when a group of that name exists already. */
  public boolean insert(OptimizerGroup group) {
    try {
      return database.inTransaction(connection -> Rows.update(connection, "INSERT INTO optimizer_group (group_name, "
              + "container, properties, created_at, updated_at) VALUES (?, ?, ?, ?, ?)", group.name(), group.container(),
          Rows.toJson(group.properties()), group.createdAt(), group.updatedAt()) == 1);
    } catch (PersistenceException e) {
      if (e.getCause() instanceof SQLException sql && Rows.isDuplicateKey(sql)) {
        return false;
      }
      throw e;
    }
  }

  public boolean update(OptimizerGroup group) {
    return database.inTransaction(connection -> Rows.update(connection, "UPDATE optimizer_group SET container = ?, "
            + "properties = ?, updated_at = ? WHERE group_name = ?", group.container(), Rows.toJson(group.properties()),
        group.updatedAt(), group.name()) == 1);
  }

  public boolean delete(String name) {
    return database.inTransaction(connection ->
        Rows.update(connection, "DELETE FROM optimizer_group WHERE group_name = ?", name) == 1);
  }

  public Optional<OptimizerGroup> find(String name) {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM optimizer_group WHERE group_name = ?", OptimizerGroupStore::map, name)).stream().findFirst();
  }

  public List<OptimizerGroup> list() {
    return database.inTransaction(connection -> Rows.query(connection,
        "SELECT * FROM optimizer_group ORDER BY group_name", OptimizerGroupStore::map));
  }

  private static OptimizerGroup map(ResultSet row) throws SQLException {
    return new OptimizerGroup(row.getString("group_name"), row.getString("container"),
        Rows.fromJson(row.getString("properties")), row.getLong("created_at"), row.getLong("updated_at"));
  }
}
