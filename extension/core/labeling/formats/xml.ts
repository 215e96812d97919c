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
  /** Shared and empty when there are none (most elements are leaves). */
  children: XmlElement[];
  /**
   * The element's own text (character data and CDATA directly inside it), entities decoded,
   * untrimmed; runs of only whitespace (the indentation between child elements) are left out.
   */
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
  return new Scanner(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).document();
}

const noAttributes: Readonly<Record<string, string>> = Object.freeze({});
const noChildren: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

/**
 * The reader's state and steps. A class rather than closures inside parseXml: 100,000 VOC files
 * are 100,000 parses, and methods are made once, closures once per call.
 */
class Scanner {
  private pos = 0;
  private readonly n: number;
  // Line bookkeeping: newlines are counted lazily up to the position asked about, and each is
  // searched for once, so the total cost stays linear in the document.
  private lineAt = 0;
  private line = 1;
  private lineStart = 0;
  /** The first newline at or after lineAt (-1: none left). */
  private nextNewline: number;
  /** Set by startTag(): the attributes and whether the tag closed itself. */
  private attrs: Record<string, string> = noAttributes;
  private empty = false;

  constructor(private readonly text: string) {
    this.n = text.length;
    this.nextNewline = text.indexOf('\n');
  }

  document(): XmlElement {
    const text = this.text;
    this.skipMisc();
    if (this.pos >= this.n) throw this.fail('the document is empty (no root element)');
    if (text.charCodeAt(this.pos) !== 60) throw this.fail('text before the root element');
    const rootStart = this.pos++;
    const rootName = this.startTag();
    const root: XmlElement = { name: rootName, attributes: this.attrs, children: noChildren, text: '', line: this.lineOf(rootStart) };
    if (!this.empty) this.content(root);
    this.skipMisc();
    if (this.pos < this.n)
      throw this.fail(
        text.charCodeAt(this.pos) === 60 ? 'a second root element: a document has exactly one' : 'text after the root element',
      );
    return root;
  }

  /**
   * Everything inside the root, up to and including its close tag. The children of the open
   * elements wait in one list and each element gets its own at its close tag, sized to fit: a
   * list grown child by child would have room for 17.
   */
  private content(root: XmlElement): void {
    const text = this.text;
    const n = this.n;
    const stack: XmlElement[] = [root];
    const waiting: XmlElement[] = [];
    /** Where the children of each element on the stack start in waiting. */
    const firstChild: number[] = [0];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as XmlElement;
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
      if (lt >= n) throw this.fail(`<${top.name}> (line ${top.line}) is not closed: the document ends first`, n);
      if (!blank) {
        const raw = text.slice(pos, lt);
        if (!marked) top.text += ownCopy(raw);
        else {
          if (raw.includes(']]>')) throw this.fail('"]]>" is not allowed in text', pos + raw.indexOf(']]>'));
          top.text += ownCopy(this.decode(raw, pos));
        }
      }
      this.pos = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === 47) {
        this.closeTag(top, lt);
        const from = firstChild.pop() as number;
        if (waiting.length > from) {
          top.children = waiting.slice(from);
          waiting.length = from;
        }
        stack.pop();
      } else if (next === 33 || next === 63) {
        this.special(top);
      } else {
        this.pos = lt + 1;
        const name = this.startTag();
        const child: XmlElement = { name, attributes: this.attrs, children: noChildren, text: '', line: this.lineOf(lt) };
        waiting.push(child);
        if (!this.empty) {
          stack.push(child);
          firstChild.push(waiting.length);
        }
      }
    }
  }

  /**
   * After `</` at `lt`: the close tag of `top`. The expected name is compared in place, so the
   * common case copies nothing; anything else (a space before `>`, another name) is read out to
   * say what is wrong.
   */
  private closeTag(top: XmlElement, lt: number): void {
    const text = this.text;
    const end = lt + 2 + top.name.length;
    if (text.charCodeAt(end) === 62 && text.startsWith(top.name, lt + 2)) {
      this.pos = end + 1;
      return;
    }
    this.pos = lt + 2;
    const name = this.readName();
    while (this.pos < this.n && isSpace(text.charCodeAt(this.pos))) this.pos++;
    if (text.charCodeAt(this.pos) !== 62) throw this.fail(`</${name} is not closed with >`);
    if (name !== top.name) throw this.fail(`</${name}> closes <${top.name}> opened on line ${top.line}`, lt);
    this.pos++;
  }

  /** `<!--`, `<![CDATA[`, `<?` inside an element; any other `<!` is refused. */
  private special(top: XmlElement): void {
    const text = this.text;
    const pos = this.pos;
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) throw this.fail('comment is not closed with -->');
      this.pos = end + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos + 9);
      if (end < 0) throw this.fail('CDATA section is not closed with ]]>');
      top.text += ownCopy(text.slice(pos + 9, end));
      this.pos = end + 3;
    } else if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos + 2);
      if (end < 0) throw this.fail('processing instruction is not closed with ?>');
      this.pos = end + 2;
    } else throw this.fail('declarations are not accepted inside elements');
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

  private readName(): string {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    while (pos < this.n && !isNameEnd(text.charCodeAt(pos))) pos++;
    if (pos === start) throw this.fail('expected a name');
    this.pos = pos;
    return ownCopy(text.slice(start, pos));
  }

  /** After `<`: the tag's name; its attributes and whether it closes itself (`/>`) go to attrs and empty. */
  private startTag(): string {
    const text = this.text;
    const name = this.readName();
    let attributes: Record<string, string> = noAttributes;
    for (;;) {
      const before = this.pos;
      while (this.pos < this.n && isSpace(text.charCodeAt(this.pos))) this.pos++;
      const c = text.charCodeAt(this.pos);
      if (c === 62 || (c === 47 && text.charCodeAt(this.pos + 1) === 62)) {
        this.empty = c === 47;
        this.pos += this.empty ? 2 : 1;
        this.attrs = attributes;
        return name;
      }
      if (this.pos >= this.n) throw this.fail(`<${name}> is not closed with >`);
      if (this.pos === before) throw this.fail(`expected whitespace before an attribute in <${name}>`);
      const attr = this.readName();
      while (this.pos < this.n && isSpace(text.charCodeAt(this.pos))) this.pos++;
      if (text.charCodeAt(this.pos) !== 61) throw this.fail(`attribute ${attr} of <${name}> needs ="value"`);
      this.pos++;
      while (this.pos < this.n && isSpace(text.charCodeAt(this.pos))) this.pos++;
      const quote = text.charCodeAt(this.pos);
      if (quote !== 34 && quote !== 39) throw this.fail(`the value of attribute ${attr} must be quoted`);
      const end = text.indexOf(quote === 34 ? '"' : "'", this.pos + 1);
      if (end < 0) throw this.fail(`the value of attribute ${attr} is not closed`);
      const raw = text.slice(this.pos + 1, end);
      if (raw.includes('<')) throw this.fail(`the value of attribute ${attr} contains <`, this.pos + 1 + raw.indexOf('<'));
      if (attributes === noAttributes) attributes = {};
      if (Object.hasOwn(attributes, attr)) throw this.fail(`attribute ${attr} is given twice in <${name}>`);
      attributes[attr] = ownCopy(this.decode(raw, this.pos + 1));
      this.pos = end + 1;
    }
  }
}

/**
 * The string with characters of its own. V8 makes a slice of 13 characters or more a view into
 * the string it was cut from, so a file name kept from each of 100,000 VOC files would keep all
 * 100,000 documents in memory. Cutting from a short concatenation copies only the characters.
 */
function ownCopy(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
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
