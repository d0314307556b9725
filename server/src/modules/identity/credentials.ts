import type { IncomingHttpHeaders } from "node:http";
import { parse as parseCookie } from "cookie";
import type { Credentials } from "./viewer";
import { SESSION_COOKIE } from "./viewer";

function bearer(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match ? match[1] : null;
}

/** Credentials of an HTTP request, or of a WebSocket's upgrade request plus its `connection_init`. */
export function credentialsFrom(
  headers: IncomingHttpHeaders,
  connectionParams?: Readonly<Record<string, unknown>>,
): Credentials {
  const cookies = headers.cookie ? parseCookie(headers.cookie) : {};
  return {
    sessionToken: cookies[SESSION_COOKIE] ?? null,
    bearerToken: bearer(connectionParams?.authorization) ?? bearer(headers.authorization),
  };
}
