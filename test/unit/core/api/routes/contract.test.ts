import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { allRoutes, fillPath } from '../../../../../extension/core/api/routes';
import { repoRoot } from '../../../../helpers/repo';
import { startTestDaemon, type TestDaemon } from '../../../../helpers/localDaemon';

/** The route contract: every descriptor is well formed, and the daemon serves each one not marked cloud-only. */
describe('core/api/routes: the client–daemon contract', function () {
  this.timeout(30_000);
  let local: TestDaemon;
  before(async () => {
    local = await startTestDaemon();
  });
  after(() => local?.stop());

  it('every descriptor has a method, a /vN/{project_id} or IAM path, an IAM action and 2xx success codes', () => {
    const seen = new Set<string>();
    for (const { name, route } of allRoutes()) {
      assert.match(route.path, /^\/v[123]\/(\{project_id\}\/|auth\/|projects$)/, name);
      assert.match(route.action, /^[a-z]+:[A-Za-z]+:[A-Za-z]+$/, `${name}: ${route.action}`);
      assert.ok(route.expect.length > 0 && route.expect.every((c) => c >= 200 && c < 300), name);
      const key = `${route.method} ${route.path}`;
      assert.ok(!seen.has(key), `${key} is declared twice`);
      seen.add(key);
    }
    assert.ok(seen.size >= 50, `only ${seen.size} routes`);
  });

  it('the daemon serves exactly the descriptors not marked cloud-only, and each cloud-only one says why', () => {
    const served = new Set(local.daemon.router.served());
    for (const { name, route } of allRoutes()) {
      if (route.cloudOnly !== undefined) {
        assert.ok(route.cloudOnly.length >= 30, `${name}: say why it is cloud-only`);
        assert.ok(!served.has(route), `${name} is marked cloud-only but served`);
      } else assert.ok(served.has(route), `${name} (${route.method} ${route.path}) is not served by the daemon`);
    }
    const declared = new Set(allRoutes().map((r) => r.route));
    for (const route of served) assert.ok(declared.has(route), `${route.method} ${route.path} is served but not in allRoutes()`);
  });

  it('a cloud-only route answers the ModelArts "no such API" error locally', async () => {
    const switchable = allRoutes().find((r) => r.name === 'notebooks.switchableFlavors');
    assert.ok(switchable);
    const res = await local.call('GET', fillPath(switchable.route, { notebook_id: 'n1' }).replace('{project_id}', '{p}'));
    assert.ok(res.status === 404 || res.status === 405, String(res.status));
    assert.match(String(res.json.error_code), /^ModelArts\./);
  });

  it('fills and encodes path parameters, and refuses an empty one before sending', () => {
    const stop = allRoutes().find((r) => r.name === 'notebooks.stop')?.route;
    assert.ok(stop);
    assert.equal(fillPath(stop, { notebook_id: 'a b/c' }), '/v1/{project_id}/notebooks/a%20b%2Fc/stop');
    assert.throws(() => fillPath(stop, { notebook_id: ' ' }), /notebook id must be a non-empty string/);
  });

  it('no API path literal stands in more than one source file: only core/api/routes writes them', () => {
    const byLiteral = new Map<string, Set<string>>();
    for (const file of sourceFiles(path.join(repoRoot, 'extension'))) {
      for (const literal of pathLiterals(readFileSync(file, 'utf8'))) {
        const files = byLiteral.get(literal) ?? new Set<string>();
        files.add(path.relative(repoRoot, file));
        byLiteral.set(literal, files);
      }
    }
    const outside = [...byLiteral].flatMap(([literal, files]) =>
      [...files].filter((f) => !f.startsWith('extension/core/api/routes/')).map((f) => `${f}: ${literal}`),
    );
    assert.deepEqual(outside, []);
    const twice = [...byLiteral].filter(([, files]) => files.size > 1).map(([literal, files]) => `${literal}: ${[...files].join(', ')}`);
    assert.deepEqual(twice, []);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/** String and template literals that begin like an API path (`/v1/…`); comments do not count. */
function pathLiterals(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const found: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.CloseBraceToken) kind = scanner.reScanTemplateToken(false);
    const isLiteral =
      kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || kind === ts.SyntaxKind.TemplateHead;
    if (isLiteral && /^\/v\d+\//.test(scanner.getTokenValue())) found.push(scanner.getTokenValue());
  }
  return found;
}
