import { readdirSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { repoRoot } from './paths';

/**
 * Bundles each `test/integration/*.test.ts` into `out/test/integration/*.js` for the extension
 * host: CommonJS, `vscode` left for the host to provide, mocha's globals (describe/it) supplied by
 * the runner. Returns the absolute paths of the bundles.
 */
const firstFile = 'extension.test.ts';

export async function buildIntegrationTests(): Promise<string[]> {
  const srcDir = path.join(repoRoot, 'test', 'integration');
  const outDir = path.join(repoRoot, 'out', 'test', 'integration');
  const entries = readdirSync(srcDir).filter((f) => f.endsWith('.test.ts'));
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: entries.map((f) => path.join('test', 'integration', f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // The tests bundle core code, ssh2 included: its optional native parts stay out, as in the extension.
    external: ['vscode', 'mocha', '*.node', 'cpu-features'],
    logLevel: 'warning',
  });
  // extension.test.ts checks that nothing activated the extension yet, so it runs first; the rest in name order.
  const ordered = [...entries].sort((a, b) => Number(b === firstFile) - Number(a === firstFile) || a.localeCompare(b));
  return ordered.map((f) => path.join(outDir, f.replace(/\.ts$/, '.js')));
}
