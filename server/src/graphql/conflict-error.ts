import { Field, Int, ObjectType } from "type-graphql";
import { ErrorCode } from "./errors";
import { ErrorResult } from "./results";

/** Someone saved the record after the caller read it: nothing was written. */
@ObjectType({
  implements: ErrorResult,
  description: "The record changed since it was read: reload it, then apply the change again.",
})
export class ConflictError extends ErrorResult {
  @Field(() => Int, { description: "The version now stored." })
  currentVersion: number;

  constructor(what: string, currentVersion: number) {
    super();
    this.errorCode = ErrorCode.CONFLICT;
    this.message = `${what} was changed by someone else (now version ${currentVersion})`;
    this.currentVersion = currentVersion;
  }
}
