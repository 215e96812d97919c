import { LabelType, type Problem } from './model';
import { escapeXml, parseXml, XmlError, type XmlElement } from './xml';

/**
 * Label Studio's labeling config (the project's `<View>` XML, which Label Studio shows under
 * Settings → Labeling Interface and which people save beside an export as `label_config.xml`).
 * An export alone does not say which data field a result is about or what kind of object it is:
 * a result names its object tag (`to_name: "image"`), and the config says that tag is
 * `<Image name="image" value="$image"/>`, so the sample is `data.image` and it is an image. The
 * config also lists every label and choice in the project's order, which becomes the order in
 * which missing labels are added to the dataset.
 */

/** What an object tag labels. */
export type ObjectKind = 'image' | 'text' | 'other';

/** One object tag: `<Image name="image" value="$image"/>` is `{ kind: 'image', key: 'image' }`. */
export interface ConfigObject {
  readonly kind: ObjectKind;
  /** The task's data field, without the `$`. */
  readonly key: string;
}

export interface LabelConfig {
  readonly file: string;
  /** Object tags by name. */
  readonly objects: ReadonlyMap<string, ConfigObject>;
  /** The same objects by their data field (the first tag of a field wins). */
  readonly byKey: ReadonlyMap<string, ConfigObject>;
  /** `<Label value>` and `<Choice value>` names, in the config's order, each once. */
  readonly labelNames: readonly string[];
}

const kinds: Readonly<Record<string, ObjectKind>> = { image: 'image', text: 'text', hypertext: 'text', paragraphs: 'text' };

/**
 * A labeling config; undefined when the document is not one (its root is not `<View>`: a VOC
 * file, say), and a problem when it is one and is broken.
 */
export function parseLabelConfig(text: string, file: string): { config: LabelConfig } | { problem: Problem } | undefined {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    // Only a file named like a config is worth a complaint; another XML file is none of ours.
    if (!/config/i.test(file)) return undefined;
    const line = err instanceof XmlError ? err.line : undefined;
    return { problem: { file, ...(line ? { line } : {}), message: `not a valid labeling config: ${(err as Error).message}` } };
  }
  if (root.name.toLowerCase() !== 'view') return undefined;
  const objects = new Map<string, ConfigObject>();
  const labelNames: string[] = [];
  const walk = (el: XmlElement, inControl: boolean) => {
    const tag = el.name.toLowerCase();
    const { name, value, toName } = el.attributes;
    const control = inControl || toName !== undefined;
    if (!control && name !== undefined && value?.startsWith('$') && !objects.has(name))
      objects.set(name, { kind: kinds[tag] ?? 'other', key: value.slice(1) });
    if (inControl && (tag === 'label' || tag === 'choice') && value !== undefined && value !== '' && !labelNames.includes(value))
      labelNames.push(value);
    for (const c of el.children) walk(c, control);
  };
  walk(root, false);
  const byKey = new Map<string, ConfigObject>();
  for (const o of objects.values()) if (!byKey.has(o.key)) byKey.set(o.key, o);
  return { config: { file, objects, byKey, labelNames } };
}

/** The object tag and data field an export writes, by dataset type. */
export function objectFor(datasetType: number): { readonly tag: 'Image' | 'Text'; readonly key: 'image' | 'text' } {
  return datasetType >= LabelType.textClassification ? { tag: 'Text', key: 'text' } : { tag: 'Image', key: 'image' };
}

/** Control names the writer uses in results (`from_name`), which the config it writes declares. */
export const controlNames = { choice: 'choice', rectangle: 'label', polygon: 'polygon', keypoint: 'keypoint', span: 'label' } as const;

/**
 * The config for a dataset's export: its object tag and one control per kind of annotation
 * written, each listing every label of the dataset (Label Studio refuses a result whose label
 * its control does not declare).
 */
export function labelConfigXml(datasetType: number, labelNames: readonly string[], regions: ReadonlySet<'polygon' | 'keypoint'>): string {
  const { tag, key } = objectFor(datasetType);
  const control = (element: string, name: string, item: 'Label' | 'Choice', extra = '') =>
    `  <${element} name="${name}" toName="${key}"${extra}>\n${labelNames
      .map((n) => `    <${item} value="${escapeXml(n)}"/>\n`)
      .join('')}  </${element}>\n`;
  let body = `  <${tag} name="${key}" value="$${key}"/>\n`;
  if (datasetType === LabelType.imageClassification || datasetType === LabelType.textClassification)
    body += control('Choices', controlNames.choice, 'Choice', ' choice="multiple"');
  else if (datasetType === LabelType.textEntity) body += control('Labels', controlNames.span, 'Label');
  else {
    body += control('RectangleLabels', controlNames.rectangle, 'Label');
    if (regions.has('polygon')) body += control('PolygonLabels', controlNames.polygon, 'Label');
    if (regions.has('keypoint')) body += control('KeyPointLabels', controlNames.keypoint, 'Label');
  }
  return `<View>\n${body}</View>\n`;
}
