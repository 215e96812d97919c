/**
 * Performance marks for the first moments of a panel (`performance.getEntriesByType('mark')`):
 * the bench reads them to say where the time to the first chart goes. Each name is marked once,
 * so a live panel does not grow the timeline.
 */
const marked = new Set<string>();

export function markOnce(name: string): void {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(name);
}
