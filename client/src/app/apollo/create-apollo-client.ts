import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { isSubscriptionOperation, relayStylePagination } from "@apollo/client/utilities";
import { type Client, createClient } from "graphql-ws";
import introspection from "@/gql/possible-types";
import { ConnectionStatus } from "./connection-status";
import { ServiceAvailability, serviceUnavailableRetry } from "./service-availability";
import { sessionExpiryLink } from "./session-expiry";

export interface MaillageApollo {
  client: ApolloClient;
  /** The graphql-ws client: terminated on sign-in and sign-out so the next socket carries the new cookie. */
  ws: Client;
  status: ConnectionStatus;
  /** Whether queries are being retried because the server is temporarily unavailable. */
  availability: ServiceAvailability;
}

/** Normal closure and the client's own closes (lazy close, terminate) are not connection losses. */
const EXPECTED_CLOSE_CODES = new Set([1000, 4499]);

function webSocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/graphql`;
}

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    possibleTypes: introspection.possibleTypes,
    typePolicies: {
      District: { keyFields: ["code"] },
      Query: {
        fields: {
          structures: relayStylePagination(["filter", "orderBy"]),
          users: relayStylePagination([]),
        },
      },
    },
  });
}

/**
 * Queries and mutations over HTTP (same origin, session cookie, a preflight header for Apollo
 * Server's CSRF prevention); subscriptions over graphql-ws on the same `/graphql` path, retried
 * forever with backoff. Queries refused with 503 / SERVICE_UNAVAILABLE are retried with backoff too. Resuming without loss is the feed's job (it keeps the last cursor).
 */
export function createApollo(): MaillageApollo {
  const status = new ConnectionStatus();
  const ws = createClient({
    url: webSocketUrl(),
    lazy: true,
    lazyCloseTimeout: 3_000,
    keepAlive: 15_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) =>
      new Promise((resolve) =>
        setTimeout(resolve, Math.min(1_000 * 2 ** retries, 15_000) * (0.75 + Math.random() / 2)),
      ),
    on: {
      connecting: () => status.connecting(),
      connected: () => status.connected(),
      closed: (event) => {
        const code = (event as { code?: number } | undefined)?.code;
        status.closed(code !== undefined && EXPECTED_CLOSE_CODES.has(code));
      },
    },
  });
  const http = new HttpLink({
    uri: "/graphql",
    credentials: "same-origin",
    headers: { "apollo-require-preflight": "true" },
  });
  const availability = new ServiceAvailability();
  const link = ApolloLink.split(
    ({ query }) => isSubscriptionOperation(query),
    new GraphQLWsLink(ws),
    ApolloLink.from([sessionExpiryLink(), serviceUnavailableRetry(availability), http]),
  );
  const client = new ApolloClient({ link, cache: createCache() });
  return { client, ws, status, availability };
}
