/**
 * Images (`/v1/{project_id}/images`, reference §5): the preset (`BUILD_IN`) and registered
 * (`DEDICATED`) images notebooks and training jobs run on.
 */
import { isPlatformError } from '../errors';
import type { HttpClient } from '../http';
import { dataPaging, items } from '../paging';
import { imageRoutes } from '../routes/images';
import { type CallOptions, compact, requireField, send, sendJson } from './common';
import type { Image, ImageRegisterRequest, ResourceCategory } from './imageTypes';

export * from './imageTypes';

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
      sendJson(this.http, imageRoutes.list, {
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
    return sendJson(this.http, imageRoutes.get, { params: { image_id: id }, signal: options.signal });
  }

  /**
   * The image with this id, or else with exactly this name (the first one, presets first as the
   * platform lists them); undefined when there is none. For commands and the CLI, where people
   * type names.
   */
  async findImage(idOrName: string, options: CallOptions & { workspaceId?: string } = {}): Promise<Image | undefined> {
    requireField(idOrName, 'image id or name');
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
    return sendJson(this.http, imageRoutes.register, { body: compact({ ...request }), signal: options.signal });
  }

  /** Unregisters a custom image (preset ones cannot be deleted). Resolves with the image when the platform returns it. */
  async delete(id: string, options: CallOptions = {}): Promise<Image | undefined> {
    const res = await send(this.http, imageRoutes.delete, { params: { image_id: id }, signal: options.signal });
    return res.body ?? undefined;
  }
}
