import { Field, InterfaceType, Int, ObjectType, registerEnumType } from "type-graphql";
import { ErrorCode } from "./errors";

registerEnumType(ErrorCode, { name: "ErrorCode", description: "Codes of expected failures." });

/** Expected failures are values of a mutation's result union, all with this shape. */
@InterfaceType({ description: "An expected failure, returned as a value." })
export abstract class ErrorResult {
  @Field(() => ErrorCode)
  errorCode: ErrorCode;

  @Field()
  message: string;
}

@ObjectType({ description: "One invalid input field." })
export class FieldError {
  @Field({
    description: "Path of the field in the input, e.g. `password` or `address.postalCode`.",
  })
  path: string;

  @Field({ description: "Machine-readable reason, e.g. `TOO_SHORT`, `INVALID_FORMAT`." })
  code: string;

  @Field({ description: "What is wrong, in French." })
  message: string;
}

@ObjectType({ implements: ErrorResult })
export class ValidationError extends ErrorResult {
  @Field(() => [FieldError])
  fields: FieldError[];

  constructor(fields: FieldError[]) {
    super();
    this.errorCode = ErrorCode.VALIDATION_FAILED;
    this.message = "Some fields are invalid";
    this.fields = fields;
  }
}

@ObjectType({ implements: ErrorResult })
export class NotFoundError extends ErrorResult {
  constructor(what: string) {
    super();
    this.errorCode = ErrorCode.NOT_FOUND;
    this.message = `${what} does not exist`;
  }
}

@ObjectType({ implements: ErrorResult })
export class InvalidCredentialsError extends ErrorResult {
  constructor() {
    super();
    this.errorCode = ErrorCode.INVALID_CREDENTIALS;
    this.message = "Wrong e-mail or password";
  }
}

@ObjectType({ implements: ErrorResult })
export class ProConnectRequiredError extends ErrorResult {
  constructor() {
    super();
    this.errorCode = ErrorCode.PROCONNECT_REQUIRED;
    this.message = "Members of your structure sign in with ProConnect";
  }
}

@ObjectType({ implements: ErrorResult })
export class TooManyAttemptsError extends ErrorResult {
  @Field(() => Int, { description: "Seconds before a new attempt may succeed." })
  retryAfterSeconds: number;

  constructor(retryAfterSeconds: number) {
    super();
    this.errorCode = ErrorCode.TOO_MANY_ATTEMPTS;
    this.message = "Too many failed attempts; try again later";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

@ObjectType({ implements: ErrorResult })
export class InvalidInvitationError extends ErrorResult {
  constructor(message: string) {
    super();
    this.errorCode = ErrorCode.INVALID_INVITATION;
    this.message = message;
  }
}

/** Collects field errors; `result()` gives a ValidationError when any was added. */
export class FieldErrors {
  private readonly list: FieldError[] = [];
  add(path: string, code: string, message: string): this {
    this.list.push({ path, code, message });
    return this;
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  result(): ValidationError | null {
    return this.empty ? null : new ValidationError(this.list);
  }
}
