/** Thrown for an invalid environment; `main` prints its message as one line and exits 1. */
export class ConfigError extends Error {
  override name = "ConfigError";
}
