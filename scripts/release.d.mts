/** Types of scripts/release.mjs for the tests that import it. */
export type PinKind = "module" | "uses" | "ref";
export declare const PIN_FILES: readonly { file: string; kind: PinKind }[];
export declare function rewritePin(text: string, kind: PinKind, pin: { sha: string; tag: string }): string;
