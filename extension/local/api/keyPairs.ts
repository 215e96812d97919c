import type { KeyPair } from '../../core/api/resources/keyPairTypes';
import { type KeyPairBody, keyPairRoutes } from '../../core/api/routes/keyPairs';
import { fingerprintOf } from '../../core/ssh/keys';
import type { DaemonContext, DaemonModule } from '../context';
import { ApiError, Errors } from '../http/apiError';
import { requiredString } from '../http/json';

/**
 * A registered public key as stored. Notebooks name key pairs; their SSH servers accept these
 * keys. The record id is the name: key pair names are unique per project, as on the cloud.
 */
export type StoredKeyPair = KeyPair & { readonly id: string; readonly create_time: number };

const namePattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The key pair view the API returns (the KPS shape: `{keypair: {...}}`). */
function view(kp: StoredKeyPair): KeyPairBody {
  return { keypair: { name: kp.name, public_key: kp.public_key, fingerprint: kp.fingerprint, type: 'ssh', create_time: kp.create_time } };
}

export function keyPairNotFound(name: string): ApiError {
  return new ApiError(404, 'KPS.0404', `The key pair ${name} does not exist.`);
}

/**
 * Key pairs follow the cloud's key pair service (`/v3/{project_id}/keypairs`): register a public
 * key under a name, list, get, delete (refused while something uses it). The private key never
 * reaches the daemon.
 */
export async function installKeyPairs(ctx: DaemonContext): Promise<DaemonModule> {
  const store = ctx.keyPairs;
  ctx.router.serve(keyPairRoutes, {
    list: () => ({ status: 200, body: { keypairs: store.all().map(view) } }),

    create: ({ json }) => {
      const inner = json().keypair;
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner))
        throw Errors.badRequest('The body must be {"keypair": {"name": …, "public_key": …}}.');
      const fields = inner as Record<string, unknown>;
      const name = requiredString(fields, 'name', 64);
      if (!namePattern.test(name)) throw Errors.badRequest('name may hold only letters, digits, - and _ (1 to 64 characters).');
      if (store.has(name)) throw Errors.conflict(`A key pair named ${name} already exists.`);
      const publicKey = requiredString(fields, 'public_key', 16384).trim();
      let fingerprint: string;
      try {
        fingerprint = fingerprintOf(publicKey);
      } catch (err) {
        throw Errors.badRequest(`public_key is not an OpenSSH public key line: ${err instanceof Error ? err.message : String(err)}`);
      }
      const kp = store.put({ id: name, name, public_key: publicKey, fingerprint, create_time: Date.now() });
      return { status: 200, body: view(kp) };
    },

    get: ({ params }) => {
      const kp = store.get(params.key_pair_name);
      if (!kp) throw keyPairNotFound(params.key_pair_name);
      return { status: 200, body: view(kp) };
    },

    delete: ({ params }) => {
      const name = params.key_pair_name;
      if (!namePattern.test(name) || !store.has(name)) throw keyPairNotFound(name);
      const user = ctx.usage.keyPairs.describe(name);
      if (user) throw Errors.conflict(`Key pair ${name} is used by ${user}.`);
      store.delete(name);
      return { status: 204 };
    },
  });
  return { close: async () => undefined };
}
