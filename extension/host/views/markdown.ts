/**
 * Tooltips are Markdown, and much of what they show comes from the platform: names, descriptions,
 * status and failure messages that anyone with access to the account (or a compromised or
 * spoofed endpoint) chose. Shown raw, `**x** [docs](command:…)` would render as bold text and a
 * link, and `<img>` or `![](…)` would try to fetch. So every piece of platform text goes into a
 * tooltip through one of these two, and the describe functions build the rest of the Markdown
 * themselves. Pure (no `vscode`), so the describe functions stay unit-testable; the MarkdownString
 * itself is made untrusted in `resourceTree.ts` (no command links, no HTML, no theme icons).
 */

/**
 * Text shown as itself: every ASCII punctuation character is backslash-escaped (CommonMark lets
 * any of them be), so no emphasis, link, image, heading, list, table, HTML or autolink can start;
 * line breaks become spaces, so the text cannot open a block of its own.
 */
export function mdText(text: string | number): string {
  return String(text)
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * Text as an inline code span (ids, paths, URLs, commands): nothing inside a code span is
 * interpreted, and the fence is one backtick longer than any run of backticks in the text, so
 * the text cannot close it early.
 */
export function mdCode(text: string | number): string {
  const value = String(text).replace(/[\r\n]+/g, ' ');
  const longestRun = Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick (or a space) needs a space inside the fence.
  const pad = /^[` ]|[` ]$/.test(value) ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}
