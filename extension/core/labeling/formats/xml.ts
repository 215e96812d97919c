/**
 * A small, strict XML reader and writer for the PASCAL VOC subset (elements, attributes, text,
 * comments, CDATA, the five named entities and character references). Written here rather than
 * taken from npm because VOC needs a tenth of XML, the reader must say the line of every error,
 * and the converters must stay fast at 100,000 files.
 *
 * Strict means a malformed document is refused, never guessed at: a missing or mismatched close
 * tag, an unknown entity, an unquoted or repeated attribute, text after the root, a second root.
 * DOCTYPE declarations are refused too: VOC never has them, and internal entity definitions are
 * how "billion laughs" documents blow up readers.
 *
 * Two ways to look at a document: readXml() hands a reader an XmlDocument, the elements as
 * numbers (where each name and text lies in the source, lines, links to children), strings cut
 * out only when asked for; parseXml() returns a tree of XmlElement objects made from it. The VOC
 * reader takes the first: a VOC file is some forty elements, and as objects, names and lists
 * they were most of the garbage an import of 100,000 files made.
 */

import { Scanner, XmlError } from './xmlScanner';
import { Tables } from './xmlTables';

export { XmlError };

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

/**
 * Reads a whole document and calls `read` with it; returns what `read` returns. The document's
 * tables are used again by the next document, so it is valid only during the call. Throws
 * XmlError with the line and column of the first fault.
 */
export function readXml<T>(input: string, read: (doc: XmlDocument) => T): T {
  const tables = spareTables ?? new Tables();
  spareTables = undefined;
  const doc = new XmlDocument(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input, tables);
  try {
    new Scanner(doc.source, tables).document();
    return read(doc);
  } finally {
    doc.release();
    if (tables.reusable) spareTables = tables;
  }
}

/** Parses a whole document and returns its root element as objects. Throws XmlError with the line and column. */
export function parseXml(input: string): XmlElement {
  return readXml(input, (doc) => doc.element(doc.root));
}

let spareTables: Tables | undefined;

/** A read document: elements are numbers (the root is 0), valid during readXml's call. */
export class XmlDocument {
  readonly root = 0;
  private tables: Tables | undefined;

  constructor(
    /** The text read (without a byte-order mark). */
    readonly source: string,
    tables: Tables,
  ) {
    this.tables = tables;
  }

  private live(): Tables {
    if (!this.tables) throw new Error('an XmlDocument is valid only inside the readXml call that made it');
    return this.tables;
  }

  /** Called by readXml when the reader is done: the tables go to the next document. */
  release(): void {
    this.tables?.clear();
    this.tables = undefined;
  }

  /** 1-based line of the element's start tag. */
  line(e: number): number {
    return this.live().line(e);
  }

  /** The first child, or -1. */
  firstChild(e: number): number {
    return this.live().firstChild(e);
  }

  /** The next sibling, or -1. */
  nextSibling(e: number): number {
    return this.live().nextSibling(e);
  }

  /** The element's name; a name seen before comes back without being copied again. */
  name(e: number): string {
    return this.live().name(e, this.source);
  }

  /** The element's own text, as XmlElement.text. */
  text(e: number): string {
    return this.live().text(e, this.source);
  }

  attributes(e: number): Readonly<Record<string, string>> {
    return this.live().attributes(e);
  }

  /** The first child with this name, or -1. */
  child(e: number, name: string): number {
    for (let c = this.firstChild(e); c >= 0; c = this.nextSibling(c)) if (this.name(c) === name) return c;
    return -1;
  }

  /** The trimmed text of the first child with this name. */
  childText(e: number, name: string): string | undefined {
    const c = this.child(e, name);
    return c < 0 ? undefined : this.text(c).trim();
  }

  /** The element and everything in it as objects (a loop, not recursion: a document may nest deeply). */
  element(e: number): XmlElement {
    const made = (x: number): XmlElement => ({
      name: this.name(x),
      attributes: this.attributes(x),
      children: noChildren,
      text: this.text(x),
      line: this.line(x),
    });
    const root = made(e);
    const todo: [number, XmlElement][] = [[e, root]];
    for (let next = todo.pop(); next; next = todo.pop()) {
      const [x, el] = next;
      for (let c = this.firstChild(x); c >= 0; c = this.nextSibling(c)) {
        const child = made(c);
        if (el.children === noChildren) el.children = [];
        el.children.push(child);
        todo.push([c, child]);
      }
    }
    return root;
  }
}

const noChildren: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

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
