import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths';

/** Where `npm run package` leaves the .vsix. */
export function vsixPath(): string {
  const { name, version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  return path.join(repoRoot, 'out', `${name}-${version}.vsix`);
}

/**
 * Packs the extension with @vscode/vsce, which first runs the manifest's `vscode:prepublish` (the
 * production bundles), as `vsce publish` would: one build path for tests and the Marketplace.
 * Dependencies are bundled, so vsce's own dependency walk is off; .vscodeignore keeps the package
 * to what runs.
 */
export async function packageVsix(): Promise<{ file: string; bytes: number }> {
  const file = vsixPath();
  mkdirSync(path.dirname(file), { recursive: true });
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', file], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { file, bytes: statSync(file).size };
}

if (require.main === module) {
  packageVsix().then(
    ({ file, bytes }) => console.log(`${path.relative(repoRoot, file)}: ${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
