/**
 * `vscode.l10n.t` in the extension, English with `{0}` placeholders filled on the CLI, identity in
 * unit tests: code that writes text for people takes one, so it stays free of `vscode`.
 */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** The CLI's (and the English default's) Translate: the message with its `{n}` placeholders filled. */
export const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (all, i: string) => String(args[Number(i)] ?? all));
