import { Authorized, type AuthChecker, Extensions } from "type-graphql";
import { isAdmin, isCoordinator, type Viewer } from "../modules/identity/viewer";
import type { Context } from "./context";
import { ApiError, ErrorCode } from "./errors";
import { readingAccessClass } from "./viewer-reads";

/**
 * Coarse rules, checked by the one auth checker below before a resolver runs. Row-level rules
 * (a manager only acts for its own structure…) live in the services, next to their queries.
 */
export enum Rule {
  /** Any signed-in person. */
  USER = "USER",
  ADMIN = "ADMIN",
  COORDINATOR = "COORDINATOR",
  /** A signed-in person with at least one membership. */
  MEMBER = "MEMBER",
  /** A partner integration's API token. */
  TOKEN = "TOKEN",
}

/** The operation is open to anyone, signed in or not. */
export const Public = () => Extensions({ auth: "public" });

/** The operation is open to callers matching any of `rules`. */
export const Allow =
  (...rules: Rule[]): MethodDecorator =>
  (target, key, descriptor) => {
    Authorized(...rules)(target, key, descriptor);
    Extensions({ auth: rules })(target, key, descriptor);
  };

const matches: Record<Rule, (ctx: Context) => boolean> = {
  USER: ({ viewer }) => viewer.kind === "user",
  ADMIN: ({ viewer }) => isAdmin(viewer),
  COORDINATOR: ({ viewer }) => isCoordinator(viewer),
  MEMBER: ({ viewer }) => viewer.kind === "user" && viewer.memberships.length > 0,
  TOKEN: ({ viewer }) => viewer.kind === "token",
};

export const unauthenticated = () =>
  new ApiError(ErrorCode.UNAUTHENTICATED, "Sign in (or use an API token) to do this");
export const forbidden = (message = "You are not allowed to do this") =>
  new ApiError(ErrorCode.FORBIDDEN, message);

export const authChecker: AuthChecker<Context, Rule> = ({ context }, rules) =>
  readingAccessClass(() => {
    if (rules.some((rule) => matches[rule](context))) return true;
    throw context.viewer.kind === "anonymous" ? unauthenticated() : forbidden();
  });

/**
 * The rules a viewer matches, e.g. "USER,MEMBER": two viewers with the same access class pass
 * and fail the same `@Allow` checks.
 */
export function accessClass(viewer: Viewer): string {
  return readingAccessClass(() =>
    Object.values(Rule)
      .filter((rule) => matches[rule]({ viewer } as Context))
      .join(","),
  );
}
