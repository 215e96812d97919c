import path from 'node:path';
import { specFileName } from './specTemplate';

/**
 * Whether a YAML file is a training job spec, cheaply enough to ask on every keystroke (the
 * CodeLens and the task provider ask): the file `modelarts job init` writes, or a mapping whose
 * top level has `algorithm:` beside `spec:`, `metadata:` or `kind: job`, as every create body
 * does. Nothing is parsed; the full check is {@link checkJobSpec}'s.
 */
export function looksLikeJobSpec(fileName: string, text: string): boolean {
  if (!/\.ya?ml$/i.test(fileName)) return false;
  if (path.basename(fileName) === specFileName) return true;
  return /^algorithm\s*:/m.test(text) && /^(spec\s*:|metadata\s*:|kind\s*:\s*["']?job\b)/m.test(text);
}
