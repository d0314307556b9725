import { randomInt } from "node:crypto";

// Crockford's base 32: no I, L, O or U, so a code read aloud or typed from paper survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function randomChars(n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

const groups = (s: string) => s.match(/.{4}/g)!.join("-");

/** Uppercases, drops spaces and dashes, and reads the look-alikes O, I and L as 0, 1 and 1. */
export function compactCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

const isCode = (s: string, length: number) =>
  s.length === length && [...s].every((c) => ALPHABET.includes(c));

/** A household's reference: F- and 8 random characters (10^12 values, not guessable). */
export const newHouseholdReference = () => `F-${groups(randomChars(8))}`;

/** The canonical form of a typed household reference, or null when it cannot be one. */
export function normaliseHouseholdReference(raw: string): string | null {
  let compact = compactCode(raw.trim());
  if (compact.length === 9 && compact.startsWith("F")) compact = compact.slice(1);
  return isCode(compact, 8) ? `F-${groups(compact)}` : null;
}

/**
 * A ticket's printed code: 12 random characters (60 bits). It is a bearer value like a
 * banknote's serial, so it must not be guessable from another ticket of the booklet.
 */
export const newTicketCode = () => groups(randomChars(12));

/** The canonical form of a typed ticket code, or null when it cannot be one. */
export function normaliseTicketCode(raw: string): string | null {
  const compact = compactCode(raw.trim());
  return isCode(compact, 12) ? groups(compact) : null;
}
