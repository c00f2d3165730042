import type { VerifyFinding } from "../../protocol/feedback.js";
import { findSecret } from "../find-secret.js";
import type { VerifyCheck } from "../verify-context.js";

// Files that are credentials by their name alone, whatever their content (often binary, with no patch).
const SECRET_FILE =
  /(?:^|\/)(?:\.env(?:\.(?!example$|sample$|template$|dist$|defaults?$)[\w.-]+)?|id_(?:rsa|dsa|ecdsa|ed25519)|[^/]+\.(?:p12|pfx|jks|keystore))$/;

/**
 * Added lines that look like a credential, and added files that are credentials by name. Critical: a
 * secret pushed to a branch is leaked whatever happens to the PR, so a human must rotate it, now. The
 * finding never repeats the secret (it goes into a public check run and the next brief), only its kind,
 * prefix and length.
 */
export const secret: VerifyCheck = ({ files }) =>
  files.flatMap((file): VerifyFinding[] => {
    const named =
      file.status !== "removed" && SECRET_FILE.test(file.path)
        ? [
            {
              rule: "secret" as const,
              critical: true,
              path: file.path,
              message: `${file.path} is a credentials file by its name; it must not be committed.`,
            },
          ]
        : [];
    const lines = file.fresh.flatMap(({ line, text }): VerifyFinding[] => {
      const found = findSecret(text);
      if (found === null) return [];
      return [
        {
          rule: "secret",
          critical: true,
          path: file.path,
          line,
          message: `Added line looks like ${found.kind} (${found.preview}). Remove it and rotate the credential.`,
        },
      ];
    });
    return [...named, ...lines];
  });
