package io.lakeward.ams.rest;

/** The JSON body of every error answer: a machine-readable code, a message for people, the status. */
public record ErrorResponse(String code, String message, int status) {}
