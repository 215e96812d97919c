/**
 * `vscode.l10n.t` in the extension, English with `{0}` placeholders filled on the CLI, identity in
 * unit tests: code that writes text for people takes one, so it stays free of `vscode`.
 */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** The CLI's (and the English default's) Translate: the message with its `{n}` placeholders filled. */
export const english: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (all, i: string) => String(args[Number(i)] ?? all));

/**
 * The process's language for text made where no surface passes a Translate: errors thrown deep
 * inside the storage and SSH clients, and the core's defaults. One language per process is what
 * there is anyway (vscode.l10n.t is per window, the CLI has its locale), so it is set once at
 * start: by activate() to vscode.l10n.t, by the CLI to its locale's (cli/language.ts). Until then,
 * and in unit tests, it is {@link english}.
 */
let current: Translate = english;
let currentCode: 'en' | 'zh-cn' = 'en';

/** Sets the process's language: its Translate, and its code for text that is not in the bundles (the spec schema's descriptions). */
export function useLanguage(t: Translate, code: 'en' | 'zh-cn' = 'en'): void {
  current = t;
  currentCode = code;
}

/** The code of the process's language ({@link useLanguage}). */
export function languageCode(): 'en' | 'zh-cn' {
  return currentCode;
}

/** Translates with the process's language ({@link useLanguage}). */
export const messages: Translate = (message, ...args) => current(message, ...args);
