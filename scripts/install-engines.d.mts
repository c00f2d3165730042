/** Installs the pinned CLI engines into `.engines/` (or CONDUCTOR_ENGINES_DIR) and answers that directory. */
export function installEngines(): string;
