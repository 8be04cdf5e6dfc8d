package io.lakeward.ams.rest;

import io.javalin.Javalin;

/** A group of REST endpoints; each capability (catalogs, optimizing, terminal) contributes one. */
public interface RestRoutes {
  /** Registers this group's handlers. Handlers throw Lakeward exceptions for expected failures. */
  void addTo(Javalin app);
}
