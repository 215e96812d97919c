/**
 * What every panel's text tables share: the language a VS Code locale gets (zh-cn or English),
 * and messages with `{name}` placeholders, numbers grouped as counts. Each app keeps its own
 * tables (webviews/<app>/i18n.ts) and builds its functions with {@link localeTables}.
 *
 * A count that changes the words takes both forms, ICU's way: `{count, plural, one {# sample}
 * other {# samples}}`, `#` being the number. The form follows the table's language (Chinese has
 * one form, so its table writes `{count} 个样本` and no block). This is the panels' side of
 * extension/core/util/plural.ts, which the import rules keep them from importing.
 */
export type Vars = Readonly<Record<string, string | number>>;

export interface Messages<K extends string> {
  /** The table's locale (`en` or `zh-cn`), for Intl formatting. */
  readonly locale: string;
  t(key: K, vars?: Vars): string;
  /** A count with grouping (1,000,000 or 1,000,000 in zh too). */
  count(n: number): string;
}

/** `{name, plural, one {…} other {…}}`; the forms hold no braces of their own. */
const pluralBlock = /\{(\w+), plural, one \{([^{}]*)\} other \{([^{}]*)\}\}/g;

/** The variables a message uses: `{name}` placeholders and the counts of plural blocks (for tests). */
export function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1] as string))].sort();
}

export function localeTables<K extends string>(tables: { readonly en: Record<K, string> } & Record<string, Record<K, string>>) {
  /** `zh-CN`, `zh-cn`, `zh-Hans` and `zh` all get the Chinese table; everything else English. */
  function resolveLocale(locale: string): string {
    const l = locale.toLowerCase();
    if (tables[l]) return l;
    if (l === 'zh' || l.startsWith('zh-hans') || l === 'zh-sg') return 'zh-cn';
    return 'en';
  }

  function messagesFor(locale: string): Messages<K> {
    const resolved = resolveLocale(locale);
    const table = tables[resolved] ?? tables.en;
    const intlLocale = resolved === 'zh-cn' ? 'zh-CN' : 'en-US';
    const counts = new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 0 });
    const rules = new Intl.PluralRules(intlLocale);
    // Numbers in a message are counts: grouped, so "1,000,000 points" reads at a glance.
    const format = (v: string | number) => (typeof v === 'number' ? counts.format(v) : v);
    return {
      locale: resolved,
      t: (key, vars) => {
        const text = table[key];
        if (!vars) return text;
        return text
          .replace(pluralBlock, (whole, name: string, one: string, other: string) => {
            const v = vars[name];
            if (typeof v !== 'number') return whole;
            return (rules.select(v) === 'one' ? one : other).replace(/#/g, format(v));
          })
          .replace(/\{(\w+)\}/g, (whole, name: string) => {
            const v = vars[name];
            return v === undefined ? whole : format(v);
          });
      },
      count: (n) => counts.format(n),
    };
  }

  return {
    /** The languages the panel speaks; anything else falls back to English. */
    supportedLocales: Object.keys(tables),
    resolveLocale,
    messagesFor,
    /** For tests: every table, to check that no string is empty or left untranslated by accident. */
    messageTables: tables as Readonly<Record<string, Readonly<Record<K, string>>>>,
  };
}
