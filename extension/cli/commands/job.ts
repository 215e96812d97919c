import type { JobPhase, TrainingJob, TrainingJobCreateRequest } from '../../core/api/resources/trainingJobTypes';
import { StorageClient } from '../../core/storage/client';
import { defaultCodeUrl, uploadJobCode } from '../../core/jobs/codeUpload';
import { readFileSync } from 'node:fs';
import { JobSpecError, jobSpecFromText, withCodeDir } from '../../core/jobs/jobSpec';
import { validateJobSpecText } from '../../core/jobs/specSchema';
import { exampleSpecValues, jobSpecTemplate } from '../../core/jobs/specTemplate';
import { type JobCatalog, jobSpecPlatformProblems, type PreparedJob, prepareJobSubmission } from '../../core/jobs/specCheck';
import { numberFlag, stringFlag, UsageError } from '../args';
import type { Command, CommandContext } from '../command';
import { formatJson } from '../output';
import { apiFor, print, when } from './common';
import { jobMetrics } from './jobMetrics';
import { jobs, resolveResource } from './resolve';

const columns = [
  { header: 'NAME', value: (j: TrainingJob) => j.metadata.name },
  {
    header: 'PHASE',
    value: (j: TrainingJob) =>
      j.status.secondary_phase && j.status.secondary_phase !== j.status.phase
        ? `${j.status.phase}/${j.status.secondary_phase}`
        : j.status.phase,
  },
  { header: 'DURATION', value: (j: TrainingJob) => (j.status.duration ? `${Math.round(j.status.duration / 1000)}s` : '-') },
  { header: 'CREATED', value: (j: TrainingJob) => when(j.metadata.create_time) },
  { header: 'ID', value: (j: TrainingJob) => j.metadata.id },
];

const finished: readonly JobPhase[] = ['Completed', 'Failed', 'Terminated', 'Abnormal'];

/**
 * Uploads a spec's local code (the files `prepareJobSubmission` listed). Local mode has a bucket of
 * its own for this (`obs://modelarts-local/jobs/<name>/code/`, made when missing); on the cloud,
 * --upload-to says where.
 */
async function uploadCode(ctx: CommandContext, job: PreparedJob & { code: NonNullable<PreparedJob['code']> }): Promise<string> {
  const target = await ctx.target();
  const uploadTo = stringFlag(ctx.flags, 'upload-to');
  if (!uploadTo && target.kind === 'cloud')
    throw new UsageError('algorithm.code_dir is a local folder: pass --upload-to obs://bucket/prefix/ to say where to upload it');
  const storage = new StorageClient(target.storage);
  try {
    const { codeDir, result } = await uploadJobCode(storage, job.code, uploadTo ?? defaultCodeUrl(job.name), {
      createBucket: !uploadTo,
      signal: ctx.signal,
    });
    const { ignored } = job.code;
    const leftOut =
      ignored.length === 0
        ? ''
        : `; left out: ${ignored.slice(0, 5).join(', ')}${ignored.length > 5 ? ` and ${ignored.length - 5} more` : ''}`;
    ctx.err(`uploaded ${result.transferred} file(s) of ${job.code.dir} to ${codeDir} (${result.skipped} unchanged${leftOut})\n`);
    return codeDir;
  } finally {
    storage.dispose();
  }
}

const submit: Command = {
  path: ['job', 'submit'],
  usage: 'modelarts job submit SPEC.yaml [--upload-to obs://bucket/prefix/] [--wait]',
  summary: 'create a training job from a YAML spec (the v2 create body; a local code_dir is uploaded first)',
  details: `A spec (modelarts job init DIR writes one next to the code, with an engine and a flavor of the
platform; modelarts job engines and modelarts job flavors list them all):

${jobSpecTemplate(exampleSpecValues).replace(/^(?=.)/gm, '  ')}`,
  positionals: [1, 1],
  flags: ['upload-to'],
  booleanFlags: ['wait'],
  async run(ctx) {
    // The platform is reached only once the file itself is fine: a YAML typo needs no daemon.
    const catalog: JobCatalog = {
      engines: async (o) => (await apiFor(ctx)).trainingJobs.engines(o),
      flavors: async (o) => (await apiFor(ctx)).trainingJobs.flavors(o),
    };
    const prepared = await prepareJobSubmission(ctx.args[0] as string, catalog, { surface: 'cli', signal: ctx.signal });
    const { spec, code } = prepared;
    const body = code ? withCodeDir(spec, await uploadCode(ctx, { ...prepared, code })) : spec.body;
    const api = await apiFor(ctx);
    let job = await api.trainingJobs.create(body as unknown as TrainingJobCreateRequest, { signal: ctx.signal });
    if (ctx.flags.get('wait') === true) job = await api.trainingJobs.waitFor(job.metadata.id, finished, { signal: ctx.signal });
    print(ctx, job, columns);
    return ctx.flags.get('wait') === true && job.status.phase !== 'Completed' ? 1 : 0;
  },
};

/**
 * Every problem of a spec at once, as a compiler lists them (the submit path stops at the first):
 * the YAML and the schema without the platform, then the boot file, engine and flavor with it.
 * Nothing is uploaded or created.
 */
const validate: Command = {
  path: ['job', 'validate'],
  usage: 'modelarts job validate SPEC.yaml',
  summary: 'check a job spec (YAML, fields, boot file, engine and flavor) without uploading or creating anything',
  positionals: [1, 1],
  async run(ctx) {
    const file = ctx.args[0] as string;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new JobSpecError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    const opts = { surface: 'cli', shown: file, signal: ctx.signal } as const;
    let problems = validateJobSpecText(text, file, opts);
    if (problems.length === 0) {
      const catalog: JobCatalog = (await apiFor(ctx)).trainingJobs;
      problems = await jobSpecPlatformProblems(jobSpecFromText(text, file, opts), catalog, { ...opts, withCode: true });
    }
    if (ctx.output === 'json') ctx.out(formatJson(problems.map((p) => ({ message: p.message, ...p.location, end: p.end }))));
    else if (problems.length === 0) ctx.out(`${file}: no problems found\n`);
    for (const p of problems) ctx.err(`${p.message}\n`);
    return problems.length === 0 ? 0 : 2;
  },
};

const list: Command = {
  path: ['job', 'list'],
  usage: 'modelarts job list [--name TEXT] [--phase PHASE] [--limit N]',
  summary: 'list training jobs, newest first',
  flags: ['name', 'phase', 'limit'],
  async run(ctx) {
    const limit = numberFlag(ctx.flags, 'limit', 1, 100_000) ?? 50;
    const name = stringFlag(ctx.flags, 'name');
    const phase = stringFlag(ctx.flags, 'phase');
    const api = await apiFor(ctx);
    const jobs: TrainingJob[] = [];
    for await (const job of api.trainingJobs.search({
      signal: ctx.signal,
      sortBy: 'create_time',
      order: 'desc',
      ...(name ? { name } : {}),
      ...(phase ? { phases: [phase as JobPhase] } : {}),
    })) {
      jobs.push(job);
      if (jobs.length >= limit) break;
    }
    print(ctx, jobs, columns);
    return 0;
  },
};

const get: Command = {
  path: ['job', 'get'],
  usage: 'modelarts job get NAME_OR_ID',
  summary: 'show one training job',
  positionals: [1, 1],
  async run(ctx) {
    const api = await apiFor(ctx);
    const job = await resolveResource(jobs, api, ctx.args[0] as string, ctx.signal);
    print(ctx, job, [...columns, { header: 'MESSAGE', value: (j) => j.status.task_statuses?.[0]?.message ?? '' }]);
    return 0;
  },
};

const logs: Command = {
  path: ['job', 'logs'],
  usage: 'modelarts job logs NAME_OR_ID [--follow] [--task worker-0]',
  summary: "print a job's log; --follow keeps printing until the job ends",
  positionals: [1, 1],
  flags: ['task'],
  booleanFlags: ['follow'],
  async run(ctx) {
    const task = stringFlag(ctx.flags, 'task') ?? 'worker-0';
    const api = await apiFor(ctx);
    const id = (await resolveResource(jobs, api, ctx.args[0] as string, ctx.signal)).metadata.id;
    if (ctx.flags.get('follow') === true) {
      for await (const chunk of api.trainingJobs.tailLogs(id, task, { signal: ctx.signal })) ctx.out(chunk.content);
      return 0;
    }
    let offset = 0;
    for (;;) {
      const slice = await api.trainingJobs.logPreview(id, task, { offset, signal: ctx.signal });
      if (ctx.output === 'json') {
        ctx.out(formatJson(slice));
        return 0;
      }
      ctx.out(slice.content);
      if (slice.current_size <= offset || slice.current_size >= slice.full_size) return 0;
      offset = slice.current_size;
    }
  },
};

function action(verb: 'stop' | 'delete', summary: string): Command {
  return {
    path: ['job', verb],
    usage: `modelarts job ${verb} NAME_OR_ID`,
    summary,
    positionals: [1, 1],
    async run(ctx) {
      const api = await apiFor(ctx);
      const id = (await resolveResource(jobs, api, ctx.args[0] as string, ctx.signal)).metadata.id;
      if (verb === 'stop') print(ctx, await api.trainingJobs.terminate(id, { signal: ctx.signal }), columns);
      else {
        await api.trainingJobs.delete(id, { signal: ctx.signal });
        ctx.out(ctx.output === 'json' ? formatJson({ id, deleted: true }) : `deleting training job ${id}\n`);
      }
      return 0;
    },
  };
}

export const jobCommands: readonly Command[] = [
  submit,
  validate,
  list,
  get,
  logs,
  jobMetrics,
  action('stop', 'terminate a job and its whole process tree'),
  action('delete', 'delete a job (terminating it first)'),
];
