// Stylesheets are imported for esbuild, which gathers them into dist/webviews/labeling.css.
declare module '*.css';
