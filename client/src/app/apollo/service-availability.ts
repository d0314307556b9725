import { ApolloLink, CombinedGraphQLErrors, ServerError } from "@apollo/client";
import { RetryLink } from "@apollo/client/link/retry";
import { getMainDefinition } from "@apollo/client/utilities";
import { tap } from "rxjs";

/** Whether the server said it is temporarily unavailable (503 / SERVICE_UNAVAILABLE). */
export function isServiceUnavailable(error: unknown): boolean {
  if (ServerError.is(error)) return error.statusCode === 503;
  if (CombinedGraphQLErrors.is(error))
    return error.errors.some((e) => e.extensions?.code === "SERVICE_UNAVAILABLE");
  return false;
}

/**
 * "Are we waiting for the server to come back?", as a tiny external store for
 * `useSyncExternalStore`: the layout shows a banner while it is true.
 */
export class ServiceAvailability {
  private retrying = false;
  private readonly listeners = new Set<() => void>();

  get = (): boolean => this.retrying;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(retrying: boolean): void {
    if (retrying === this.retrying) return;
    this.retrying = retrying;
    for (const listener of this.listeners) listener();
  }
}

const MAX_ATTEMPTS = 8;

/**
 * Retries queries the server refused for being temporarily unavailable, with exponential
 * back-off and jitter (0.5 s, 1 s, 2 s… up to 15 s, 8 attempts), and keeps `availability` up to
 * date. Mutations are never replayed here: the form that sent one decides (a create carries an
 * idempotency key for that).
 */
export function serviceUnavailableRetry(availability: ServiceAvailability): ApolloLink {
  const retry = new RetryLink({
    delay: { initial: 500, max: 15_000, jitter: true },
    attempts: (attempt, operation, error) => {
      const definition = getMainDefinition(operation.query);
      const isQuery = definition.kind === "OperationDefinition" && definition.operation === "query";
      const again = isQuery && isServiceUnavailable(error) && attempt < MAX_ATTEMPTS;
      availability.set(again);
      return again;
    },
  });
  const settle = new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      tap({ next: () => availability.set(false), error: () => availability.set(false) }),
    ),
  );
  return ApolloLink.from([settle, retry]);
}
