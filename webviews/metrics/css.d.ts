// Stylesheets are imported for esbuild, which gathers them into dist/webviews/metrics.css.
declare module '*.css';
