import type { Services } from '../services';

/**
 * Options a script or test passes last, after the arguments VS Code would give: it cannot answer
 * a modal, so `{ confirmed: true }` stands for the user's "yes" on every command that asks first.
 */
export interface CommandOptions {
  readonly confirmed?: boolean;
}

/**
 * A command run on tree nodes. From a view VS Code passes the clicked node and, when several are
 * selected, the selection; from the palette nothing; a script may add options. The arguments come
 * from outside, so a handler reads its nodes through `selectedNodes` and its options through
 * `commandOptions`, which check them, and never trusts the parameter types alone.
 */
export type CommandHandler<TNode> = (
  services: Services,
  node?: TNode,
  nodes?: readonly TNode[],
  options?: CommandOptions,
) => Promise<unknown>;

/** The options a caller passed, checked: anything but `{ confirmed: true }` confirms nothing. */
export function commandOptions(value: unknown): CommandOptions {
  const confirmed = typeof value === 'object' && value !== null && 'confirmed' in value && value.confirmed === true;
  return confirmed ? { confirmed } : {};
}
