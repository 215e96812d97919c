import { statSync } from 'node:fs';
import path from 'node:path';
import { StorageClient } from '../../core/storage/client';
import { parseObsUrl } from '../../core/storage/urls';
import { UsageError } from '../args';
import type { Command, CommandContext } from '../command';
import { formatJson, formatTable } from '../output';

const isObsUrl = (s: string) => /^(obs|s3):\/\//.test(s);

async function withStorage<T>(ctx: CommandContext, work: (storage: StorageClient) => Promise<T>): Promise<T> {
  const storage = new StorageClient((await ctx.target()).storage);
  try {
    return await work(storage);
  } finally {
    storage.dispose();
  }
}

/** Progress on stderr, one line rewritten in place on a terminal and nothing when piped. */
function progressWriter(ctx: CommandContext): (done: number, total: number, label?: string) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (done, total, label) => {
    const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
    ctx.err(`\r${pct}% ${(done / 1e6).toFixed(1)}/${(total / 1e6).toFixed(1)} MB ${label ?? ''}`.slice(0, 120).padEnd(60));
    if (done >= total) ctx.err('\n');
  };
}

const ls: Command = {
  path: ['obs', 'ls'],
  usage: 'modelarts obs ls [obs://bucket[/prefix/]]',
  summary: 'list buckets, or the folders and objects under a prefix',
  positionals: [0, 1],
  async run(ctx) {
    const url = ctx.args[0];
    return withStorage(ctx, async (storage) => {
      if (!url) {
        const buckets = await storage.listBuckets(ctx.signal);
        ctx.out(
          ctx.output === 'json'
            ? formatJson(buckets)
            : formatTable(buckets, [
                { header: 'BUCKET', value: (b) => `obs://${b.name}` },
                { header: 'CREATED', value: (b) => b.created?.toISOString().slice(0, 19).replace('T', ' ') },
              ]),
        );
        return 0;
      }
      const loc = parseObsUrl(url);
      const rows: { kind: 'DIR' | 'OBJ'; url: string; size?: number; modified?: string }[] = [];
      for await (const page of storage.listAll({ bucket: loc.bucket, prefix: loc.key, delimiter: '/', signal: ctx.signal })) {
        for (const folder of page.folders) rows.push({ kind: 'DIR', url: `obs://${loc.bucket}/${folder}` });
        for (const o of page.objects)
          rows.push({
            kind: 'OBJ',
            url: `obs://${loc.bucket}/${o.key}`,
            size: o.size,
            modified: o.lastModified?.toISOString().slice(0, 19).replace('T', ' '),
          });
      }
      ctx.out(
        ctx.output === 'json'
          ? formatJson(rows)
          : formatTable(rows, [
              { header: 'TYPE', value: (r) => r.kind },
              { header: 'SIZE', value: (r) => r.size ?? '' },
              { header: 'MODIFIED', value: (r) => r.modified ?? '' },
              { header: 'URL', value: (r) => r.url },
            ]),
      );
      return 0;
    });
  },
};

const cp: Command = {
  path: ['obs', 'cp'],
  usage:
    'modelarts obs cp SOURCE DEST   (one side obs://bucket/key, the other a local path; folders: a local dir, or an obs:// prefix ending in /)',
  summary: 'upload or download files and folders, checked by SHA-256',
  positionals: [2, 2],
  async run(ctx) {
    const [source, dest] = ctx.args as [string, string];
    if (isObsUrl(source) === isObsUrl(dest))
      throw new UsageError('obs cp copies between a local path and an obs:// URL: exactly one side must be obs://');
    const progress = progressWriter(ctx);
    return withStorage(ctx, async (storage) => {
      if (isObsUrl(dest)) {
        const target = parseObsUrl(dest);
        let isDir: boolean;
        try {
          isDir = statSync(source).isDirectory();
        } catch {
          throw new UsageError(`${source} does not exist`);
        }
        if (isDir) {
          const prefix = target.key === '' || target.key.endsWith('/') ? target.key : `${target.key}/`;
          const result = await storage.uploadFolder(
            source,
            { bucket: target.bucket, prefix },
            { signal: ctx.signal, onProgress: (p) => progress(p.bytesDone, p.bytesTotal, p.file) },
          );
          ctx.out(
            ctx.output === 'json'
              ? formatJson(result)
              : `uploaded ${result.transferred} file(s), skipped ${result.skipped} unchanged, ${result.bytes} bytes\n`,
          );
          return 0;
        }
        const key = target.key === '' || target.key.endsWith('/') ? `${target.key}${path.basename(source)}` : target.key;
        const result = await storage.uploadFile(
          source,
          { bucket: target.bucket, key },
          { signal: ctx.signal, onProgress: (d, t) => progress(d, t) },
        );
        ctx.out(
          ctx.output === 'json'
            ? formatJson({ ...result, url: `obs://${target.bucket}/${key}` })
            : `uploaded obs://${target.bucket}/${key} (sha256 ${result.sha256})\n`,
        );
        return 0;
      }
      const src = parseObsUrl(source);
      if (src.key === '' || src.key.endsWith('/')) {
        const result = await storage.downloadFolder({ bucket: src.bucket, prefix: src.key }, dest, {
          signal: ctx.signal,
          onProgress: (p) => progress(p.bytesDone, p.bytesTotal, p.file),
        });
        ctx.out(
          ctx.output === 'json'
            ? formatJson(result)
            : `downloaded ${result.transferred} file(s), skipped ${result.skipped} unchanged, ${result.bytes} bytes\n`,
        );
        return 0;
      }
      let target = dest;
      try {
        if (statSync(dest).isDirectory()) target = path.join(dest, path.posix.basename(src.key));
      } catch {
        // A new file name.
      }
      const result = await storage.downloadFile(src, target, { signal: ctx.signal, onProgress: (d, t) => progress(d, t) });
      ctx.out(
        ctx.output === 'json'
          ? formatJson({ ...result, path: target })
          : `downloaded ${target} (${result.verified ? `sha256 ${result.sha256} verified` : 'no stored sha256 to verify against'})\n`,
      );
      return 0;
    });
  },
};

const rm: Command = {
  path: ['obs', 'rm'],
  usage: 'modelarts obs rm obs://bucket/key | obs://bucket/prefix/ --recursive',
  summary: 'delete an object, or everything under a prefix with --recursive',
  positionals: [1, 1],
  booleanFlags: ['recursive'],
  flags: ['recursive'],
  async run(ctx) {
    const loc = parseObsUrl(ctx.args[0] as string);
    return withStorage(ctx, async (storage) => {
      if (ctx.flags.get('recursive') === true) {
        if (loc.key === '') throw new UsageError('refusing to empty a whole bucket; name a prefix');
        const prefix = loc.key.endsWith('/') ? loc.key : `${loc.key}/`;
        const deleted = await storage.deletePrefix(loc.bucket, prefix, { signal: ctx.signal });
        ctx.out(ctx.output === 'json' ? formatJson({ deleted }) : `deleted ${deleted} object(s) under obs://${loc.bucket}/${prefix}\n`);
        return 0;
      }
      if (loc.key === '' || loc.key.endsWith('/')) throw new UsageError('that is a prefix: add --recursive to delete everything under it');
      if (!(await storage.head(loc, ctx.signal))) {
        ctx.err(`modelarts: obs://${loc.bucket}/${loc.key} does not exist\n`);
        return 1;
      }
      await storage.deleteObject(loc, ctx.signal);
      ctx.out(ctx.output === 'json' ? formatJson({ deleted: 1 }) : `deleted obs://${loc.bucket}/${loc.key}\n`);
      return 0;
    });
  },
};

const mb: Command = {
  path: ['obs', 'mb'],
  usage: 'modelarts obs mb obs://bucket',
  summary: 'make a bucket (local mode starts with none)',
  positionals: [1, 1],
  async run(ctx) {
    const loc = parseObsUrl(ctx.args[0] as string);
    if (loc.key !== '') throw new UsageError('obs mb takes a bucket URL without a key: obs://bucket');
    return withStorage(ctx, async (storage) => {
      await storage.createBucket(loc.bucket, ctx.signal);
      ctx.out(ctx.output === 'json' ? formatJson({ bucket: loc.bucket }) : `made obs://${loc.bucket}\n`);
      return 0;
    });
  },
};

export const obsCommands: readonly Command[] = [ls, cp, rm, mb];
