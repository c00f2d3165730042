/** One problem in a spec, on a 1-based line of the whole issue body. */
export interface SpecError {
  line: number;
  message: string;
}

/** `line 14: phase 2 lists module "grpc-service" twice` — the form DESIGN §3 promises users. */
export function formatSpecError(error: SpecError): string {
  return `line ${error.line}: ${error.message}`;
}

/** Every error on its own line, in line order (the order `parseSpec` returns them in). */
export function formatSpecErrors(errors: readonly SpecError[]): string {
  return errors.map(formatSpecError).join("\n");
}
