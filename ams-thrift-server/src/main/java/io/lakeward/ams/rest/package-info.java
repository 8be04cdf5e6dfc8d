/**
 * Where HTTP requests enter the AMS: the REST API under /api/ams/v1 (Javalin on port 1630), its
 * admin authentication, strict JSON binding and the mapping of errors to JSON bodies and statuses.
 */
package io.lakeward.ams.rest;
