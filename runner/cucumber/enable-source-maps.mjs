// Loaded by each parallel worker just before the compiled step library (step-library.ts): stack
// traces then name the project's files. Switched on here rather than with --enable-source-maps so
// that the maps of the modules loaded before — cucumber's own, hundreds — are never read.
process.setSourceMapsEnabled(true);
