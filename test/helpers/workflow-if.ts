/**
 * A job's `if:` evaluated as GitHub evaluates it, with GitHub's own expression engine (@actions/expressions,
 * from actions/languageservices): the test of the Actions-hosted template's filter and the runner-minutes
 * bench read the condition from the template file and ask it about real webhook payloads.
 */
import { data, Evaluator, Lexer, Parser } from "@actions/expressions";

/** The `github` context a job-level `if:` sees (the parts the templates read). */
export interface GithubContext {
  event_name: string;
  event: unknown;
  /** `owner/repo`. */
  repository: string;
}

/** Parses `condition` once; the returned function says whether the job runs for one event. */
export function compileJobIf(condition: string): (github: GithubContext) => boolean {
  const lexed = new Lexer(`!!(${condition})`).lex();
  const expr = new Parser(lexed.tokens, ["github"], []).parse();
  return (github) => {
    const context = JSON.parse(JSON.stringify({ github }), data.reviver);
    if (!(context instanceof data.Dictionary)) throw new Error("the context is not a dictionary");
    return new Evaluator(expr, context).evaluate().coerceString() === "true";
  };
}
