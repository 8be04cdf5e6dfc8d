package io.lakeward.ams.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small JDBC helpers shared by the stores: parameter binding, row mapping, property maps as JSON text. */
final class Rows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, String>> MAP_TYPE = new TypeReference<>() {};

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private Rows() {}

  static int update(Connection connection, String sql, Object... params) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, params)) {
      return statement.executeUpdate();
    }
  }

  static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rows = statement.executeQuery()) {
      List<T> result = new ArrayList<>();
      while (rows.next()) {
        result.add(mapper.map(rows));
      }
      return result;
    }
  }

  /** As {@link #query}, reading at most maxRows rows (a portable LIMIT). */
  static <T> List<T> queryLimited(Connection connection, String sql, int maxRows, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, params)) {
      statement.setMaxRows(maxRows);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> result = new ArrayList<>();
        while (rows.next()) {
          result.add(mapper.map(rows));
        }
        return result;
      }
    }
  }

  static long count(Connection connection, String sql, Object... params) throws SQLException {
    return query(connection, sql, row -> row.getLong(1), params).get(0);
  }

  static boolean isDuplicateKey(SQLException e) {
    return e instanceof SQLIntegrityConstraintViolationException
        || (e.getSQLState() != null && e.getSQLState().startsWith("23"));
  }

  static String toJson(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(map == null ? Map.of() : new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> fromJson(String text) {
    if (text == null || text.isEmpty()) {
      return Map.of();
    }
    try {
      return JSON.readValue(text, MAP_TYPE);
    } catch (JsonProcessingException e) {
      throw new PersistenceException("Corrupt property map in the AMS database: " + e.getOriginalMessage(), e);
    }
  }

  private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      if (params[i] == null) {
        statement.setNull(i + 1, nullType(statement, i + 1));
      } else {
        statement.setObject(i + 1, params[i]);
      }
    }
    return statement;
  }

  private static int nullType(PreparedStatement statement, int index) {
    // Derby refuses an untyped null; MySQL accepts any type, so VARCHAR is a safe fallback.
    try {
      return statement.getParameterMetaData().getParameterType(index);
    } catch (SQLException e) {
      return java.sql.Types.VARCHAR;
    }
  }
}
