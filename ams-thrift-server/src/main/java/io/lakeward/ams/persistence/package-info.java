/**
 * Where the AMS state is written: the JDBC connection pool, Flyway schema migrations
 * (src/main/resources/db/migration/&lt;database type&gt;) and one store class per table family.
 */
package io.lakeward.ams.persistence;
