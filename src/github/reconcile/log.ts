/**
 * The logger the adapter writes to: the subset of Probot's pino logger it uses, so `context.log` and
 * `app.log` fit, and tests can pass a silent one (STYLE habit 8: logging is passed in, never `console`).
 */
export interface Log {
  debug(bindings: object, message?: string): void;
  info(bindings: object, message?: string): void;
  warn(bindings: object, message?: string): void;
  error(bindings: object, message?: string): void;
  child(bindings: Record<string, unknown>): Log;
}

/** A logger that drops everything. */
export const silentLog: Log = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLog,
};
