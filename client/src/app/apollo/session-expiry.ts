import { ApolloLink, ServerError } from "@apollo/client";
import { tap } from "rxjs";

/** The DOM event the layout listens to: the server no longer knows this session. */
export const SESSION_EXPIRED_EVENT = "maillage:session-expired";

const announce = () => window.dispatchEvent(new Event(SESSION_EXPIRED_EVENT));

/**
 * Announces answers refused as UNAUTHENTICATED (HTTP 401, or the code in a GraphQL answer).
 * Whether a session was open, and so has ended, is for the listener to say: for an anonymous
 * visitor it only means "sign in first".
 */
export function sessionExpiryLink(): ApolloLink {
  return new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      tap({
        next: (result) => {
          if (result.errors?.some((e) => e.extensions?.code === "UNAUTHENTICATED")) announce();
        },
        error: (error: unknown) => {
          if (ServerError.is(error) && error.statusCode === 401) announce();
        },
      }),
    ),
  );
}

let ended = false;

/** Whether the last session ended by itself (not signed out): the sign-in page says so. */
export const sessionEnded = {
  mark: (): void => {
    ended = true;
  },
  clear: (): void => {
    ended = false;
  },
  get: (): boolean => ended,
};
