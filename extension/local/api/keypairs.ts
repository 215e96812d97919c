import { fingerprintOf } from '../../core/ssh/keys';
import { ApiError, Errors } from '../http/apiError';
import { parseJsonObject, requiredString } from '../http/json';
import type { Router } from '../http/router';
import type { RecordStore } from '../store/recordStore';

/** A registered public key. Notebooks name key pairs; their SSH servers accept these keys. */
export interface KeyPair {
  /** The record id is the name: key pair names are unique per project, as on the cloud. */
  readonly id: string;
  readonly name: string;
  readonly public_key: string;
  readonly fingerprint: string;
  readonly create_time: number;
}

const namePattern = /^[A-Za-z0-9_-]{1,64}$/;

/** The key pair view the API returns (the KPS shape: `{keypair: {...}}`). */
function view(kp: KeyPair) {
  return { keypair: { name: kp.name, public_key: kp.public_key, fingerprint: kp.fingerprint, type: 'ssh', create_time: kp.create_time } };
}

export function keyPairNotFound(name: string): ApiError {
  return new ApiError(404, 'KPS.0404', `The key pair ${name} does not exist.`);
}

/**
 * Key pairs follow the cloud's key pair service (`/v3/{project_id}/keypairs`): register a public
 * key under a name, list, get, delete. The private key never reaches the daemon.
 */
export function registerKeyPairRoutes(router: Router, store: RecordStore<KeyPair>, inUse: (name: string) => string | undefined): void {
  const base = '/v3/{project_id}/keypairs';
  router.add('GET', base, () => ({ status: 200, body: { keypairs: store.all().map(view) } }));

  router.add('POST', base, ({ body }) => {
    const req = parseJsonObject(body);
    const inner = req.keypair;
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
  });

  router.add('GET', `${base}/{keypair_name}`, ({ params }) => {
    const kp = store.get(params.keypair_name as string);
    if (!kp) throw keyPairNotFound(params.keypair_name as string);
    return { status: 200, body: view(kp) };
  });

  router.add('DELETE', `${base}/{keypair_name}`, ({ params }) => {
    const name = params.keypair_name as string;
    if (!namePattern.test(name) || !store.has(name)) throw keyPairNotFound(name);
    const user = inUse(name);
    if (user) throw Errors.conflict(`Key pair ${name} is used by ${user}.`);
    store.delete(name);
    return { status: 204 };
  });
}
