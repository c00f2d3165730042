/** Structured fields attached to a log line; rendered as JSON after the message. */
export type LogFields = Record<string, unknown>;

/** A four-method logger (octokit/webhooks.js style); the executor never uses `console`. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** The line a logger prints: the message, then the fields as JSON when there are any. */
export function formatLine(message: string, fields?: LogFields): string {
  return fields && Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
}

/** A logger that passes every line (message and fields) through `redact` before `inner` sees it. */
export function redactingLogger(inner: Logger, redact: (text: string) => string): Logger {
  const wrap =
    (method: keyof Logger) =>
    (message: string, fields?: LogFields): void => {
      inner[method](redact(message), fields && redactFields(fields, redact));
    };
  return { debug: wrap("debug"), info: wrap("info"), warn: wrap("warn"), error: wrap("error") };
}

function redactFields(fields: LogFields, redact: (text: string) => string): LogFields {
  const text = redact(JSON.stringify(fields));
  try {
    return JSON.parse(text) as LogFields;
  } catch {
    return { fields: text }; // a redaction cut through JSON syntax: keep the text, lose the structure
  }
}
