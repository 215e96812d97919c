import { findPrivateKey, savePrivateKey } from '../../core/config/keyFiles';
import { generateKeyPair } from '../../core/ssh/keys';
import { stringFlag } from '../args';
import type { Command } from '../command';
import { formatJson } from '../output';
import { apiFor, print } from './common';

const create: Command = {
  path: ['keypair', 'create'],
  usage: 'modelarts keypair create NAME [--out FILE]',
  summary: 'make an SSH key pair: the private key stays here (0600), the public key is registered',
  positionals: [1, 1],
  flags: ['out'],
  async run(ctx) {
    const name = ctx.args[0] as string;
    const api = await apiFor(ctx);
    const pair = generateKeyPair(`modelarts-${name}`);
    // Register first: if the name is taken, no key file is left behind.
    const registered = await api.keyPairs.create({ name, public_key: pair.publicKey }, { signal: ctx.signal });
    const file = savePrivateKey(name, pair.privateKey, pair.publicKey, stringFlag(ctx.flags, 'out'));
    if (ctx.output === 'json') ctx.out(formatJson({ ...registered, private_key_file: file }));
    else ctx.out(`registered key pair ${name} (${pair.fingerprint}); private key in ${file}\n`);
    return 0;
  },
};

const list: Command = {
  path: ['keypair', 'list'],
  usage: 'modelarts keypair list',
  summary: 'list key pairs, and where this machine keeps their private keys',
  async run(ctx) {
    const api = await apiFor(ctx);
    const pairs = await api.keyPairs.list({ signal: ctx.signal });
    print(ctx, pairs, [
      { header: 'NAME', value: (k) => k.name },
      { header: 'FINGERPRINT', value: (k) => k.fingerprint },
      { header: 'PRIVATE KEY', value: (k) => findPrivateKey(k.name) ?? '(not on this machine)' },
    ]);
    return 0;
  },
};

const remove: Command = {
  path: ['keypair', 'delete'],
  usage: 'modelarts keypair delete NAME',
  summary: 'unregister a key pair (the private key file is kept)',
  positionals: [1, 1],
  async run(ctx) {
    const name = ctx.args[0] as string;
    const api = await apiFor(ctx);
    await api.keyPairs.delete(name, { signal: ctx.signal });
    const file = findPrivateKey(name);
    ctx.out(
      ctx.output === 'json'
        ? formatJson({ name, deleted: true })
        : `deleted key pair ${name}${file ? `; its private key is still in ${file}` : ''}\n`,
    );
    return 0;
  },
};

export const keyPairCommands: readonly Command[] = [create, list, remove];
