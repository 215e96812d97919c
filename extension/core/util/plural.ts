/**
 * The one way a message with a count is written: "1 port forwarded", "2 ports forwarded", never
 * "1 ports". A message has English's two forms, `one` and `other`, each translated on its own
 * (`vscode.l10n.t`, or the CLI's `english`); Chinese has a single form for every count, so its
 * bundle gives both forms the same text. The form is chosen by English's rule because the forms
 * are English's: a language with more forms would need more than these two keys anyway.
 *
 *   plural(n, { one: t('{0} port forwarded', n), other: t('{0} ports forwarded', n) })
 *
 * The webviews cannot import this (DESIGN's import rules); webviews/common/i18n.ts applies the
 * same rule to its tables' `<key>.one` entries.
 */
export interface PluralForms {
  /** The text for exactly one (English "1 file"). */
  readonly one: string;
  /** The text for every other count, 0 included (English "0 files", "2 files"). */
  readonly other: string;
}

const englishRules = new Intl.PluralRules('en-US');

export function plural(count: number, forms: PluralForms): string {
  return englishRules.select(count) === 'one' ? forms.one : forms.other;
}
