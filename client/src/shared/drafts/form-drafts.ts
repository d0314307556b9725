import { type Dispatch, type SetStateAction, useEffect, useRef, useState } from "react";

/*
 * What a person was typing when their session ended, kept to give back after they sign in
 * again. Forms on screen register a getter; when the session expires their values are kept, in
 * memory, for the same account only. Nothing is stored otherwise: a form left normally forgets
 * what it held, and residents' data never reaches the browser's storage — except for the few
 * seconds of a ProConnect round trip (sessionStorage of this tab, read back and deleted at once).
 */

const open = new Map<string, () => unknown>();
let kept: { userId: string; values: Map<string, unknown> } | null = null;
const STASH = "maillage:kept-forms";

/** Keeps the values of every form on screen, for `userId` to find after signing in again. */
export function keepOpenForms(userId: string): void {
  const values = new Map<string, unknown>();
  for (const [key, get] of open) values.set(key, get());
  kept = values.size > 0 ? { userId, values } : null;
}

/** After a sign-in: someone else's kept forms are dropped, never shown. */
export function signedInAs(userId: string): void {
  if (kept && kept.userId !== userId) kept = null;
}

/** Whether forms are kept (the sign-in page says so). */
export function hasKeptForms(): boolean {
  return kept !== null;
}

/** Before leaving the page for ProConnect: the kept forms go to this tab's sessionStorage. */
export function stashKeptForms(): void {
  if (!kept) return;
  try {
    sessionStorage.setItem(
      STASH,
      JSON.stringify({ userId: kept.userId, values: [...kept.values] }),
    );
  } catch {
    // Storage refused (private mode, quota): the forms are lost, as before this feature.
  }
}

/** At start-up: takes back (and deletes) what `stashKeptForms` left. */
export function unstashKeptForms(): void {
  try {
    const raw = sessionStorage.getItem(STASH);
    sessionStorage.removeItem(STASH);
    if (!raw) return;
    const parsed = JSON.parse(raw) as { userId: string; values: [string, unknown][] };
    kept = { userId: parsed.userId, values: new Map(parsed.values) };
  } catch {
    kept = null;
  }
}

/**
 * `useState` for a form's values under a stable `key` (e.g. `referral:new`): starts from the
 * values kept when the session expired, if any (then forgotten), else from `init`.
 */
export function useFormDraft<T>(
  key: string,
  init: () => T,
): [T, Dispatch<SetStateAction<T>>, boolean] {
  // Pure (StrictMode may call it twice); the kept values are forgotten once mounted.
  const [initial] = useState(() =>
    kept?.values.has(key)
      ? { restored: true, value: kept.values.get(key) as T }
      : { restored: false, value: init() },
  );
  const [value, setValue] = useState<T>(initial.value);
  useEffect(() => {
    if (!initial.restored || !kept) return;
    kept.values.delete(key);
    if (kept.values.size === 0) kept = null;
  }, [initial.restored, key]);
  const current = useRef(value);
  current.current = value;
  useEffect(() => {
    const get = () => current.current;
    open.set(key, get);
    return () => {
      if (open.get(key) === get) open.delete(key);
    };
  }, [key]);
  return [value, setValue, initial.restored];
}
