package org.apache.iceberg.rest;

import java.util.Map;

/**
 * Opens Iceberg's reference REST server to the benchmark. It lives in Iceberg's package only because
 * {@link RESTCatalogServer}'s constructor that takes a configuration is package-private, and the
 * public alternative (its {@code main}) reads the configuration from environment variables and blocks.
 */
public final class ReferenceCatalogServers {
  private ReferenceCatalogServers() {
  }

  /** A server configured with catalog properties; {@code rest.port} selects the HTTP port. */
  public static RESTCatalogServer create(Map<String, String> configuration) {
    return new RESTCatalogServer(configuration);
  }
}
