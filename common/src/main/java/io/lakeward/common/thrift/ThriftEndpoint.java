package io.lakeward.common.thrift;

import static io.lakeward.common.exceptions.Preconditions.checkArgument;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A parsed {@code thrift://host:port[/catalog]} address of an AMS service, as engines and optimizers
 * are configured with.
 */
public record ThriftEndpoint(String host, int port, Optional<String> catalog) {
  public static final String SCHEME = "thrift";

  public ThriftEndpoint {
    checkArgument(host != null && !host.isBlank(), "Invalid Thrift endpoint: empty host");
    checkArgument(port > 0 && port < 65536, "Invalid Thrift endpoint port: %s", port);
    catalog = catalog == null ? Optional.empty() : catalog;
  }

  public static ThriftEndpoint parse(String uri) {
    checkArgument(uri != null && !uri.isBlank(), "Invalid Thrift URI: empty");
    URI parsed;
    try {
      parsed = new URI(uri.trim());
    } catch (URISyntaxException e) {
      throw io.lakeward.common.exceptions.InvalidInputException.of("Invalid Thrift URI '%s': %s", uri, e.getReason());
    }
    checkArgument(SCHEME.equalsIgnoreCase(parsed.getScheme()), "Invalid Thrift URI '%s': scheme must be thrift://", uri);
    checkArgument(parsed.getHost() != null, "Invalid Thrift URI '%s': no host", uri);
    checkArgument(parsed.getPort() > 0, "Invalid Thrift URI '%s': no port", uri);
    String path = parsed.getPath() == null ? "" : parsed.getPath();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    checkArgument(!path.contains("/"), "Invalid Thrift URI '%s': the path may only name one catalog", uri);
    return new ThriftEndpoint(parsed.getHost(), parsed.getPort(), path.isEmpty() ? Optional.empty() : Optional.of(path));
  }

  @Override
  public String toString() {
    return SCHEME + "://" + host + ":" + port + catalog.map(c -> "/" + c).orElse("");
  }
}
