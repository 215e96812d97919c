/**
 * What a job spec may say: `job engines` and `job flavors` list what the connected platform
 * offers, and `job init` writes a commented spec next to the code with one of each filled in.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainingEngine, TrainingFlavor } from '../../core/api/resources/trainingJobTypes';
import { flavorSize } from '../../core/jobs/catalogText';
import { jobSpecTemplate, specFileName } from '../../core/jobs/specTemplate';
import { stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { formatJson } from '../output';
import { apiFor, print } from './common';

const flavorTypes = ['CPU', 'GPU', 'Ascend'] as const;

const engines: Command = {
  path: ['job', 'engines'],
  usage: 'modelarts job engines',
  summary: "list the AI engines a spec's algorithm.engine may name (engine_name and engine_version)",
  async run(ctx) {
    const api = await apiFor(ctx);
    print(ctx, await api.trainingJobs.engines({ signal: ctx.signal }), [
      { header: 'ENGINE_NAME', value: (e: TrainingEngine) => e.engine_name },
      { header: 'ENGINE_VERSION', value: (e: TrainingEngine) => e.engine_version },
      { header: 'IMAGE VERSION', value: (e: TrainingEngine) => e.image_info?.image_version },
      { header: 'ID', value: (e: TrainingEngine) => e.engine_id },
    ]);
    return 0;
  },
};

const flavors: Command = {
  path: ['job', 'flavors'],
  usage: 'modelarts job flavors [--type CPU|GPU|Ascend]',
  summary: "list the resource flavors a spec's spec.resource.flavor_id may name",
  flags: ['type'],
  async run(ctx) {
    const typeArg = stringFlag(ctx.flags, 'type');
    const type = flavorTypes.find((t) => t.toLowerCase() === typeArg?.toLowerCase());
    if (typeArg !== undefined && !type) throw new UsageError(`--type must be CPU, GPU or Ascend, not '${typeArg}'`);
    const api = await apiFor(ctx);
    print(ctx, await api.trainingJobs.flavors({ signal: ctx.signal, ...(type ? { flavorType: type } : {}) }), [
      { header: 'FLAVOR_ID', value: (f: TrainingFlavor) => f.flavor_id },
      { header: 'TYPE', value: (f: TrainingFlavor) => f.flavor_type },
      { header: 'SIZE', value: flavorSize },
      { header: 'MAX NODES', value: (f: TrainingFlavor) => f.max_num ?? f.flavor_info?.max_num },
      { header: 'NAME', value: (f: TrainingFlavor) => f.flavor_name },
    ]);
    return 0;
  },
};

/** The script a spec in this folder should run: a usual name, else the only Python file. */
function guessBootFile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => statSync(path.join(dir, f)).isFile());
  const usual = ['train.py', 'main.py', 'run.py', 'train.sh', 'run.sh'].find((f) => files.includes(f));
  if (usual) return usual;
  const python = files.filter((f) => f.endsWith('.py'));
  return python.length === 1 ? python[0] : undefined;
}

/** A job name from a folder name: the letters, digits, '_' and '-' the platform takes. */
function jobNameFrom(dir: string): string {
  const name = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return name || 'my-job';
}

const init: Command = {
  path: ['job', 'init'],
  usage: 'modelarts job init [DIR] [--name NAME] [--boot-file FILE]',
  summary: `write a commented ${specFileName} into the code folder DIR (default: here), with an engine and a flavor of the platform`,
  flags: ['name', 'boot-file'],
  positionals: [0, 1],
  async run(ctx) {
    const dir = path.resolve(ctx.args[0] ?? '.');
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder: give the folder of the code`);
    const file = path.join(dir, specFileName);
    if (existsSync(file)) {
      ctx.err(`modelarts: ${file} already exists; it was left as it is (edit it, or delete it and run job init again)\n`);
      return 1;
    }
    const name = stringFlag(ctx.flags, 'name') ?? jobNameFrom(dir);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new UsageError(`--name must be 1-64 letters, digits, '_' or '-', not '${name}'`);
    const bootFileFlag = stringFlag(ctx.flags, 'boot-file');
    if (bootFileFlag !== undefined && !existsSync(path.join(dir, bootFileFlag)))
      throw new UsageError(`--boot-file ${bootFileFlag} is not in ${dir}`);
    const bootFile = bootFileFlag ?? guessBootFile(dir);

    const api = await apiFor(ctx);
    const [allEngines, allFlavors] = await Promise.all([
      api.trainingJobs.engines({ signal: ctx.signal }),
      api.trainingJobs.flavors({ signal: ctx.signal }),
    ]);
    // PyTorch when the platform has it (what most training scripts use); the smallest CPU flavor, the cheapest to try on.
    const engine = allEngines.find((e) => e.engine_name.toLowerCase() === 'pytorch') ?? allEngines[0];
    const flavor = allFlavors.find((f) => f.flavor_type === 'CPU') ?? allFlavors[0];
    if (!engine || !flavor) throw new Error(`the platform lists no training ${engine ? 'flavors' : 'engines'}`);

    const text = jobSpecTemplate({
      name,
      bootFile: bootFile ?? 'train.py',
      engineName: engine.engine_name,
      engineVersion: engine.engine_version,
      flavorId: flavor.flavor_id,
    });
    // 'wx': never overwrite, even a file made since the check above.
    writeFileSync(file, text, { flag: 'wx' });
    const submit = `modelarts job submit ${path.relative(process.cwd(), file) || specFileName} --wait`;
    if (ctx.output === 'json')
      ctx.out(formatJson({ file, name, boot_file: bootFile ?? 'train.py', engine: engine.engine_id, flavor_id: flavor.flavor_id }));
    else
      ctx.out(
        `wrote ${file}: job ${name}, ${engine.engine_name} ${engine.engine_version}, ${flavor.flavor_id}\n` +
          (bootFile ? '' : `no script found in ${dir}: write train.py there, or change algorithm.boot_file\n`) +
          `submit it with: ${submit}\n`,
      );
    return 0;
  },
};

export const jobCatalogCommands: readonly Command[] = [init, engines, flavors];
