import { useMemo, useRef } from "react";

/** 128 random bits as hex; `getRandomValues` works on plain-http origins, unlike `randomUUID`. */
function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The idempotency key of a create form. The same input sent again (a second click, a retry after
 * a timeout or a lost answer) carries the same key, so the server creates one row and answers
 * with it; a changed input, or a creation that succeeded, starts a new key.
 */
export function useIdempotencyKey() {
  const current = useRef<{ input: string; key: string } | null>(null);
  return useMemo(
    () => ({
      keyFor(input: unknown): string {
        const serialised = JSON.stringify(input);
        if (current.current?.input !== serialised)
          current.current = { input: serialised, key: randomKey() };
        return current.current.key;
      },
      /** The creation succeeded: the next submission is a new one. */
      done() {
        current.current = null;
      },
    }),
    [],
  );
}
