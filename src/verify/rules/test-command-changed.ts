import type { VerifyCheck } from "../verify-context.js";

const normal = (command: string) => command.trim().replace(/\s+/g, " ");

/**
 * The harness reports having run a test command other than the brief's (DESIGN §5: the brief names the
 * command; a result that ran `true` instead proves nothing). Whitespace differences do not count.
 */
export const testCommandChanged: VerifyCheck = ({ result, brief }) => {
  if (result.test === null || brief.test_command === null) return [];
  if (normal(result.test.command) === normal(brief.test_command)) return [];
  return [
    {
      rule: "test_command_changed",
      critical: false,
      message: `The harness ran \`${result.test.command}\`, not the brief's test command \`${brief.test_command}\`.`,
    },
  ];
};
