/**
 * Stands in for `@actions/http-client` in the bundle (see action/build.mjs). `@actions/core` imports
 * that client, and with it undici (0.8 MB, about a third of the start-up time), only for
 * `getIDToken()`, which the executor never calls. Anything that does reach this fails loudly.
 */
export class HttpClient {
  constructor() {
    throw new Error("the executor bundle has no @actions/http-client: getIDToken() is not supported");
  }
}

/** Stands in for `@actions/http-client/lib/auth`'s handler; never constructed by the executor. */
export class BearerCredentialHandler {
  constructor() {
    throw new Error("the executor bundle has no @actions/http-client: getIDToken() is not supported");
  }
}
