/** Images (`/v1/{project_id}/images`, reference §5). */
import type { DataPage, Image, ImageRegisterRequest, ResourceCategory } from '../resources/imageTypes';
import { route } from './route';

export type ImageListQuery = {
  readonly offset?: number;
  readonly limit?: number;
  readonly name?: string;
  /** Default true: `name` is a substring. */
  readonly name_fuzzy_match?: boolean;
  readonly type?: 'BUILD_IN' | 'DEDICATED';
  readonly workspace_id?: string;
  readonly service_type?: string;
  readonly namespace?: string;
  /** Local mode: the AI engine (the cloud ignores it). */
  readonly engine?: string;
  /** Local mode: an accelerator the image supports (the cloud ignores it). */
  readonly resource_category?: ResourceCategory;
  /** Local mode: a dev service the image offers (the cloud ignores it). */
  readonly service?: 'NOTEBOOK' | 'SSH';
};

const base = '/v1/{project_id}/images';
const one = '/v1/{project_id}/images/{image_id}';

export const imageRoutes = {
  list: route<undefined, DataPage<Image>, ImageListQuery>()({ method: 'GET', path: base, action: 'modelarts:image:list', expect: [200] }),
  register: route<ImageRegisterRequest, Image>()({ method: 'POST', path: base, action: 'modelarts:image:register', expect: [200, 201] }),
  get: route<undefined, Image>()({ method: 'GET', path: one, action: 'modelarts:image:get', expect: [200] }),
  /** Custom images only; the platform answers with the image it removed, or nothing. */
  delete: route<undefined, Image | undefined>()({ method: 'DELETE', path: one, action: 'modelarts:image:delete', expect: [200, 202, 204] }),
} as const;
