/**
 * Images (`/v1/{project_id}/images`, reference §5): the preset (`BUILD_IN`) and registered
 * (`DEDICATED`) images notebooks and training jobs run on.
 */
import { isPlatformError } from '../errors';
import type { HttpClient } from '../http';
import { dataPaging, items } from '../paging';
import { type CallOptions, compact, idSegment, requireField, send, sendJson } from './common';

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
}

/** `{current, data, pages, size, total}`: the page shape of images, notebooks and flavors. */
export interface DataPage<T> {
  readonly current: number;
  readonly data: T[];
  readonly pages: number;
  readonly size: number;
  readonly total: number;
}

/** Filters of list. */
export interface ImageListOptions extends CallOptions {
  /** AI engine, e.g. `PyTorch` (case-insensitive). Local mode filters on its `engine` field; against the cloud, which has none, the image name must contain it. */
  readonly engine?: string;
  /** Accelerator the image must support. */
  readonly chip?: ResourceCategory;
  readonly type?: 'BUILD_IN' | 'DEDICATED';
  readonly name?: string;
  /** Default true: `name` is a substring match. */
  readonly nameFuzzy?: boolean;
  readonly workspaceId?: string;
  /** Dev service the image must offer (e.g. `SSH` for notebooks reachable over SSH). */
  readonly service?: 'NOTEBOOK' | 'SSH';
  readonly serviceType?: string;
  readonly namespace?: string;
  /** Records per request; default 100. */
  readonly pageSize?: number;
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

const notFoundCodes = new Set(['ModelArts.6797', 'ModelArts.0404']);

/** Typed image calls. */
export class ImagesApi {
  constructor(private readonly http: HttpClient) {}

  /**
   * Images matching the filters, page by page. The filters go to the server, and are applied
   * again here, so a platform that ignores one (the cloud has no engine or chip filter) still
   * yields only matching images.
   */
  async *list(options: ImageListOptions = {}): AsyncGenerator<Image, void, undefined> {
    const engine = options.engine?.toLowerCase();
    const chip = options.chip?.toUpperCase();
    const service = options.service?.toUpperCase();
    const fetchPage = (page: { offset: number; limit: number }, signal?: AbortSignal) =>
      sendJson<DataPage<Image>>(this.http, {
        method: 'GET',
        path: '/v1/{project_id}/images',
        query: {
          offset: page.offset,
          limit: page.limit,
          name: options.name,
          name_fuzzy_match: options.nameFuzzy,
          type: options.type,
          workspace_id: options.workspaceId,
          service_type: options.serviceType,
          namespace: options.namespace,
          engine: options.engine,
          resource_category: options.chip,
          service: options.service,
        },
        signal,
        expect: [200],
      });
    for await (const image of items(fetchPage, dataPaging<Image>(), { limit: options.pageSize ?? 100, signal: options.signal })) {
      if (engine && !(image.engine ? image.engine.toLowerCase() === engine : image.name.toLowerCase().includes(engine))) continue;
      if (chip && !(image.resource_categories ?? image.support_res_categories ?? []).some((c) => c.toUpperCase() === chip)) continue;
      if (service && !(image.dev_services ?? []).some((s) => s.toUpperCase() === service)) continue;
      if (options.type && image.type !== options.type) continue;
      yield image;
    }
  }

  /** {@link list}, collected. */
  async listAll(options: ImageListOptions = {}): Promise<Image[]> {
    const out: Image[] = [];
    for await (const image of this.list(options)) out.push(image);
    return out;
  }

  /** One image by id. */
  get(id: string, options: CallOptions = {}): Promise<Image> {
    return sendJson<Image>(this.http, {
      method: 'GET',
      path: `/v1/{project_id}/images/${idSegment(id, 'image id')}`,
      signal: options.signal,
      expect: [200],
    });
  }

  /**
   * The image with this id, or else with exactly this name (the first one, presets first as the
   * platform lists them); undefined when there is none. For commands and the CLI, where people
   * type names.
   */
  async findImage(idOrName: string, options: CallOptions & { workspaceId?: string } = {}): Promise<Image | undefined> {
    idSegment(idOrName, 'image id or name');
    try {
      return await this.get(idOrName, options);
    } catch (err) {
      // Not found comes as HTTP 400 ModelArts.6797 (or 404 on some gateways); anything else is real.
      if (
        !isPlatformError(err) ||
        !(notFoundCodes.has(err.errorCode) || err.status === 404 || (err.status === 400 && /not exist|not found/i.test(err.errorMsg)))
      )
        throw err;
    }
    for await (const image of this.list({ name: idOrName, nameFuzzy: false, workspaceId: options.workspaceId, signal: options.signal })) {
      if (image.name === idOrName) return image;
    }
    return undefined;
  }

  /** Registers a custom image from SWR and returns it. */
  register(request: ImageRegisterRequest, options: CallOptions = {}): Promise<Image> {
    requireField(request?.swr_path, 'swr_path');
    return sendJson<Image>(this.http, {
      method: 'POST',
      path: '/v1/{project_id}/images',
      body: compact({ ...request }),
      signal: options.signal,
      expect: [200, 201],
    });
  }

  /** Unregisters a custom image (preset ones cannot be deleted). Resolves with the image when the platform returns it. */
  async delete(id: string, options: CallOptions = {}): Promise<Image | undefined> {
    const res = await send<Image | undefined>(this.http, {
      method: 'DELETE',
      path: `/v1/{project_id}/images/${idSegment(id, 'image id')}`,
      signal: options.signal,
      expect: [200, 202, 204],
    });
    return res.body ?? undefined;
  }
}
