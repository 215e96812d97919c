/**
 * Follows VS Code's theme: it switches the body's class (vscode-light, vscode-dark,
 * vscode-high-contrast) and the --vscode-* variables on <html>; canvases re-read their colours
 * then (the DOM follows the variables by itself).
 */
export function watchTheme(onChange: () => void): () => void {
  let queued = false;
  const fire = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      onChange();
    });
  };
  const observer = new MutationObserver(fire);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
