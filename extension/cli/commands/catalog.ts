import type { ResourceCategory } from '../../core/api/resources/images';
import { stringFlag, UsageError } from '../args';
import type { Command } from '../command';
import { apiFor, print, when } from './common';

const workspaceList: Command = {
  path: ['workspace', 'list'],
  usage: 'modelarts workspace list',
  summary: 'list workspaces (the default one has id 0)',
  async run(ctx) {
    const api = await apiFor(ctx);
    const all = await api.workspaces.listAll({ signal: ctx.signal });
    print(ctx, all, [
      { header: 'ID', value: (w) => w.id },
      { header: 'NAME', value: (w) => w.name },
      { header: 'STATUS', value: (w) => w.status },
      { header: 'UPDATED', value: (w) => when(w.update_time) },
    ]);
    return 0;
  },
};

const chips: readonly ResourceCategory[] = ['CPU', 'GPU', 'ASCEND'];

const imageList: Command = {
  path: ['image', 'list'],
  usage: 'modelarts image list [--engine ENGINE] [--chip CPU|GPU|ASCEND]',
  summary: 'list preset and custom images',
  flags: ['engine', 'chip'],
  async run(ctx) {
    const chip = stringFlag(ctx.flags, 'chip')?.toUpperCase();
    if (chip !== undefined && !chips.includes(chip as ResourceCategory))
      throw new UsageError(`--chip must be CPU, GPU or ASCEND, not '${chip}'`);
    const api = await apiFor(ctx);
    const engine = stringFlag(ctx.flags, 'engine');
    const images = await api.images.listAll({
      signal: ctx.signal,
      ...(engine ? { engine } : {}),
      ...(chip ? { chip: chip as ResourceCategory } : {}),
    });
    print(ctx, images, [
      { header: 'NAME', value: (i) => i.name },
      { header: 'TYPE', value: (i) => i.type },
      { header: 'CHIPS', value: (i) => i.resource_categories?.join(',') },
      { header: 'ARCH', value: (i) => i.arch },
      { header: 'SSH', value: (i) => (i.dev_services?.includes('SSH') ? 'yes' : 'no') },
      { header: 'ID', value: (i) => i.id },
    ]);
    return 0;
  },
};

export const catalogCommands: readonly Command[] = [workspaceList, imageList];
