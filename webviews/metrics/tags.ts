/**
 * How charts are laid out: one per tag, grouped by the tag's first path segment (`train/loss`
 * goes to `train`), tags without a `/` in a general group first, and the job's resource usage
 * (`resources/…`) in a section of its own at the end, since it is about the machine, not the
 * model. The tag filter is a case-insensitive regular expression, as in TensorBoard.
 */

export type GroupKind = 'general' | 'prefix' | 'resources';

export interface TagGroup {
  /** Stable key, kept in the UI state for folded groups: `general`, `prefix:<name>`, `resources`. */
  readonly key: string;
  readonly kind: GroupKind;
  /** The prefix for `prefix` groups; the view names the other two. */
  readonly name: string;
  readonly tags: readonly string[];
}

export const resourcesPrefix = 'resources/';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Sorts tags so `layer2` comes before `layer10`. */
export function compareTags(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function groupOf(tag: string): { key: string; kind: GroupKind; name: string } {
  if (tag.startsWith(resourcesPrefix)) return { key: 'resources', kind: 'resources', name: '' };
  const slash = tag.indexOf('/');
  if (slash <= 0) return { key: 'general', kind: 'general', name: '' };
  const name = tag.slice(0, slash);
  return { key: `prefix:${name}`, kind: 'prefix', name };
}

/** Groups in display order: general, then prefixes alphabetically, then resource usage. */
export function groupTags(tags: Iterable<string>): TagGroup[] {
  const byKey = new Map<string, { key: string; kind: GroupKind; name: string; tags: string[] }>();
  for (const tag of tags) {
    const g = groupOf(tag);
    let group = byKey.get(g.key);
    if (!group) byKey.set(g.key, (group = { ...g, tags: [] }));
    group.tags.push(tag);
  }
  const rank = (k: GroupKind) => (k === 'general' ? 0 : k === 'prefix' ? 1 : 2);
  return [...byKey.values()]
    .map((g) => ({ ...g, tags: [...g.tags].sort(compareTags) }))
    .sort((a, b) => rank(a.kind) - rank(b.kind) || compareTags(a.name, b.name));
}

/** A compiled filter: `error` is set (and everything matches) when the text is not a regex. */
export interface TagFilter {
  readonly text: string;
  readonly error: string | undefined;
  matches(tag: string): boolean;
}

export function compileFilter(text: string): TagFilter {
  const trimmed = text.trim();
  if (trimmed === '') return { text, error: undefined, matches: () => true };
  try {
    const re = new RegExp(trimmed, 'i');
    return { text, error: undefined, matches: (tag) => re.test(tag) };
  } catch (err) {
    // A half-typed pattern ("loss|(") must not blank the panel: it filters nothing and says why.
    // "Invalid regular expression: /loss|(/i: Unterminated group" → "Unterminated group".
    const message = err instanceof Error ? err.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '') : String(err);
    return { text, error: message, matches: () => true };
  }
}

/** The groups with only the matching tags; groups left empty are dropped. */
export function filterGroups(groups: readonly TagGroup[], filter: TagFilter): TagGroup[] {
  const out: TagGroup[] = [];
  for (const g of groups) {
    const tags = g.tags.filter((t) => filter.matches(t));
    if (tags.length > 0) out.push({ ...g, tags });
  }
  return out;
}

/** What a chart's title shows: resource tags drop the `resources/` prefix their section already says. */
export function chartTitle(tag: string): string {
  return tag.startsWith(resourcesPrefix) ? tag.slice(resourcesPrefix.length) : tag;
}
