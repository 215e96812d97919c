import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { plural } from '../../../extension/core/util/plural';
import { placeholdersOf } from '../../../webviews/common/i18n';
import { messagesFor as labelingMessages, messageTables as labelingTables } from '../../../webviews/labeling/i18n';
import { messagesFor as metricsMessages, messageTables as metricsTables } from '../../../webviews/metrics/i18n';
import { repoRoot } from '../../helpers/repo';

/** Words that end in s but are not a counted noun, and stop the look for one ("{0} is ready"). */
const notNouns = new Set(['is', 'has', 'was', 'does', 'uses', 'exists', 'already', 'this', 'its', 'as']);

/** The plural noun a count in `text` is written with ("{0} corrupt records" → records), if any. */
function countedPlurals(text: string, placeholder: RegExp): string[] {
  const nouns: string[] = [];
  for (const m of text.matchAll(placeholder)) {
    const after = text.slice((m.index ?? 0) + m[0].length);
    // "{0}? Their labels…", "{0}: no problems": the phrase with the count ended there.
    if (!after.startsWith(' ')) continue;
    const words = after
      .trim()
      .split(/\s+/)
      .slice(0, 3)
      .map((w) => w.replace(/[^\w-]/g, ''));
    for (const w of words) {
      // "{0} The panel tries again": a capital starts the next sentence, the count's phrase ended.
      if (notNouns.has(w) || /^[A-Z]/.test(w)) break;
      if (/^[a-z][\w-]*s$/.test(w) && !w.endsWith('ss')) {
        nouns.push(w);
        break;
      }
    }
  }
  return nouns;
}

/** Every `t('…')` literal of the extension, with the characters just before it. */
function hostMessages(): { file: string; text: string; before: string }[] {
  const found: { file: string; text: string; before: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const source = readFileSync(full, 'utf8');
        for (const m of source.matchAll(/(?:l10n\.t|\bt)\(\s*'((?:[^'\\]|\\.)*)'/g))
          found.push({
            file: path.relative(repoRoot, full),
            text: m[1] as string,
            before: source.slice(Math.max(0, (m.index ?? 0) - 12), m.index),
          });
      }
    }
  };
  walk(path.join(repoRoot, 'extension'));
  return found;
}

describe('project: counts take the singular or the plural (no "1 ports forwarded")', () => {
  it('plural() picks English’s one form for exactly 1 and the other for every other count', () => {
    const forms = (n: number) => ({ one: `${n} port forwarded`, other: `${n} ports forwarded` });
    assert.equal(plural(1, forms(1)), '1 port forwarded');
    for (const n of [0, 2, 11, 1000]) assert.equal(plural(n, forms(n)), `${n} ports forwarded`);
  });

  it('every host message that counts a plural noun is the other form of a plural() call', () => {
    const bare = hostMessages()
      .filter((m) => countedPlurals(m.text, /\{\d+\}/g).length > 0 && !/other:\s*$/.test(m.before))
      .map((m) => `${m.file}: ${m.text}`);
    assert.deepEqual(bare, []);
  });

  it('the Chinese bundle gives both forms of a message the same translation (Chinese has one form)', () => {
    const zh = JSON.parse(readFileSync(path.join(repoRoot, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    assert.equal(zh['{0} port forwarded'], zh['{0} ports forwarded']);
    assert.equal(zh['{0} hour'], zh['{0} hours']);
  });

  it('every panel message that counts a plural noun says it in a plural block', () => {
    // perPx is only shown when a pixel holds more than one point; a name is no count.
    const allowed = new Set(['{perPx}', '{name}']);
    for (const tables of [labelingTables, metricsTables]) {
      const en = tables.en as Record<string, string>;
      const bare = Object.entries(en)
        .map(([key, text]) => [key, text.replace(/\{\w+, plural, one \{[^{}]*\} other \{[^{}]*\}\}/g, '#')] as const)
        .filter(([, text]) => countedPlurals(text, /\{\w+\}/g).length > 0 && ![...allowed].some((a) => text.includes(a)))
        .map(([key]) => key);
      assert.deepEqual(bare, []);
    }
  });

  it('a panel’s plural block takes the form of its count, and Chinese keeps its one form', () => {
    assert.equal(labelingMessages('en').t('grid.count', { count: 1 }), '1 sample');
    assert.equal(labelingMessages('en').t('grid.count', { count: 1500 }), '1,500 samples');
    assert.equal(labelingMessages('en').t('labels.countHint', { count: 1, samples: 3 }), '1 annotation on 3 samples');
    assert.equal(metricsMessages('en').t('loading.files', { read: 1, total: 1, points: 1 }), 'Reading 1 of 1 file · 1 point');
    assert.equal(
      labelingMessages('zh-cn').t('grid.count', { count: 1 }),
      labelingMessages('zh-cn').t('grid.count', { count: 2 }).replace('2', '1'),
    );
    assert.deepEqual(placeholdersOf('{count, plural, one {# box} other {# boxes}} of {total}'), ['count', 'total']);
  });
});
