/**
 * A small, strict XML reader and writer for the PASCAL VOC subset (elements, attributes, text,
 * comments, CDATA, the five named entities and character references). Written here rather than
 * taken from npm because VOC needs a tenth of XML, the reader must say the line of every error,
 * and the converters must stay fast at 100,000 files (this scans with indexOf, no regexes per
 * character).
 *
 * Strict means a malformed document is refused, never guessed at: a missing or mismatched close
 * tag, an unknown entity, an unquoted or repeated attribute, text after the root, a second root.
 * DOCTYPE declarations are refused too: VOC never has them, and internal entity definitions are
 * how "billion laughs" documents blow up readers.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text (character data and CDATA directly inside it), entities decoded, untrimmed. */
  text: string;
  /** 1-based line of the start tag. */
  readonly line: number;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
    this.name = 'XmlError';
  }
}

const named: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Characters that end a name: whitespace, `/`, `>`, `=`, quotes, `<`. */
function isNameEnd(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || c === 61 || c === 34 || c === 39 || c === 60;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Parses a whole document and returns its root element. Throws XmlError with the line and column. */
export function parseXml(input: string): XmlElement {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  let pos = 0;
  // Line bookkeeping: newlines are counted lazily up to the position asked about, so the total
  // cost stays linear in the document.
  let lineAt = 0;
  let line = 1;
  let lineStart = 0;
  const lineOf = (p: number): number => {
    if (p < lineAt) {
      lineAt = 0;
      line = 1;
      lineStart = 0;
    }
    for (let i = text.indexOf('\n', lineAt); i !== -1 && i < p; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    lineAt = p;
    return line;
  };
  const fail = (message: string, p = pos): XmlError => {
    const l = lineOf(p);
    return new XmlError(message, l, p - lineStart + 1);
  };

  const decode = (raw: string, at: number): string => {
    if (raw.indexOf('&') < 0) return raw;
    let out = '';
    let i = 0;
    for (;;) {
      const amp = raw.indexOf('&', i);
      if (amp < 0) return out + raw.slice(i);
      out += raw.slice(i, amp);
      const semi = raw.indexOf(';', amp);
      if (semi < 0 || semi - amp > 12) throw fail('"&" must start an entity such as &amp; (write a literal & as &amp;)', at + amp);
      const name = raw.slice(amp + 1, semi);
      let ch: string | undefined;
      if (name.startsWith('#x') || name.startsWith('#X'))
        ch = codePoint(Number.parseInt(name.slice(2), 16), /^[0-9a-fA-F]+$/.test(name.slice(2)));
      else if (name.startsWith('#')) ch = codePoint(Number.parseInt(name.slice(1), 10), /^[0-9]+$/.test(name.slice(1)));
      else ch = named[name];
      if (ch === undefined) throw fail(`unknown entity &${name};`, at + amp);
      out += ch;
      i = semi + 1;
    }
  };

  const skipMisc = (): void => {
    for (;;) {
      while (pos < n && isSpace(text.charCodeAt(pos))) pos++;
      if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) throw fail('comment is not closed with -->');
        pos = end + 3;
      } else if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos + 2);
        if (end < 0) throw fail('processing instruction is not closed with ?>');
        pos = end + 2;
      } else if (text.startsWith('<!DOCTYPE', pos) || text.startsWith('<!doctype', pos)) {
        throw fail('DOCTYPE declarations are not accepted');
      } else return;
    }
  };

  const readName = (): string => {
    const start = pos;
    while (pos < n && !isNameEnd(text.charCodeAt(pos))) pos++;
    if (pos === start) throw fail('expected a name');
    return text.slice(start, pos);
  };

  /** After `<`: the start tag's name and attributes; returns true when it closes itself (`/>`). */
  const readStartTag = (): { name: string; attributes: Record<string, string>; empty: boolean } => {
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = pos;
      while (pos < n && isSpace(text.charCodeAt(pos))) pos++;
      const c = text.charCodeAt(pos);
      if (c === 62) {
        pos++;
        return { name, attributes, empty: false };
      }
      if (c === 47 && text.charCodeAt(pos + 1) === 62) {
        pos += 2;
        return { name, attributes, empty: true };
      }
      if (pos >= n) throw fail(`<${name}> is not closed with >`);
      if (pos === before) throw fail(`expected whitespace before an attribute in <${name}>`);
      const attr = readName();
      while (pos < n && isSpace(text.charCodeAt(pos))) pos++;
      if (text.charCodeAt(pos) !== 61) throw fail(`attribute ${attr} of <${name}> needs ="value"`);
      pos++;
      while (pos < n && isSpace(text.charCodeAt(pos))) pos++;
      const quote = text.charCodeAt(pos);
      if (quote !== 34 && quote !== 39) throw fail(`the value of attribute ${attr} must be quoted`);
      const end = text.indexOf(quote === 34 ? '"' : "'", pos + 1);
      if (end < 0) throw fail(`the value of attribute ${attr} is not closed`);
      const raw = text.slice(pos + 1, end);
      if (raw.includes('<')) throw fail(`the value of attribute ${attr} contains <`, pos + 1 + raw.indexOf('<'));
      if (Object.hasOwn(attributes, attr)) throw fail(`attribute ${attr} is given twice in <${name}>`);
      attributes[attr] = decode(raw, pos + 1);
      pos = end + 1;
    }
  };

  skipMisc();
  if (pos >= n) throw fail('the document is empty (no root element)');
  if (text.charCodeAt(pos) !== 60) throw fail('text before the root element');
  const rootStart = pos;
  pos++;
  const first = readStartTag();
  const root: XmlElement = { name: first.name, attributes: first.attributes, children: [], text: '', line: lineOf(rootStart) };
  if (!first.empty) {
    const stack: XmlElement[] = [root];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as XmlElement;
      const lt = text.indexOf('<', pos);
      if (lt < 0) throw fail(`<${top.name}> (line ${top.line}) is not closed: the document ends first`, n);
      if (lt > pos) {
        const raw = text.slice(pos, lt);
        if (raw.includes(']]>')) throw fail('"]]>" is not allowed in text', pos + raw.indexOf(']]>'));
        top.text += decode(raw, pos);
      }
      pos = lt;
      if (text.startsWith('</', pos)) {
        pos += 2;
        const name = readName();
        while (pos < n && isSpace(text.charCodeAt(pos))) pos++;
        if (text.charCodeAt(pos) !== 62) throw fail(`</${name} is not closed with >`);
        if (name !== top.name) throw fail(`</${name}> closes <${top.name}> opened on line ${top.line}`, lt);
        pos++;
        stack.pop();
      } else if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) throw fail('comment is not closed with -->');
        pos = end + 3;
      } else if (text.startsWith('<![CDATA[', pos)) {
        const end = text.indexOf(']]>', pos + 9);
        if (end < 0) throw fail('CDATA section is not closed with ]]>');
        top.text += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos + 2);
        if (end < 0) throw fail('processing instruction is not closed with ?>');
        pos = end + 2;
      } else if (text.startsWith('<!', pos)) {
        throw fail('declarations are not accepted inside elements');
      } else {
        pos++;
        const tag = readStartTag();
        const child: XmlElement = { name: tag.name, attributes: tag.attributes, children: [], text: '', line: lineOf(lt) };
        top.children.push(child);
        if (!tag.empty) stack.push(child);
      }
    }
  }
  skipMisc();
  if (pos < n)
    throw fail(text.charCodeAt(pos) === 60 ? 'a second root element: a document has exactly one' : 'text after the root element');
  return root;
}

function codePoint(cp: number, wellFormed: boolean): string | undefined {
  if (!wellFormed || !Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return String.fromCodePoint(cp);
}

/** The first child with this name. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

/** The trimmed text of the first child with this name. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c === undefined ? undefined : c.text.trim();
}

/** Text safe inside an element or a double-quoted attribute. */
export function escapeXml(value: string): string {
  return /[<>&"]/.test(value) ? value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : value;
}
