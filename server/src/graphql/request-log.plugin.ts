import type { ApolloServerPlugin } from "@apollo/server";
import { currentStats } from "../db/query-counter";

/**
 * Notes the operation name and outcome in the request's stats so the single access-log line
 * written by `app.ts` can carry them. Variables are never read.
 */
export function requestLogPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operationName, operation }) {
          const stats = currentStats();
          if (stats) {
            stats.operation = operationName ?? operation?.name?.value ?? "(anonymous)";
            stats.operationType = operation?.operation;
          }
        },
        async willSendResponse({ errors }) {
          const stats = currentStats();
          if (stats && errors?.length) {
            stats.errorCodes = errors.map((e) =>
              String(e.extensions?.code ?? "INTERNAL_SERVER_ERROR"),
            );
          }
        },
      };
    },
  };
}
