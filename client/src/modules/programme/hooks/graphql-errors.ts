import { CombinedGraphQLErrors } from "@apollo/client";

/** The `extensions.code` of a thrown GraphQL error (NOT_FOUND, FORBIDDEN…), if any. */
export function errorCode(error: unknown): string | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const code = error.errors[0]?.extensions?.code;
  return typeof code === "string" ? code : null;
}
