/**
 * The parameters of one statement assembled from parts (data-modifying CTEs, each from its own
 * module): every part names its values `$n` in this one list, so user data always travels as
 * parameters, never inside the SQL text.
 */
export class StatementParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, with `cast` (`uuid`, `text`…) when given. */
  add(value: unknown, cast?: string): string {
    const placeholder = `$${this.values.push(value)}`;
    return cast ? `${placeholder}::${cast}` : placeholder;
  }
}

/** One write of such a statement: its SQL, with its values added to `p`. */
export type StatementPart = (p: StatementParams) => string;
