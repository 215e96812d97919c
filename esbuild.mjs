// One build script, four bundles: the extension host, the local daemon, the CLI (all Node, CJS)
// and one browser bundle per webview app. Type checking is separate (`npm run typecheck`).
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * ssh2 tries `require()` on an optional native crypto binding and on `cpu-features`, each inside
 * try/catch, and falls back to pure JS. They must stay out of the bundle: a `.node` file built
 * for system Node would not load in Electron's Node anyway, and the .vsix must run everywhere.
 */
const nativeOptionals = ['*.node', 'cpu-features'];

/** @param {boolean} production */
function nodeBundles(production) {
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  return [
    { ...common, entryPoints: { extension: 'extension/main.ts' }, outdir: 'dist', external: ['vscode', ...nativeOptionals] },
    { ...common, entryPoints: { daemon: 'extension/local/main.ts' }, outdir: 'dist', external: nativeOptionals },
    {
      ...common,
      entryPoints: { cli: 'extension/cli/main.ts' },
      outdir: 'dist',
      external: nativeOptionals,
      banner: { js: '#!/usr/bin/env node' },
    },
  ];
}

/** Every `webviews/<app>/main.ts` becomes `dist/webviews/<app>.js`. */
function webviewApps() {
  const dir = path.join(root, 'webviews');
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'main.ts')))
    .map((e) => e.name);
}

/** @param {boolean} production */
function webviewBundles(production) {
  const apps = webviewApps();
  if (apps.length === 0) return [];
  return [
    {
      bundle: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      sourcemap: production ? false : 'inline',
      minify: production,
      logLevel: 'warning',
      absWorkingDir: root,
      entryPoints: Object.fromEntries(apps.map((app) => [app, `webviews/${app}/main.ts`])),
      outdir: 'dist/webviews',
    },
  ];
}

/**
 * The job spec's JSON Schema (`extension/core/jobs/jobSpec.schema.json`, the one source, which the
 * core's validator imports) as the YAML extension reads it through `yamlValidation`: one copy per
 * language, `description` (and `markdownDescription`, so hover renders the `code`) in that
 * language, the `x-description-zh-cn` annotation gone. package.nls*.json pick the copy.
 * @param {unknown} node
 * @param {'en' | 'zh-cn'} language
 * @returns {unknown}
 */
export function localizedSchema(node, language) {
  if (Array.isArray(node)) return node.map((n) => localizedSchema(n, language));
  if (typeof node !== 'object' || node === null) return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  const source = /** @type {Record<string, unknown>} */ (node);
  for (const [key, value] of Object.entries(source)) {
    if (key === 'x-description-zh-cn') continue;
    // "description" is also a property name inside "properties": only a string is the keyword.
    if (key === 'description' && typeof value === 'string') {
      const text = language === 'zh-cn' && typeof source['x-description-zh-cn'] === 'string' ? source['x-description-zh-cn'] : value;
      out.description = text;
      out.markdownDescription = text;
      continue;
    }
    out[key] = localizedSchema(value, language);
  }
  return out;
}

function writeSchemas() {
  const schema = JSON.parse(readFileSync(path.join(root, 'extension/core/jobs/jobSpec.schema.json'), 'utf8'));
  mkdirSync(path.join(root, 'dist/schemas'), { recursive: true });
  for (const [language, name] of [
    ['en', 'jobSpec.schema.json'],
    ['zh-cn', 'jobSpec.schema.zh-cn.json'],
  ]) {
    const text = `${JSON.stringify(localizedSchema(schema, /** @type {'en' | 'zh-cn'} */ (language)), null, 2)}\n`;
    writeFileSync(path.join(root, 'dist/schemas', name), text);
  }
}

/**
 * Builds every bundle once, or keeps rebuilding with `watch`.
 * @param {{ production?: boolean, watch?: boolean }} [options]
 */
export async function buildAll(options = {}) {
  const production = options.production ?? false;
  const configs = [...nodeBundles(production), ...webviewBundles(production)];
  writeSchemas();
  if (options.watch) {
    const contexts = await Promise.all(configs.map((c) => esbuild.context(c)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('esbuild: watching for changes');
    return;
  }
  await Promise.all(configs.map((c) => esbuild.build(c)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  const started = Date.now();
  buildAll({ production: args.has('--production'), watch: args.has('--watch') }).then(
    () => {
      if (!args.has('--watch')) console.log(`esbuild: built in ${Date.now() - started} ms`);
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
