/**
 * What every panel's text tables share: the language a VS Code locale gets (zh-cn or English),
 * and messages with `{name}` placeholders, numbers grouped as counts. Each app keeps its own
 * tables (webviews/<app>/i18n.ts) and builds its functions with {@link localeTables}.
 */
export type Vars = Readonly<Record<string, string | number>>;

export interface Messages<K extends string> {
  /** The table's locale (`en` or `zh-cn`), for Intl formatting. */
  readonly locale: string;
  t(key: K, vars?: Vars): string;
  /** A count with grouping (1,000,000 or 1,000,000 in zh too). */
  count(n: number): string;
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
    const counts = new Intl.NumberFormat(resolved === 'zh-cn' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 0 });
    return {
      locale: resolved,
      t: (key, vars) => {
        const text = table[key];
        if (!vars) return text;
        // Numbers in a message are counts: grouped, so "1,000,000 points" reads at a glance.
        return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
          const v = vars[name];
          if (v === undefined) return whole;
          return typeof v === 'number' ? counts.format(v) : v;
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
