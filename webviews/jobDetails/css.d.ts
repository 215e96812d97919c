// Stylesheets are imported for esbuild, which gathers them into dist/webviews/jobDetails.css.
declare module '*.css';
