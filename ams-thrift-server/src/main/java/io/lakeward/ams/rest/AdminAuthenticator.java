package io.lakeward.ams.rest;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** HTTP Basic authentication of admin calls against ams.admin-username / ams.admin-password. */
public final class AdminAuthenticator {
  private final byte[] username;
  private final byte[] password;

  public AdminAuthenticator(String username, String password) {
    this.username = requireNonNull(username, "username is null").getBytes(StandardCharsets.UTF_8);
    this.password = requireNonNull(password, "password is null").getBytes(StandardCharsets.UTF_8);
  }

  /** The authenticated user's name; throws UnauthorizedException unless the request carries the admin credentials. */
  public String authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw new UnauthorizedException(ErrorCode.UNAUTHORIZED, "Authentication required: use HTTP Basic with the admin credentials");
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new UnauthorizedException(ErrorCode.UNAUTHORIZED, "Invalid Authorization header: not Base64");
    }
    int colon = decoded.indexOf(':');
    byte[] user = (colon < 0 ? decoded : decoded.substring(0, colon)).getBytes(StandardCharsets.UTF_8);
    byte[] pass = (colon < 0 ? "" : decoded.substring(colon + 1)).getBytes(StandardCharsets.UTF_8);
    // Both comparisons always run, in constant time, so timing tells nothing about which part was wrong.
    boolean userOk = MessageDigest.isEqual(user, username);
    boolean passOk = MessageDigest.isEqual(pass, password);
    if (!(userOk & passOk)) {
      throw new UnauthorizedException(ErrorCode.UNAUTHORIZED, "Invalid admin credentials");
    }
    return new String(user, StandardCharsets.UTF_8);
  }
}
