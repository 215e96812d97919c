import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { commandTableIds } from '../../helpers/commandIds';
import { readJson, repoRoot } from '../../helpers/repo';

interface Manifest {
  name: string;
  displayName: string;
  publisher: string;
  main: string;
  l10n: string;
  activationEvents: string[];
  contributes: {
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    commands: { command: string; title: string; category?: string; icon?: string }[];
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
  };
}

const manifest = readJson<Manifest>('package.json');
const nlsEn = readJson<Record<string, string>>('package.nls.json');
const nlsZh = readJson<Record<string, string>>('package.nls.zh-cn.json');

/** Every `%key%` placeholder anywhere in the manifest. */
function placeholders(value: unknown): string[] {
  const text = JSON.stringify(value);
  return [...text.matchAll(/"%([A-Za-z0-9_.-]+)%"/g)].map((m) => m[1] as string);
}

describe('project: the extension manifest', () => {
  it('is the ModelArts Toolkit extension', () => {
    assert.equal(manifest.name, 'modelarts-toolkit');
    assert.equal(nlsEn[manifest.displayName.slice(1, -1)], 'ModelArts Toolkit');
    assert.equal(manifest.main, './dist/extension.js');
  });

  it('has a ModelArts activity-bar container with exactly the six views, in order', () => {
    const [container] = manifest.contributes.viewsContainers.activitybar;
    assert.equal(container?.id, 'modelarts');
    assert.ok(statSync(path.join(repoRoot, container?.icon ?? 'missing')).isFile());
    const views = manifest.contributes.views.modelarts ?? [];
    assert.deepEqual(
      views.map((v) => nlsEn[v.name.slice(1, -1)]),
      ['Workspaces', 'Notebooks', 'Images', 'Training Jobs', 'Datasets', 'Storage'],
    );
  });

  it('gives every view welcome content for the signed-out state, with a command link', () => {
    for (const view of manifest.contributes.views.modelarts ?? []) {
      const welcome = manifest.contributes.viewsWelcome.filter((w) => w.view === view.id);
      assert.ok(welcome.length > 0, `${view.id} has no welcome content`);
      for (const w of welcome) {
        for (const nls of [nlsEn, nlsZh]) {
          const text = nls[w.contents.slice(1, -1)] ?? '';
          assert.match(text, /\[[^\]]+\]\(command:modelarts\.[A-Za-z.]+\)/, `${view.id} welcome leads nowhere`);
        }
      }
    }
  });

  it('links welcome content only to commands the extension contributes', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const text of [...Object.values(nlsEn), ...Object.values(nlsZh)]) {
      for (const m of text.matchAll(/\(command:([A-Za-z.]+)\)/g))
        assert.ok(contributed.has(m[1] as string), `link to unknown command ${m[1]}`);
    }
  });

  it('gives every command a category, a codicon and a localised title', () => {
    for (const c of manifest.contributes.commands) {
      assert.ok(c.category, `${c.command} has no category`);
      assert.match(c.icon ?? '', /^\$\([a-z-]+\)$/, `${c.command} has no codicon`);
      assert.match(c.title, /^%.+%$/, `${c.command} title is not localised`);
    }
  });

  it('names no command as VS Code names the commands it makes for each view (<view>.open, .focus…)', () => {
    const viewIds = (manifest.contributes.views.modelarts ?? []).map((v) => v.id);
    const generated = ['focus', 'open', 'removeView', 'resetViewLocation', 'toggleVisibility'];
    const clashes = manifest.contributes.commands.filter((c) => viewIds.some((v) => generated.some((g) => c.command === `${v}.${g}`)));
    assert.deepEqual(
      clashes.map((c) => c.command),
      [],
    );
  });

  it('registers exactly the commands it contributes', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(commandTableIds().sort(), contributed);
  });

  it('activates once the editor has started (the status bar item is always there) and for restored panels; never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'), '* would hold up the editor’s start');
    // Views and commands need no event of their own: VS Code 1.74+ derives onView/onCommand from
    // the contributions (manifestHygiene.test.ts refuses them as redundant).
    const expected = [
      // After the editor's start, so the status bar item says where the views point before any view is opened.
      'onStartupFinished',
      // Panels VS Code restores after a reload (their serializers are registered at activation).
      'onWebviewPanel:modelarts.metrics',
      'onWebviewPanel:modelarts.labeling',
      'onWebviewPanel:modelarts.jobDetails',
      // obs:// editors VS Code restores after a reload (the file system provider is registered at activation).
      'onFileSystem:obs',
      // A deep link (vscode://…/job?…) opened before the editor's start finished.
      'onUri',
    ];
    for (const event of expected) assert.ok(manifest.activationEvents.includes(event), `missing ${event}`);
  });

  it('resolves every %placeholder% in both English and Simplified Chinese, with no stray keys', () => {
    const used = new Set(placeholders(manifest));
    for (const [lang, nls] of [
      ['en', nlsEn],
      ['zh-cn', nlsZh],
    ] as const) {
      for (const key of used) assert.ok(nls[key], `${lang}: missing ${key}`);
      for (const key of Object.keys(nls)) assert.ok(used.has(key), `${lang}: unused ${key}`);
    }
  });

  it('has a Chinese translation that differs from the English for every prose string', () => {
    const sameOnPurpose = new Set(['container.title', 'command.category']);
    for (const [key, en] of Object.entries(nlsEn)) {
      if (sameOnPurpose.has(key)) continue;
      assert.notEqual(nlsZh[key], en, `${key} is not translated`);
    }
  });
});

describe('project: runtime strings (vscode.l10n)', () => {
  /** Every string literal passed to vscode.l10n.t in the host code. */
  function l10nStrings(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) {
          const text = readFileSync(full, 'utf8');
          // vscode.l10n.t(...) in host code, and t(...) in the pure describe functions that receive it.
          for (const m of text.matchAll(/(?:l10n\.t|\bt)\(\s*'((?:[^'\\]|\\.)*)'/g)) found.push((m[1] as string).replace(/\\'/g, "'"));
        }
      }
    };
    walk(path.join(repoRoot, 'extension'));
    return found;
  }

  it('has a Simplified Chinese translation for every string the host shows', () => {
    const zh = readJson<Record<string, string>>(path.join(manifest.l10n, 'bundle.l10n.zh-cn.json'));
    const strings = l10nStrings();
    assert.ok(strings.length > 0);
    for (const s of strings) assert.ok(zh[s], `no zh-cn translation for: ${s}`);
    for (const s of strings) {
      const placeholdersIn = (t: string) => [...t.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
      assert.deepEqual(placeholdersIn(zh[s] ?? ''), placeholdersIn(s), `placeholders differ in: ${s}`);
    }
  });

  it('keeps the default bundle in step with the code', () => {
    const en = readJson<Record<string, string>>(path.join(manifest.l10n, 'bundle.l10n.json'));
    assert.deepEqual(Object.keys(en).sort(), [...new Set(l10nStrings())].sort());
  });
});
