/**
 * The labeling panel's own shortcuts (Ctrl+0–9 change a box's label) are also VS Code's
 * (Ctrl+1–9 focus an editor group, Ctrl+0 the sidebar): a webview passes every key on to the
 * workbench after handling it. The manifest binds those keys to this command while a labeling
 * panel has focus, so the panel's meaning wins and VS Code does nothing more. It has nothing to do.
 */
export const webviewKey = (): Promise<undefined> => Promise.resolve(undefined);
