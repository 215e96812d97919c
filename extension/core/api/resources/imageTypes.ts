/** Image DTOs (reference §5), and the `{current, data, pages, size, total}` page several families share. */

/** Accelerator kinds an image supports. */
export type ResourceCategory = 'CPU' | 'GPU' | 'ASCEND';

/** An image. Fields marked local are local mode's own; cloud-only fields are optional. */
export interface Image {
  readonly id: string;
  readonly name: string;
  /** SWR organisation. */
  readonly namespace: string;
  readonly tag: string;
  readonly swr_path: string;
  readonly arch: 'X86_64' | 'AARCH64' | (string & {});
  readonly type: 'BUILD_IN' | 'DEDICATED';
  readonly service_type: 'COMMON' | 'INFERENCE' | 'TRAIN' | 'DEV' | 'UNKNOWN' | (string & {});
  /** `NOTEBOOK`, `SSH` (and `AI_FLOW` in a cloud example). */
  readonly dev_services: readonly string[];
  /** Plural in answers (the register request says `resource_category`). */
  readonly resource_categories: readonly ResourceCategory[];
  readonly support_res_categories?: readonly ResourceCategory[];
  readonly status: 'INIT' | 'CREATING' | 'CREATE_FAILED' | 'ERROR' | 'DELETED' | 'ACTIVE';
  readonly status_message?: string;
  readonly origin?: 'CUSTOMIZE' | 'IMAGE_SAVE' | 'BUILD_IN' | (string & {});
  readonly visibility?: 'PRIVATE' | 'PUBLIC';
  readonly size?: number;
  readonly description?: string;
  readonly create_at?: number;
  readonly update_at?: number;
  readonly workspace_id?: string;
  readonly flavor_type?: string;
  readonly swr_instance_id?: string;
  readonly show_name?: string;
  readonly show_tag?: string;
  readonly tags?: readonly unknown[];
  /** Local mode: the AI engine (PyTorch, TensorFlow…) and its version. */
  readonly engine?: string;
  readonly engine_version?: string;
  /** Local mode: what a notebook made from this image really runs (the image is only a label there). */
  readonly local_runtime?: LocalRuntime;
}

/**
 * Local mode's own field, on images and notebooks: a local notebook runs on this machine, not in
 * its image, so a "pytorch1.8" notebook has whatever Python (and torch) the machine has. The
 * daemon says what that is, so the editor can show it where an image is chosen and in the
 * notebook's tooltip.
 */
export interface LocalRuntime {
  /** What `python3 --version` prints on the notebook's PATH (`Python 3.11.2`); empty when there is none. */
  readonly python: string;
  /** The account on this machine that runs the notebook's processes (SSH still logs in as ma-user). */
  readonly user: string;
  /** `host`: the notebook shares this machine's network; its ports are this machine's. */
  readonly network: 'host';
  /** `none`: nothing isolates a notebook from the rest of this machine yet. */
  readonly sandbox: 'none';
}

/** `{current, data, pages, size, total}`: the page shape of images, notebooks and flavors. */
export interface DataPage<T> {
  readonly current: number;
  readonly data: T[];
  readonly pages: number;
  readonly size: number;
  readonly total: number;
}

/** Body of register: a custom SWR image. */
export interface ImageRegisterRequest {
  /** `[registry[:port]/]namespace/name:tag`, 16–2048 characters. */
  readonly swr_path: string;
  readonly arch?: 'X86_64' | 'AARCH64';
  readonly description?: string;
  readonly origin?: 'CUSTOMIZE' | 'IMAGE_SAVE';
  /** Singular in the request. Default CPU and GPU. */
  readonly resource_category?: readonly ResourceCategory[];
  readonly service_type?: string;
  /** Default NOTEBOOK and SSH. */
  readonly services?: readonly ('NOTEBOOK' | 'SSH')[];
  readonly visibility?: 'PRIVATE' | 'PUBLIC';
  readonly workspace_id?: string;
  /** Local mode: the engine name and version the image is filed under. */
  readonly engine?: string;
  readonly engine_version?: string;
}
