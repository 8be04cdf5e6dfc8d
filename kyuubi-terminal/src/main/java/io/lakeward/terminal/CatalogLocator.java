package io.lakeward.terminal;

import io.lakeward.terminal.backend.CatalogBinding;

/** Where the terminal learns how an engine reaches an AMS catalog. */
@FunctionalInterface
public interface CatalogLocator {
  /**
   * The engine configuration of the catalog with this name.
   *
   * @throws io.lakeward.common.exceptions.NotFoundException when the AMS has no such catalog
   * @throws io.lakeward.common.exceptions.InvalidInputException when a terminal cannot use it
   */
  CatalogBinding locate(String catalog);
}
