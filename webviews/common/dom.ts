/**
 * A small element builder: the panel's DOM is built from script, never from HTML strings, so
 * nothing a run or tag is named can inject markup, and no inline `style=""` can sneak past the
 * CSP (styles go through classes, or `element.style` from script, which the CSP allows).
 */

type Child = Node | string | undefined | false;

export interface Props {
  readonly class?: string;
  readonly text?: string;
  /** Attributes; `true` sets an empty one, `false`/undefined leaves it out. */
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const c of children) if (c !== undefined && c !== false) el.append(c);
  return el;
}

/** Sets text only when it changed: a live update every second must not churn the DOM (or a screen reader). */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Toggles `hidden` only when it changed. */
export function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}

/**
 * Puts `wanted` as the children of `parent`, in order, moving only nodes that are out of
 * place. Existing nodes (a chart's canvas, a focused checkbox) stay the same objects, so a
 * re-render keeps focus, scroll and drawing.
 */
export function reconcileChildren(parent: Element, wanted: readonly Node[]): void {
  let cursor: ChildNode | null = parent.firstChild;
  for (const node of wanted) {
    if (node === cursor) {
      cursor = cursor.nextSibling;
      continue;
    }
    parent.insertBefore(node, cursor);
  }
  while (cursor) {
    const next: ChildNode | null = cursor.nextSibling;
    cursor.remove();
    cursor = next;
  }
}
