import type { ModelArtsApi } from '../../core/api/resources/modelArtsApi';
import type { Notebook } from '../../core/api/resources/notebookTypes';
import { numberFlag, stringFlag, UsageError } from '../args';
import type { Command, CommandContext } from '../command';
import { apiFor, print, when } from './common';
import { images, notebooks, resolveResource } from './resolve';

const columns = [
  { header: 'NAME', value: (n: Notebook) => n.name },
  { header: 'STATUS', value: (n: Notebook) => n.status },
  { header: 'IMAGE', value: (n: Notebook) => n.image?.name },
  { header: 'FLAVOR', value: (n: Notebook) => n.flavor },
  { header: 'SSH', value: (n: Notebook) => n.endpoints?.find((e) => e.service === 'SSH')?.uri || '-' },
  { header: 'ID', value: (n: Notebook) => n.id },
];

/** With --wait, returns when the notebook reaches the status, or fails with the notebook's own error. */
async function maybeWait(ctx: CommandContext, api: ModelArtsApi, nb: Notebook, status: 'RUNNING' | 'STOPPED'): Promise<Notebook> {
  if (ctx.flags.get('wait') !== true) return nb;
  return api.notebooks.waitFor(nb.id, status, { signal: ctx.signal });
}

const list: Command = {
  path: ['notebook', 'list'],
  usage: 'modelarts notebook list',
  summary: 'list notebooks',
  async run(ctx) {
    const api = await apiFor(ctx);
    print(ctx, await api.notebooks.listAll({ signal: ctx.signal }), columns);
    return 0;
  },
};

const get: Command = {
  path: ['notebook', 'get'],
  usage: 'modelarts notebook get NAME_OR_ID',
  summary: 'show one notebook',
  positionals: [1, 1],
  async run(ctx) {
    const api = await apiFor(ctx);
    const nb = await resolveResource(notebooks, api, ctx.args[0] as string, ctx.signal);
    print(ctx, nb, [...columns, { header: 'AUTO-STOP AT', value: (n) => (n.lease ? when(n.lease.create_at + n.lease.duration) : '-') }]);
    return 0;
  },
};

const create: Command = {
  path: ['notebook', 'create'],
  usage: 'modelarts notebook create --name NAME [--image ID_OR_NAME] [--flavor ID] [--key-pair NAME] [--auto-stop HOURS] [--wait]',
  summary: 'create (and start) a notebook; image and flavor default to the first CPU ones',
  flags: ['name', 'image', 'flavor', 'key-pair', 'auto-stop'],
  booleanFlags: ['wait'],
  async run(ctx) {
    const name = stringFlag(ctx.flags, 'name');
    if (!name) throw new UsageError('--name is required');
    const hours = numberFlag(ctx.flags, 'auto-stop', 1, 72);
    const api = await apiFor(ctx);
    const imageArg = stringFlag(ctx.flags, 'image');
    const image = imageArg
      ? await resolveResource(images, api, imageArg, ctx.signal)
      : (await api.images.listAll({ chip: 'CPU', service: 'NOTEBOOK', signal: ctx.signal }))[0];
    if (!image) throw new UsageError('no CPU image is available; pass --image');
    const flavorArg = stringFlag(ctx.flags, 'flavor');
    const flavor = flavorArg ?? (await api.notebooks.flavors({ category: 'CPU', signal: ctx.signal }))[0]?.id;
    if (!flavor) throw new UsageError('no CPU flavor is available; pass --flavor');
    const keyPair = stringFlag(ctx.flags, 'key-pair');
    const nb = await api.notebooks.create(
      {
        name,
        flavor,
        image_id: image.id,
        ...(keyPair ? { endpoints: [{ service: 'SSH', key_pair_names: [keyPair] }] } : {}),
        ...(hours ? { lease: { duration: Math.round(hours * 3_600_000), type: 'TIMING' } } : {}),
      },
      { signal: ctx.signal },
    );
    print(ctx, await maybeWait(ctx, api, nb, 'RUNNING'), columns);
    return 0;
  },
};

function action(verb: 'start' | 'stop' | 'delete', summary: string): Command {
  return {
    path: ['notebook', verb],
    usage: `modelarts notebook ${verb} NAME_OR_ID${verb === 'delete' ? '' : ' [--wait]'}`,
    summary,
    positionals: [1, 1],
    booleanFlags: verb === 'delete' ? [] : ['wait'],
    async run(ctx) {
      const api = await apiFor(ctx);
      const nb = await resolveResource(notebooks, api, ctx.args[0] as string, ctx.signal);
      if (verb === 'delete') {
        await api.notebooks.delete(nb.id, { signal: ctx.signal });
        ctx.out(
          ctx.output === 'json' ? `${JSON.stringify({ id: nb.id, status: 'DELETING' })}\n` : `deleting notebook ${nb.name} (${nb.id})\n`,
        );
        return 0;
      }
      const changed =
        verb === 'start'
          ? await api.notebooks.start(nb.id, { signal: ctx.signal })
          : await api.notebooks.stop(nb.id, { signal: ctx.signal });
      print(ctx, await maybeWait(ctx, api, changed, verb === 'start' ? 'RUNNING' : 'STOPPED'), columns);
      return 0;
    },
  };
}

export const notebookCommands: readonly Command[] = [
  list,
  get,
  create,
  action('start', 'start a stopped notebook'),
  action('stop', 'stop a running notebook'),
  action('delete', 'delete a notebook and its work dir'),
];
