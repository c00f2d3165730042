/**
 * Environment for one `git` command that talks to GitHub with `token`, through GIT_CONFIG_* so the
 * token never appears in a command line or in `.git/config`. The empty value first clears any header
 * actions/checkout persisted, so only this one is sent.
 */
export function gitAuthEnv(serverUrl: string, token: string): Record<string, string> {
  const header = `http.${serverUrl.replace(/\/$/, "")}/.extraheader`;
  const basic = Buffer.from(`x-access-token:${token}`, "utf8").toString("base64");
  return {
    GIT_CONFIG_COUNT: "2",
    GIT_CONFIG_KEY_0: header,
    GIT_CONFIG_VALUE_0: "",
    GIT_CONFIG_KEY_1: header,
    GIT_CONFIG_VALUE_1: `AUTHORIZATION: basic ${basic}`,
  };
}
