import { throwIfAborted } from '../../util/abort';
import type { FileSource, Problem, ReadOptions } from './model';

/**
 * Reading helpers the converters share: files fetched a few at a time (an OBS source answers each
 * read with a request) but handed to the parser in order, so records and problems come out in
 * the order of the files; and JSON errors turned into a line number.
 */

/** How many files are read ahead of the one being parsed. */
export const readAhead = 16;

/** Reads `files` with up to 16 in flight and calls `each` in file order. */
export async function readFiles(
  source: FileSource,
  files: readonly string[],
  options: Pick<ReadOptions, 'signal' | 'onProgress'>,
  each: (file: string, bytes: Buffer) => void,
): Promise<void> {
  const pending: Promise<Buffer>[] = [];
  let next = 0;
  const fill = () => {
    while (next < files.length && pending.length < readAhead) pending.push(inFlight(source.read(files[next++] as string, options.signal)));
  };
  fill();
  for (let done = 0; done < files.length; done++) {
    throwIfAborted(options.signal);
    const bytes = await (pending.shift() as Promise<Buffer>);
    fill();
    each(files[done] as string, bytes);
    options.onProgress?.(done + 1, files.length);
  }
}

/**
 * The promise, marked as handled: a read ahead that fails is reported when its turn comes (the
 * await of it throws), not as an unhandled rejection while an earlier file is still awaited.
 */
export function inFlight<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** UTF-8 text without a byte-order mark. */
export function textOf(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * JSON.parse, or a Problem with the line of the error. V8 names the position in its message
 * ("… at position 120", or "(line 4 column 7)" in newer versions); a truncated document has none,
 * and its error is at the last line.
 */
export function parseJson(text: string, file: string, lineOffset = 0): { value: unknown } | { problem: Problem } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    let line: number;
    if (lineCol) line = Number(lineCol[1]);
    else if (position) line = lineAt(text, Number(position[1]));
    else line = lineAt(text, text.length);
    // An error at the very end (after trailing whitespace) means the document stops mid-value.
    const truncated =
      /end of (JSON )?input|Unterminated/i.test(message) || (position !== null && Number(position[1]) >= text.trimEnd().length);
    const why = message.replace(/^JSON\.parse: /, '').replace(/\s*\(line \d+ column \d+\)/, '');
    return {
      problem: {
        file,
        line: line + lineOffset,
        message: `not valid JSON${truncated ? ' (the file ends in the middle of a value: truncated?)' : ''}: ${why}`,
      },
    };
  }
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
