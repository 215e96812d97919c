/**
 * The chart groups: one collapsible per group, one card per tag, kept across updates by key
 * (a live state adds the new cards and leaves the others alone). An IntersectionObserver
 * mounts a card when it comes near the viewport and unmounts it when it leaves, so only the
 * charts in view exist, and a folded group mounts none (its body is display: none).
 */
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { VscodeCollapsible } from '@vscode-elements/elements/dist/vscode-collapsible/vscode-collapsible.js';
import type { TagGroup } from '../tags';
import { ChartCard, type ChartContext } from './chartCard';
import { h, reconcileChildren } from '../../common/dom';

/** Mount a little before a card scrolls in, so it is drawn by the time it is seen. */
const mountMargin = '200px 0px';

interface GroupView {
  readonly element: VscodeCollapsible;
  readonly grid: HTMLElement;
}

export class ChartGrid {
  readonly element: HTMLElement;
  private readonly groups = new Map<string, GroupView>();
  private readonly cards = new Map<string, ChartCard>();
  private readonly byElement = new WeakMap<Element, ChartCard>();
  private readonly visibility: IntersectionObserver;
  private readonly sizes: ResizeObserver;
  private lastWidth = 0;
  private resizeQueued = false;

  constructor(private readonly ctx: ChartContext) {
    this.element = h('div', { class: 'chart-groups' });
    this.visibility = new IntersectionObserver((entries) => this.onVisibility(entries), { rootMargin: mountMargin });
    this.sizes = new ResizeObserver(() => this.onResize());
    this.sizes.observe(this.element);
  }

  card(tag: string): ChartCard | undefined {
    return this.cards.get(tag);
  }

  mountedCards(): ChartCard[] {
    return [...this.cards.values()].filter((c) => c.isMounted);
  }

  /** Groups and cards as the model's filtered layout says; cards that went are unmounted. */
  render(groups: readonly TagGroup[]): void {
    const wantedTags = new Set<string>();
    const groupEls: HTMLElement[] = [];
    for (const g of groups) {
      const view = this.group(g);
      view.element.heading = this.groupTitle(g);
      view.element.description = this.ctx.messages.t('group.count', { count: g.tags.length });
      const open = !this.ctx.model.isCollapsed(g.key);
      if (view.element.open !== open) view.element.open = open;
      const cardEls = g.tags.map((tag) => {
        wantedTags.add(tag);
        return this.cardFor(tag).element;
      });
      reconcileChildren(view.grid, cardEls);
      groupEls.push(view.element);
    }
    reconcileChildren(this.element, groupEls);
    for (const [tag, card] of this.cards) {
      if (wantedTags.has(tag)) continue;
      this.visibility.unobserve(card.element);
      card.unmount();
      this.cards.delete(tag);
    }
    for (const key of [...this.groups.keys()]) if (!groups.some((g) => g.key === key)) this.groups.delete(key);
  }

  /** A state tick without new data for them: mounted cards update their placeholder and note. */
  refresh(): void {
    for (const card of this.cards.values()) card.refresh();
  }

  redrawAll(): void {
    for (const card of this.mountedCards()) card.redraw();
  }

  retheme(): void {
    const theme = this.ctx.theme();
    for (const card of this.mountedCards()) card.setTheme(theme);
  }

  private group(g: TagGroup): GroupView {
    let view = this.groups.get(g.key);
    if (view) return view;
    const grid = h('div', { class: 'chart-grid' });
    const element = h('vscode-collapsible', { class: `chart-group group-${g.kind}`, attrs: { 'data-group': g.key } }, [grid]);
    element.addEventListener('vsc-collapsible-toggle', (e) => {
      const open = (e as CustomEvent<{ open: boolean }>).detail.open;
      this.ctx.controller.setCollapsed(g.key, !open);
    });
    view = { element, grid };
    this.groups.set(g.key, view);
    return view;
  }

  private groupTitle(g: TagGroup): string {
    const { t } = this.ctx.messages;
    if (g.kind === 'general') return t('group.general');
    if (g.kind === 'resources') return t('group.resources');
    return g.name;
  }

  private cardFor(tag: string): ChartCard {
    let card = this.cards.get(tag);
    if (!card) {
      card = new ChartCard(tag, this.ctx);
      this.cards.set(tag, card);
      this.byElement.set(card.element, card);
      this.visibility.observe(card.element);
    }
    return card;
  }

  private onVisibility(entries: readonly IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const card = this.byElement.get(e.target);
      if (!card) continue;
      if (e.isIntersecting) card.mount();
      else card.unmount();
    }
  }

  /** One resize pass per frame, and only when the width changed (height is fixed by CSS). */
  private onResize(): void {
    if (this.resizeQueued) return;
    this.resizeQueued = true;
    requestAnimationFrame(() => {
      this.resizeQueued = false;
      const width = this.element.clientWidth;
      if (width === this.lastWidth) return;
      this.lastWidth = width;
      for (const card of this.mountedCards()) card.resize();
    });
  }
}
