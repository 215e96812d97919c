import type { Lease, Notebook, NotebookStatus } from '../../../core/api/resources/notebookTypes';
import type { LocalRuntime } from '../../../core/api/resources/imageTypes';
import type { LocalImage } from '../images/catalog';

/**
 * The cloud's notebook statuses local mode goes through: CREATING → STARTING → RUNNING →
 * STOPPING → STOPPED, DELETING, and the failed ones: CREATE_FAILED and START_FAILED when an
 * instance could not come up, ERROR when a running one failed (a stop that could not finish).
 */
export type LocalNotebookStatus = Extract<
  NotebookStatus,
  'CREATING' | 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'DELETING' | 'CREATE_FAILED' | 'START_FAILED' | 'ERROR'
>;

/** Local mode's lease: always on, always TIMING (there is no idle detection). */
export type LocalLease = Lease & { readonly type: 'TIMING' };

/**
 * A notebook as stored: the fields of the API's Notebook that local mode keeps, plus its own
 * (the key pairs it accepts, its SSH port and host key). The volume, endpoints and URLs of an
 * answer are derived from these by {@link notebookView}.
 */
export type StoredNotebook = Required<Pick<Notebook, 'id' | 'name' | 'flavor' | 'create_at' | 'update_at'>> & {
  readonly description: string;
  readonly status: LocalNotebookStatus;
  readonly fail_reason: string;
  readonly feature: 'NOTEBOOK';
  readonly workspace_id: string;
  readonly image: LocalImage;
  readonly lease: LocalLease;
  readonly key_pair_names: readonly string[];
  /** The SSH port the notebook had last; reused on restart when free, so ssh config stays valid. */
  readonly ssh_port: number;
  readonly host_key_fingerprint: string;
};

export const minLeaseMs = 3_600_000;
export const maxLeaseMs = 259_200_000;

/**
 * The API's view of a notebook: NotebookResp fields, SSH endpoint included while it runs. A local
 * notebook's volume is mounted at its real work dir on this machine (the cloud's
 * /home/ma-user/work), which is the folder a remote window opens.
 */
export function notebookView(nb: StoredNotebook, workDir: string, runtime?: LocalRuntime): Notebook {
  const running = nb.status === 'RUNNING';
  return {
    id: nb.id,
    name: nb.name,
    description: nb.description,
    status: nb.status,
    fail_reason: nb.fail_reason,
    flavor: nb.flavor,
    feature: nb.feature,
    workspace_id: nb.workspace_id,
    image: nb.image,
    lease: nb.lease,
    volume: { category: 'EVS', ownership: 'MANAGED', capacity: 5, mount_path: `${workDir}/`, status: 'NORMAL' },
    endpoints: [
      {
        service: 'SSH',
        dev_service: 'SSH',
        // Local mode answers on loopback; the URI carries user, host and port so a client needs nothing else.
        uri: running ? `ssh://ma-user@127.0.0.1:${nb.ssh_port}` : '',
        key_pair_names: nb.key_pair_names,
        allowed_access_ips: ['127.0.0.1'],
        host_key_fingerprint: nb.host_key_fingerprint,
      },
    ],
    action_progress: [],
    url: '',
    token: '',
    create_at: nb.create_at,
    update_at: nb.update_at,
    ...(runtime ? { local_runtime: runtime } : {}),
  };
}
