import type { ApolloServerPlugin } from "@apollo/server";
import { RETRY_AFTER_SECONDS } from "../db/unavailable";
import type { Context } from "./context";
import { ErrorCode } from "./errors";

/**
 * A response whose errors say the database is unreachable goes out as 503 with `Retry-After`,
 * so that proxies, load balancers and our client retry it instead of reporting a failure.
 */
export function serviceUnavailablePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== "single") return;
          const errors = response.body.singleResult.errors;
          if (!errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
          response.http.status = 503;
          response.http.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
