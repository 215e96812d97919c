import { ownCopy, type Tables } from './xmlTables';

/**
 * The scanning half of the XML reader (xml.ts): checks a document against the strict subset and
 * writes its elements into tables of numbers, where each name and text lies in the source, the
 * line of each start tag, the links from parents to children. No element objects, names or
 * lists are made on the way, which is most of what reading 100,000 VOC files used to allocate.
 */

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

/**
 * The reader's state and steps, writing into Tables. A class rather than closures: 100,000 VOC
 * files are 100,000 parses, and methods are made once, closures once per call.
 */
export class Scanner {
  private pos = 0;
  private readonly n: number;
  // Line bookkeeping: newlines are counted lazily up to the position asked about, and each is
  // searched for once, so the total cost stays linear in the document.
  private lineAt = 0;
  private line = 1;
  private lineStart = 0;
  /** The first newline at or after lineAt (-1: none left). */
  private nextNewline: number;
  /** Set by readName() and startTag(): where the name read ends, its hash, and whether the tag closed itself. */
  private nameEnd = 0;
  private hash = 0;
  private empty = false;

  constructor(
    private readonly text: string,
    private readonly tables: Tables,
  ) {
    this.n = text.length;
    this.nextNewline = text.indexOf('\n');
  }

  document(): void {
    const text = this.text;
    this.skipMisc();
    if (this.pos >= this.n) throw this.fail('the document is empty (no root element)');
    if (text.charCodeAt(this.pos) !== 60) throw this.fail('text before the root element');
    const root = this.element(this.pos++);
    if (!this.empty) this.content(root);
    this.skipMisc();
    if (this.pos < this.n)
      throw this.fail(
        text.charCodeAt(this.pos) === 60 ? 'a second root element: a document has exactly one' : 'text after the root element',
      );
  }

  /** The element whose start tag begins at `lt`, read up to the end of the tag. */
  private element(lt: number): number {
    const nameStart = this.pos;
    const attributes = this.startTag();
    return this.tables.add(nameStart, this.nameEnd, this.hash, this.lineOf(lt), attributes);
  }

  /** Everything inside the root, up to and including its close tag. */
  private content(root: number): void {
    const text = this.text;
    const n = this.n;
    const t = this.tables;
    // The open elements, and the last child of each so far (-1: none yet).
    const open: number[] = [root];
    const last: number[] = [-1];
    while (open.length > 0) {
      const top = open[open.length - 1] as number;
      // Up to the next '<' in one pass: whether there is text besides whitespace (indentation
      // between elements is not kept: it is nobody's text), and whether it may hold "]]>" or an
      // entity. A loop of character reads, not indexOf and includes: the runs are a few
      // characters long, and a built-in call costs more than reading them.
      const pos = this.pos;
      let lt = pos;
      let blank = true;
      let marked = false;
      for (; lt < n; lt++) {
        const c = text.charCodeAt(lt);
        if (c === 60) break;
        if (blank && !isSpace(c)) blank = false;
        if (c === 38 || c === 93) marked = true;
      }
      if (lt >= n) throw this.fail(`<${this.nameOf(top)}> (line ${this.lineOfElement(top)}) is not closed: the document ends first`, n);
      if (!blank) {
        if (!marked) t.addText(top, text, pos, lt, undefined);
        else {
          const raw = text.slice(pos, lt);
          if (raw.includes(']]>')) throw this.fail('"]]>" is not allowed in text', pos + raw.indexOf(']]>'));
          t.addText(top, text, pos, lt, this.decode(raw, pos));
        }
      }
      this.pos = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === 47) {
        this.closeTag(top, lt);
        open.pop();
        last.pop();
      } else if (next === 33 || next === 63) {
        this.special(top);
      } else {
        this.pos = lt + 1;
        const child = this.element(lt);
        const previous = last[last.length - 1] as number;
        t.link(top, previous, child);
        last[last.length - 1] = child;
        if (!this.empty) {
          open.push(child);
          last.push(-1);
        }
      }
    }
  }

  /**
   * After `</` at `lt`: the close tag of `top`. The expected name is compared in place, so the
   * common case copies nothing; anything else (a space before `>`, another name) is read out to
   * say what is wrong.
   */
  private closeTag(top: number, lt: number): void {
    const text = this.text;
    const start = this.tables.nameStart(top);
    const length = this.tables.nameEnd(top) - start;
    const end = lt + 2 + length;
    if (text.charCodeAt(end) === 62 && sameRun(text, start, lt + 2, length)) {
      this.pos = end + 1;
      return;
    }
    this.pos = lt + 2;
    const nameStart = this.pos;
    this.readName();
    const name = text.slice(nameStart, this.pos);
    while (this.pos < this.n && isSpace(text.charCodeAt(this.pos))) this.pos++;
    if (text.charCodeAt(this.pos) !== 62) throw this.fail(`</${name} is not closed with >`);
    const expected = this.nameOf(top);
    if (name !== expected) throw this.fail(`</${name}> closes <${expected}> opened on line ${this.lineOfElement(top)}`, lt);
    this.pos++;
  }

  /** `<!--`, `<![CDATA[`, `<?` inside an element; any other `<!` is refused. */
  private special(top: number): void {
    const text = this.text;
    const pos = this.pos;
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) throw this.fail('comment is not closed with -->');
      this.pos = end + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos + 9);
      if (end < 0) throw this.fail('CDATA section is not closed with ]]>');
      this.tables.addText(top, text, pos + 9, end, text.slice(pos + 9, end));
      this.pos = end + 3;
    } else if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos + 2);
      if (end < 0) throw this.fail('processing instruction is not closed with ?>');
      this.pos = end + 2;
    } else throw this.fail('declarations are not accepted inside elements');
  }

  private nameOf(e: number): string {
    return this.text.slice(this.tables.nameStart(e), this.tables.nameEnd(e));
  }

  private lineOfElement(e: number): number {
    return this.tables.line(e);
  }

  private lineOf(p: number): number {
    const text = this.text;
    if (p < this.lineAt) {
      this.lineAt = 0;
      this.line = 1;
      this.lineStart = 0;
      this.nextNewline = text.indexOf('\n');
    }
    while (this.nextNewline !== -1 && this.nextNewline < p) {
      this.line++;
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = text.indexOf('\n', this.lineStart);
    }
    this.lineAt = p;
    return this.line;
  }

  private fail(message: string, p = this.pos): XmlError {
    const l = this.lineOf(p);
    return new XmlError(message, l, p - this.lineStart + 1);
  }

  private decode(raw: string, at: number): string {
    if (raw.indexOf('&') < 0) return raw;
    let out = '';
    let i = 0;
    for (;;) {
      const amp = raw.indexOf('&', i);
      if (amp < 0) return out + raw.slice(i);
      out += raw.slice(i, amp);
      const semi = raw.indexOf(';', amp);
      if (semi < 0 || semi - amp > 12) throw this.fail('"&" must start an entity such as &amp; (write a literal & as &amp;)', at + amp);
      const name = raw.slice(amp + 1, semi);
      let ch: string | undefined;
      if (name.startsWith('#x') || name.startsWith('#X'))
        ch = codePoint(Number.parseInt(name.slice(2), 16), /^[0-9a-fA-F]+$/.test(name.slice(2)));
      else if (name.startsWith('#')) ch = codePoint(Number.parseInt(name.slice(1), 10), /^[0-9]+$/.test(name.slice(1)));
      else ch = named[name];
      if (ch === undefined) throw this.fail(`unknown entity &${name};`, at + amp);
      out += ch;
      i = semi + 1;
    }
  }

  private skipMisc(): void {
    const text = this.text;
    for (;;) {
      while (this.pos < this.n && isSpace(text.charCodeAt(this.pos))) this.pos++;
      if (text.startsWith('<!--', this.pos)) {
        const end = text.indexOf('-->', this.pos + 4);
        if (end < 0) throw this.fail('comment is not closed with -->');
        this.pos = end + 3;
      } else if (text.startsWith('<?', this.pos)) {
        const end = text.indexOf('?>', this.pos + 2);
        if (end < 0) throw this.fail('processing instruction is not closed with ?>');
        this.pos = end + 2;
      } else if (text.startsWith('<!DOCTYPE', this.pos) || text.startsWith('<!doctype', this.pos)) {
        throw this.fail('DOCTYPE declarations are not accepted');
      } else return;
    }
  }

  /** Moves past a name, noting its end and hash; nothing is copied. */
  private readName(): void {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let hash = 0;
    for (; pos < this.n; pos++) {
      const c = text.charCodeAt(pos);
      if (isNameEnd(c)) break;
      hash = (hash * 31 + c) | 0;
    }
    if (pos === start) throw this.fail('expected a name');
    this.pos = this.nameEnd = pos;
    this.hash = hash;
  }

  /**
   * After `<`: the tag's name (its end and hash go to nameEnd and hash), then its attributes,
   * returned; whether the tag closes itself (`/>`) goes to empty.
   */
  private startTag(): Record<string, string> | undefined {
    const text = this.text;
    const nameStart = this.pos;
    this.readName();
    const nameEnd = this.nameEnd;
    const hash = this.hash;
    let attributes: Record<string, string> | undefined;
    for (;;) {
      const before = this.pos;
      while (this.pos < this.n && isSpace(text.charCodeAt(this.pos))) this.pos++;
      const c = text.charCodeAt(this.pos);
      if (c === 62 || (c === 47 && text.charCodeAt(this.pos + 1) === 62)) {
        this.empty = c === 47;
        this.pos += this.empty ? 2 : 1;
        this.nameEnd = nameEnd;
        this.hash = hash;
        return attributes;
      }
      const name = () => text.slice(nameStart, nameEnd);
      if (this.pos >= this.n) throw this.fail(`<${name()}> is not closed with >`);
      if (this.pos === before) throw this.fail(`expected whitespace before an attribute in <${name()}>`);
      const attrStart = this.pos;
      this.readName();
      const attr = ownCopy(text.slice(attrStart, this.pos));
      while (this.pos < this.n && isSpace(text.charCodeAt(this.pos))) this.pos++;
      if (text.charCodeAt(this.pos) !== 61) throw this.fail(`attribute ${attr} of <${name()}> needs ="value"`);
      this.pos++;
      while (this.pos < this.n && isSpace(text.charCodeAt(this.pos))) this.pos++;
      const quote = text.charCodeAt(this.pos);
      if (quote !== 34 && quote !== 39) throw this.fail(`the value of attribute ${attr} must be quoted`);
      const end = text.indexOf(quote === 34 ? '"' : "'", this.pos + 1);
      if (end < 0) throw this.fail(`the value of attribute ${attr} is not closed`);
      const raw = text.slice(this.pos + 1, end);
      if (raw.includes('<')) throw this.fail(`the value of attribute ${attr} contains <`, this.pos + 1 + raw.indexOf('<'));
      attributes ??= {};
      if (Object.hasOwn(attributes, attr)) throw this.fail(`attribute ${attr} is given twice in <${name()}>`);
      attributes[attr] = ownCopy(this.decode(raw, this.pos + 1));
      this.pos = end + 1;
    }
  }
}

/** Whether the `length` characters at `a` and at `b` of `text` are the same. */
function sameRun(text: string, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (text.charCodeAt(a + i) !== text.charCodeAt(b + i)) return false;
  return true;
}

function codePoint(cp: number, wellFormed: boolean): string | undefined {
  if (!wellFormed || !Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return String.fromCodePoint(cp);
}
