import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "../db/unavailable";
import type { AppLogger } from "../logger";

/** Codes carried in `extensions.code` of every error the API reports. */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  INVALID_CURSOR = "INVALID_CURSOR",
  NOT_FOUND = "NOT_FOUND",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  VALIDATION_FAILED = "VALIDATION_FAILED",
  INVALID_CREDENTIALS = "INVALID_CREDENTIALS",
  TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS",
  INVALID_INVITATION = "INVALID_INVITATION",
  INVALID_RESET_LINK = "INVALID_RESET_LINK",
  PROCONNECT_REQUIRED = "PROCONNECT_REQUIRED",
  CONFLICT = "CONFLICT",
  INVALID_TRANSITION = "INVALID_TRANSITION",
  INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR",
  /** The geocoder (GEOCODER_URL) is off, or cannot be reached for now. */
  GEOCODER_UNAVAILABLE = "GEOCODER_UNAVAILABLE",
  /** The database cannot be reached for now: retry after `Retry-After` seconds (HTTP 503). */
  SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE",
}

/** An error a client can act on: its message is kept and its code is part of the contract. */
export class ApiError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const badInput = (message: string, argument?: string) =>
  new ApiError(ErrorCode.BAD_USER_INPUT, message, argument ? { argument } : {});

export const SERVICE_UNAVAILABLE_MESSAGE =
  "The service is temporarily unavailable; retry in a few seconds";

/** For errors raised before Apollo's pipeline (context creation): Apollo reads `http`. */
export const serviceUnavailable = () =>
  new ApiError(ErrorCode.SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_MESSAGE, {
    http: {
      status: 503,
      headers: new Map([["retry-after", String(RETRY_AFTER_SECONDS)]]),
    },
  });

export const notFound = (what: string, key: string) =>
  new ApiError(ErrorCode.NOT_FOUND, `${what} "${key}" does not exist`, { what, key });

// Codes produced by graphql-js and Apollo for requests that never reached a resolver.
const PASS_THROUGH = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

/**
 * Request errors Apollo raises without a code (its persisted-query checks), by their message:
 * they are the client's mistake, answered 400 with that message, not internal errors.
 */
const APOLLO_REQUEST_ERRORS = new Set([
  "provided sha does not match query",
  "Unsupported persisted query version",
]);

/**
 * The one place where errors leave the server: our coded errors and request errors keep their
 * message; anything else is logged and reported as a generic internal error.
 */
export function createErrorFormatter(logger: AppLogger) {
  const known = new Set<string>([...Object.values(ErrorCode), ...PASS_THROUGH]);
  known.delete(ErrorCode.INTERNAL_SERVER_ERROR);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code;
    if (original instanceof ApiError || (typeof code === "string" && known.has(code)))
      return formatted;
    if (
      original instanceof GraphQLError &&
      !original.originalError &&
      APOLLO_REQUEST_ERRORS.has(original.message)
    ) {
      return { message: formatted.message, extensions: { code: "BAD_REQUEST" } };
    }
    if (isDatabaseUnavailable(original)) {
      // An outage, not a bug: one short line per failed request, no stack trace.
      logger.warn({ reason: (original as Error).message }, "database unavailable");
      return {
        message: SERVICE_UNAVAILABLE_MESSAGE,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      };
    }
    logger.error({ err: original, path: formatted.path }, "unexpected error");
    return maskInternal(formatted);
  };
}

function maskInternal(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return {
    message: "Internal server error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
