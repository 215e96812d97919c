import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { repoRoot } from '../../helpers/repo';

/**
 * Lints a fixture's text as though the file stood at `pretendPath`, and returns the rules it broke.
 * A made-up path belongs to no tsconfig, so the type-aware rules are off unless `typed` (then the
 * path must be a real source file, whose text the fixture stands in for).
 */
async function violations(fixture: string, pretendPath: string, typed = false): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot, ...(typed ? {} : { overrideConfig: tseslint.configs.disableTypeChecked }) });
  const code = readFileSync(path.join(repoRoot, 'test/fixtures/lint', fixture), 'utf8');
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, pretendPath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('project: import rules (DESIGN.md) are enforced by ESLint', function () {
  this.timeout(60_000);

  it('extension/core importing vscode fails lint', async () => {
    const found = await violations('coreImportsVscode.ts', 'extension/core/api/leak.ts');
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0] ?? '', /no-restricted-imports: 'vscode' import is restricted/);
  });

  it('extension/local and extension/cli importing vscode fail lint too', async () => {
    for (const where of ['extension/local/leak.ts', 'extension/cli/leak.ts']) {
      const found = await violations('coreImportsVscode.ts', where);
      assert.equal(found.length, 1, `${where}: ${found.join('\n')}`);
    }
  });

  it('extension/host importing vscode passes', async () => {
    assert.deepEqual(await violations('hostImportsVscode.ts', 'extension/host/ok.ts'), []);
  });

  it('extension/host may import webviews/protocol but no other webview code', async () => {
    const found = await violations('hostImportsWebviewApp.ts', 'extension/host/panels/leak.ts');
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0] ?? '', /webviews\/protocol only/);
  });

  it('webviews/protocol importing another webview folder fails lint', async () => {
    const found = await violations('protocolImportsCommon.ts', 'webviews/protocol/leak.ts');
    assert.ok(found.length >= 1 && found.every((f) => f.startsWith('@typescript-eslint/no-restricted-imports')), found.join('\n'));
  });

  it('type-aware rules catch a floating promise and a switch that forgets a case', async () => {
    const found = await violations('floatingPromise.ts', 'extension/core/util/abort.ts', true);
    assert.ok(
      found.some((f) => f.startsWith('@typescript-eslint/no-floating-promises')),
      found.join('\n'),
    );
    assert.ok(
      found.some((f) => f.startsWith('@typescript-eslint/switch-exhaustiveness-check')),
      found.join('\n'),
    );
  });

  it('the whole tree lints clean', async function () {
    // Type-aware lint of every file takes about a minute of CPU, several on a shared machine:
    // this limit only catches a hang, it is no timing check.
    this.timeout(15 * 60_000);
    const eslint = new ESLint({ cwd: repoRoot });
    const results = await eslint.lintFiles(['.']);
    const problems = results.flatMap((r) =>
      r.messages.map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line} ${m.ruleId}: ${m.message}`),
    );
    assert.deepEqual(problems, []);
  });
});
