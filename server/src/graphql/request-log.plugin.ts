import type { ApolloServerPlugin } from "@apollo/server";
import type { Context } from "./context";

/**
 * Notes the operation name and outcome in the request's stats so the single access-log line
 * (http/access-log.ts) can carry them. Variables are never read.
 */
export function requestLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName, operation }) {
          const stats = contextValue.requestStats;
          if (stats) {
            stats.operation = operationName ?? operation?.name?.value ?? "(anonymous)";
            stats.operationType = operation?.operation;
          }
        },
        async willSendResponse({ contextValue, errors }) {
          const stats = contextValue.requestStats;
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
