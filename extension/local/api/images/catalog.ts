import { createHash } from 'node:crypto';
import type { Image, ResourceCategory } from '../../../core/api/resources/imageTypes';

/**
 * An image as local mode keeps and answers it: the API's Image, with the fields local mode always
 * fills. Preset ones are `BUILD_IN`, registered ones `DEDICATED`.
 */
export type LocalImage = Image & {
  readonly dev_services: readonly ('NOTEBOOK' | 'SSH')[];
  readonly resource_categories: readonly ResourceCategory[];
  /** Local mode's own reading of the image: the AI engine and its version, for filtering. */
  readonly engine: string;
  readonly engine_version: string;
  readonly workspace_id: string;
};

type Row = [
  name: string,
  engine: string,
  version: string,
  categories: Image['resource_categories'],
  arch: Image['arch'],
  ssh: boolean,
  description: string,
];

/**
 * The preset catalog, after the platform's own list for new-version notebooks and its unified
 * Ascend images (ModelArts user manual, "新版Notebook支持的镜像" and "统一镜像列表"). Local mode
 * runs everything on this machine, so an image here names an environment, not a container.
 */
const rows: readonly Row[] = [
  [
    'pytorch1.8-cuda10.2-cudnn7-ubuntu18.04',
    'PyTorch',
    '1.8',
    ['CPU', 'GPU'],
    'X86_64',
    true,
    'CPU and GPU general algorithm development and training, preconfigured with AI engine PyTorch 1.8',
  ],
  [
    'pytorch1.10-cuda10.2-cudnn7-ubuntu18.04',
    'PyTorch',
    '1.10',
    ['CPU', 'GPU'],
    'X86_64',
    true,
    'CPU and GPU general algorithm development and training, preconfigured with AI engine PyTorch 1.10 and cuda 10.2',
  ],
  [
    'pytorch1.4-cuda10.1-cudnn7-ubuntu18.04',
    'PyTorch',
    '1.4',
    ['CPU', 'GPU'],
    'X86_64',
    true,
    'CPU and GPU general algorithm development and training, preconfigured with AI engine PyTorch 1.4',
  ],
  [
    'pytorch_2.1.0-cann_8.0.rc1-py_3.9-euler_2.10.7-aarch64-snt9b',
    'PyTorch',
    '2.1.0',
    ['ASCEND'],
    'AARCH64',
    true,
    'Ascend snt9b unified image: PyTorch 2.1.0, CANN 8.0.RC1, Python 3.9',
  ],
  [
    'tensorflow2.1-cuda10.1-cudnn7-ubuntu18.04',
    'TensorFlow',
    '2.1',
    ['CPU', 'GPU'],
    'X86_64',
    true,
    'CPU and GPU general algorithm development and training, preconfigured with AI engine TensorFlow 2.1',
  ],
  [
    'tensorflow1.13-cuda10.0-cudnn7-ubuntu18.04',
    'TensorFlow',
    '1.13.1',
    ['GPU'],
    'X86_64',
    true,
    'GPU general algorithm development and training, preconfigured with AI engine TensorFlow 1.13.1',
  ],
  [
    'mindspore1.7.0-cuda10.1-py3.7-ubuntu18.04',
    'MindSpore',
    '1.7.0',
    ['CPU', 'GPU'],
    'X86_64',
    true,
    'CPU and GPU general algorithm development and training, preconfigured with AI engine MindSpore 1.7.0 and cuda 10.1',
  ],
  [
    'mindspore1.7.0-py3.7-ubuntu18.04',
    'MindSpore',
    '1.7.0',
    ['CPU'],
    'X86_64',
    true,
    'CPU general algorithm development and training, preconfigured with AI engine MindSpore 1.7.0',
  ],
  [
    'mindspore_2.3.0-cann_8.0.rc1-py_3.9-euler_2.10.7-aarch64-snt9b',
    'MindSpore',
    '2.3.0',
    ['ASCEND'],
    'AARCH64',
    true,
    'Ascend snt9b unified image: MindSpore 2.3.0, CANN 8.0.RC1, Python 3.9',
  ],
  ['conda3-ubuntu18.04', 'Conda', '3', ['CPU'], 'X86_64', true, 'Clean user customized base image only include conda'],
  [
    'conda3-cuda10.2-cudnn7-ubuntu18.04',
    'Conda',
    '3',
    ['CPU', 'GPU'],
    'X86_64',
    true,
    'Clean user customized base image include cuda10.2, conda',
  ],
  [
    'spark2.4.5-ubuntu18.04',
    'PySpark',
    '2.4.5',
    ['CPU'],
    'X86_64',
    false,
    'CPU algorithm development and training, prebuilt PySpark 2.4.5',
  ],
];

/** Stable ids across data dirs and restarts: a UUID shape derived from the image name. */
function presetId(name: string): string {
  const h = createHash('sha256').update(`modelarts-local-image:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The preset images, fresh objects each call. */
export function presetImages(): LocalImage[] {
  const epoch = Date.UTC(2024, 0, 1);
  return rows.map(([name, engine, version, categories, arch, ssh, description]) => ({
    id: presetId(name),
    name,
    namespace: 'atelier',
    tag: name,
    swr_path: `swr.local/atelier/${name.replace(/[^a-z0-9_.-]/gi, '_')}:${name}`,
    arch,
    type: 'BUILD_IN',
    service_type: 'COMMON',
    dev_services: ssh ? ['NOTEBOOK', 'SSH'] : ['NOTEBOOK'],
    resource_categories: categories,
    status: 'ACTIVE',
    status_message: '',
    origin: 'BUILD_IN',
    visibility: 'PUBLIC',
    description,
    create_at: epoch,
    update_at: epoch,
    workspace_id: '0',
    engine,
    engine_version: version,
    size: 0,
  }));
}
