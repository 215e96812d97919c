/**
 * What the XML reader (xml.ts, xmlScanner.ts) reads a document into: a row of numbers per element
 * (where its name and text lie in the source, the line of its start tag, its first child and next
 * sibling), and the rare texts and attributes that need objects. The layout is known here only;
 * the scanner writes and XmlDocument reads through these methods, which also keeps the constants
 * out of other modules (a module's imported binding is a getter call when tsx runs the code).
 */

// The cells of a row, `stride` numbers per element.
const NAME_START = 0;
const NAME_END = 1;
const NAME_HASH = 2;
const LINE = 3;
const FIRST_CHILD = 4;
const NEXT_SIBLING = 5;
/** Where the element's text lies (start = end: none); a start below 0, -1 - k, is index k in texts. */
const TEXT_START = 6;
const TEXT_END = 7;
/** Index of the element's attributes in attributes, or -1. */
const ATTRIBUTES = 8;
const stride = 9;

/** Shared by every element without attributes. */
const noAttributes: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Names cut out before, by a hash of their characters: a VOC file has the same twenty names as
 * the one before it, and a name asked for is then found, not copied. Only short names are kept:
 * V8 copies a slice of up to 12 characters, while a longer one points into its document and
 * would keep the document alive here.
 */
const knownNames: string[] = new Array<string>(512).fill('');
const maxKnownName = 12;

export class Tables {
  private cells = new Int32Array(stride * 64);
  private count = 0;
  private readonly texts: string[] = [];
  private readonly attributeList: Record<string, string>[] = [];

  /** Whether the tables are small enough to keep for the next document (a huge one's would hold its memory for good). */
  get reusable(): boolean {
    return this.cells.length <= stride * 65536;
  }

  clear(): void {
    this.count = 0;
    this.texts.length = 0;
    this.attributeList.length = 0;
  }

  /** A new element without children or text. */
  add(nameStart: number, nameEnd: number, nameHash: number, line: number, attributes: Record<string, string> | undefined): number {
    if ((this.count + 1) * stride > this.cells.length) {
      const grown = new Int32Array(this.cells.length * 2);
      grown.set(this.cells);
      this.cells = grown;
    }
    const e = this.count++;
    const cells = this.cells;
    const at = e * stride;
    cells[at + NAME_START] = nameStart;
    cells[at + NAME_END] = nameEnd;
    cells[at + NAME_HASH] = nameHash;
    cells[at + LINE] = line;
    cells[at + FIRST_CHILD] = -1;
    cells[at + NEXT_SIBLING] = -1;
    cells[at + TEXT_START] = 0;
    cells[at + TEXT_END] = 0;
    cells[at + ATTRIBUTES] = attributes === undefined ? -1 : this.attributeList.push(attributes) - 1;
    return e;
  }

  /** Puts `child` after `previous` among the children of `parent` (previous -1: it is the first). */
  link(parent: number, previous: number, child: number): void {
    if (previous < 0) this.cells[parent * stride + FIRST_CHILD] = child;
    else this.cells[previous * stride + NEXT_SIBLING] = child;
  }

  /**
   * Text for `e` from `start` to `end` of `source`, or `decoded` when entities were replaced. A
   * single plain run stays a place in the source; anything else becomes a string of its own.
   */
  addText(e: number, source: string, start: number, end: number, decoded: string | undefined): void {
    const cells = this.cells;
    const at = e * stride;
    const had = cells[at + TEXT_START] !== cells[at + TEXT_END];
    if (!had && decoded === undefined) {
      cells[at + TEXT_START] = start;
      cells[at + TEXT_END] = end;
      return;
    }
    const piece = ownCopy(decoded ?? source.slice(start, end));
    const before = cells[at + TEXT_START] as number;
    if (before < 0) {
      this.texts[-1 - before] += piece;
      return;
    }
    const text = had ? ownCopy(source.slice(before, cells[at + TEXT_END])) + piece : piece;
    const k = this.texts.push(text) - 1;
    cells[at + TEXT_START] = -1 - k;
    cells[at + TEXT_END] = -k;
  }

  nameStart(e: number): number {
    return this.cells[e * stride + NAME_START] as number;
  }

  nameEnd(e: number): number {
    return this.cells[e * stride + NAME_END] as number;
  }

  line(e: number): number {
    return this.cells[e * stride + LINE] as number;
  }

  firstChild(e: number): number {
    return this.cells[e * stride + FIRST_CHILD] as number;
  }

  nextSibling(e: number): number {
    return this.cells[e * stride + NEXT_SIBLING] as number;
  }

  /** The element's name in `source`; a short name seen before comes back without being copied again. */
  name(e: number, source: string): string {
    const cells = this.cells;
    const start = cells[e * stride + NAME_START] as number;
    const end = cells[e * stride + NAME_END] as number;
    const length = end - start;
    if (length > maxKnownName) return ownCopy(source.slice(start, end));
    const slot = (cells[e * stride + NAME_HASH] as number) & (knownNames.length - 1);
    const known = knownNames[slot] as string;
    if (known.length === length && source.startsWith(known, start)) return known;
    return (knownNames[slot] = source.slice(start, end));
  }

  /** The element's own text in `source`. */
  text(e: number, source: string): string {
    const cells = this.cells;
    const start = cells[e * stride + TEXT_START] as number;
    if (start < 0) return this.texts[-1 - start] as string;
    return ownCopy(source.slice(start, cells[e * stride + TEXT_END]));
  }

  attributes(e: number): Readonly<Record<string, string>> {
    const k = this.cells[e * stride + ATTRIBUTES] as number;
    return k < 0 ? noAttributes : (this.attributeList[k] as Record<string, string>);
  }
}

/**
 * The string with characters of its own. V8 makes a slice of 13 characters or more a view into
 * the string it was cut from, so a file name kept from each of 100,000 VOC files would keep all
 * 100,000 documents in memory. Cutting from a short concatenation copies only the characters.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}
