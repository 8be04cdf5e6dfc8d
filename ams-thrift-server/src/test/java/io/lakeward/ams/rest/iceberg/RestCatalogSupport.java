package io.lakeward.ams.rest.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import io.lakeward.ams.testing.RestClient;
import io.lakeward.ams.testing.TestAms;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.rest.RESTCatalog;

/** Registers fresh internal catalogs on a running AMS and opens Iceberg's stock REST client on them. */
final class RestCatalogSupport {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private RestCatalogSupport() {}

  /** Registers a new internal catalog with its warehouse under {@code warehouseRoot}; returns its name. */
  static String newCatalog(TestAms ams, Path warehouseRoot) {
    return newCatalog(ams, warehouseRoot, Map.of());
  }

  /** Registers a new internal catalog with extra catalog properties (e.g. table-default.*). */
  static String newCatalog(TestAms ams, Path warehouseRoot, Map<String, String> properties) {
    String name = "lake_" + COUNTER.incrementAndGet();
    Map<String, Object> body = new HashMap<>();
    Map<String, String> all = new HashMap<>(properties);
    all.put("warehouse", warehouseRoot.resolve(name).toUri().toString());
    body.put("name", name);
    body.put("type", "internal");
    body.put("properties", all);
    try {
      RestClient.Answer answer = ams.rest().admin("POST", "/api/ams/v1/catalogs", JSON.writeValueAsString(body));
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return name;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  static RESTCatalog open(TestAms ams, String catalog, Map<String, String> extra) {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("uri", "http://127.0.0.1:" + ams.server().httpPort() + IcebergRestRoutes.BASE);
    properties.put("warehouse", catalog);
    RESTCatalog client = new RESTCatalog();
    client.initialize("rest-" + catalog, properties);
    return client;
  }
}
