import { S3Error } from './errors';

/**
 * Just enough XML for S3: building responses from plain values, and reading the two small
 * request bodies S3 defines (DeleteObjects, CompleteMultipartUpload). A full XML parser would be
 * a dependency for two flat documents whose shape AWS fixes, so this reads them with narrow
 * patterns and rejects anything it does not recognise as MalformedXML.
 */
export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_m, ent: string) => {
    if (ent.startsWith('#x')) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    if (ent.startsWith('#')) return String.fromCodePoint(parseInt(ent.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[ent] ?? '';
  });
}

/** An element tree as nested arrays: `['Tag', children...]`, where a string child is text. */
export type XmlNode = [string, ...(XmlNode | string | number | boolean | undefined)[]];

export function renderXml(root: XmlNode, withNamespace = true): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  const walk = (node: XmlNode, top: boolean): void => {
    const [tag, ...children] = node;
    out.push(top && withNamespace ? `<${tag} xmlns="${S3_NS}">` : `<${tag}>`);
    for (const child of children) {
      if (child === undefined) continue;
      if (Array.isArray(child)) walk(child, false);
      else out.push(escapeXml(String(child)));
    }
    out.push(`</${tag}>`);
  };
  walk(root, true);
  return out.join('');
}

/** Inner text of each `<tag>…</tag>` directly found in `xml` (no nesting of the same tag in S3 bodies). */
function elements(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[1] ?? '');
}

function text(xml: string, tag: string): string | undefined {
  const found = elements(xml, tag);
  if (found.length === 0) return undefined;
  const raw = found[0] ?? '';
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(raw);
  return cdata ? cdata[1] : unescapeXml(raw);
}

export interface DeleteRequest {
  quiet: boolean;
  keys: string[];
}

export function parseDeleteRequest(xml: string): DeleteRequest {
  if (!/<Delete[\s>]/.test(xml)) throw new S3Error('MalformedXML', 'Expected a <Delete> document.');
  const keys = elements(xml, 'Object').map((obj) => {
    const key = text(obj, 'Key');
    if (key === undefined) throw new S3Error('MalformedXML', 'An <Object> without <Key>.');
    return key;
  });
  if (keys.length === 0 || keys.length > 1000) throw new S3Error('MalformedXML', 'DeleteObjects takes 1 to 1000 keys.');
  return { quiet: text(xml, 'Quiet')?.trim().toLowerCase() === 'true', keys };
}

export interface CompletePart {
  partNumber: number;
  etag: string;
}

export function parseCompleteRequest(xml: string): CompletePart[] {
  if (!/<CompleteMultipartUpload[\s>]/.test(xml)) throw new S3Error('MalformedXML', 'Expected a <CompleteMultipartUpload> document.');
  const parts = elements(xml, 'Part').map((part) => {
    const num = Number(text(part, 'PartNumber')?.trim());
    const etag = text(part, 'ETag')?.trim();
    if (!Number.isInteger(num) || etag === undefined) throw new S3Error('MalformedXML', 'Each <Part> needs <PartNumber> and <ETag>.');
    return { partNumber: num, etag: etag.replace(/^"|"$/g, '') };
  });
  if (parts.length === 0) throw new S3Error('MalformedXML', 'CompleteMultipartUpload lists no parts.');
  return parts;
}
