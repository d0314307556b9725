import type http from "node:http";
import { serialize as serializeCookie } from "cookie";
import type { SessionCookie } from "../graphql/context";
import { SESSION_COOKIE } from "../modules/identity/viewer";

/** The session cookie of one HTTP exchange: HttpOnly, SameSite=Lax, Secure in production. */
export function sessionCookie(res: http.ServerResponse, secure: boolean): SessionCookie {
  const options = { httpOnly: true, sameSite: "lax" as const, secure, path: "/" };
  const write = (value: string, expires: Date) =>
    res.appendHeader("set-cookie", serializeCookie(SESSION_COOKIE, value, { ...options, expires }));
  return {
    set: (token, expires) => write(token, expires),
    clear: () => write("", new Date(0)),
  };
}
