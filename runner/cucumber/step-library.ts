import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import * as esbuild from 'esbuild';
import { StartupError } from '../../model/startup-error';

/**
 * The project's support code (its step definitions and hooks) as one compiled JavaScript file.
 *
 * Every parallel worker loads the whole support code afresh. Loaded file by file through the
 * TypeScript loader, that is over a second of CPU per worker — most of it resolving, transforming
 * and linking the AWS SDK's hundreds of modules — and eight workers on two cores spend the first
 * seconds of a run doing nothing else. Compiled once per change, a worker loads one plain file.
 *
 * The file lives under the project's node_modules/.cache, so that the packages it leaves out
 * (cucumber and Allure, which must be the very instances the run uses) resolve as from the
 * project. The AWS SDK is compiled in: it is most of the loading and is made to be bundled. Other
 * packages stay outside, loaded as they would be without the compiled file. Stack traces and
 * step locations still name the project's files: the file carries a source map of the project's
 * code (the SDK's mappings are dropped: they would triple a worker's memory).
 */
export interface StepLibrary {
  /** The compiled file: what cucumber imports, in the run's thread and in each worker. */
  file: string;
  /** Whether this run compiled it (false: an unchanged earlier compilation was reused). */
  compiled: boolean;
}

/** Packages compiled into the file: those that make up the AWS SDK. */
const COMPILED_IN = /^@(aws-sdk|smithy|aws-crypto)\//;
/** This file's own text: a change to how the library is compiled makes earlier compilations stale. */
const COMPILER = createHash('sha256')
  .update(fs.readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex')
  .slice(0, 16);
/** What, besides the compiled sources, decides the output: the compiler's settings and the installed packages. */
const SETTINGS_FILES = ['tsconfig.json', 'package-lock.json'];
/** Compilations that no longer match the sources are removed once this old. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;
/** Replaced by the compiled file's own path once its name (its content's hash) is known. */
const REQUIRE_BASE = 'postflightStepLibraryPath';

interface Manifest {
  compiler: string;
  bundle: string;
  /** Every file read to compile it, relative to the project root, with its size and modification time. */
  inputs: Array<[file: string, size: number, mtimeMs: number]>;
}

export function stepLibraryDirectory(projectRoot: string): string {
  return path.join(projectRoot, 'node_modules', '.cache', 'postflight', 'step-library');
}

/**
 * The support files (absolute paths, in cucumber's load order) as one compiled file: reused when
 * no file it was compiled from has changed since, compiled otherwise.
 */
export async function compileStepLibrary(projectRoot: string, supportFiles: readonly string[]): Promise<StepLibrary> {
  const directory = stepLibraryDirectory(projectRoot);
  const key = createHash('sha256')
    .update(JSON.stringify({ compiler: COMPILER, esbuild: esbuild.version, projectRoot, files: supportFiles }))
    .digest('hex')
    .slice(0, 16);
  const manifestFile = path.join(directory, `${key}.json`);
  const reusable = unchangedCompilation(projectRoot, directory, manifestFile);
  if (reusable) return { file: reusable, compiled: false };

  const output = await compile(projectRoot, supportFiles);
  fs.mkdirSync(directory, { recursive: true });
  const hash = createHash('sha256').update(output.code).digest('hex').slice(0, 16);
  const bundle = `${hash}.mjs`;
  // Written whole under a name of its content: a run started meanwhile keeps reading the file it chose.
  writeWhole(path.join(directory, `${bundle}.map`), output.map);
  const code = output.code.replace(
    `postflightCreateRequire(${REQUIRE_BASE})`,
    `postflightCreateRequire(${JSON.stringify(path.join(directory, bundle))})`,
  );
  writeWhole(path.join(directory, bundle), `${code}//# sourceMappingURL=${bundle}.map\n`);
  const inputs = [...output.inputs, ...SETTINGS_FILES.filter((file) => fs.existsSync(path.join(projectRoot, file)))];
  const manifest: Manifest = {
    compiler: COMPILER,
    bundle,
    inputs: inputs.map((file) => [file, ...fileStamp(path.join(projectRoot, file))]),
  };
  writeWhole(manifestFile, JSON.stringify(manifest));
  removeStale(directory, bundle);
  return { file: path.join(directory, bundle), compiled: true };
}

function unchangedCompilation(projectRoot: string, directory: string, manifestFile: string): string | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  const bundle = path.join(directory, manifest.bundle);
  if (manifest.compiler !== COMPILER || !fs.existsSync(bundle) || !fs.existsSync(`${bundle}.map`)) return undefined;
  for (const [file, size, mtimeMs] of manifest.inputs) {
    const [currentSize, currentMtime] = fileStamp(path.join(projectRoot, file));
    if (currentSize !== size || currentMtime !== mtimeMs) return undefined;
  }
  // Touched, so that the clean-up of stale compilations leaves the one in use alone.
  const now = new Date();
  for (const file of [bundle, `${bundle}.map`, manifestFile]) fs.utimesSync(file, now, now);
  return bundle;
}

function fileStamp(file: string): [size: number, mtimeMs: number] {
  try {
    const stat = fs.statSync(file);
    return [stat.size, stat.mtimeMs];
  } catch {
    return [-1, -1];
  }
}

async function compile(projectRoot: string, supportFiles: readonly string[]): Promise<{ code: string; map: string; inputs: string[] }> {
  let result: esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = await esbuild.build({
      stdin: {
        // The support files in cucumber's order: each is evaluated, as cucumber would import it, before the next.
        contents: supportFiles.map((file) => `import ${JSON.stringify(file)};`).join('\n'),
        resolveDir: projectRoot,
        sourcefile: 'postflight-step-library',
        loader: 'js',
      },
      absWorkingDir: projectRoot,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: `node${process.versions.node}`,
      // Dynamic imports become require() (of Node's own modules): a module with import() in it is
      // rewritten, map and all, by the TypeScript loader of the run's own thread — seconds for this file.
      supported: { 'dynamic-import': false },
      outfile: path.join(stepLibraryDirectory(projectRoot), 'step-library.mjs'),
      write: false,
      metafile: true,
      sourcemap: 'external',
      logLevel: 'silent',
      // The SDK's CommonJS modules call require(); in an ES module it has to be made. Made from the
      // file's path rather than import.meta.url: a module that mentions import.meta is transformed
      // again by the TypeScript loader of the run's own thread.
      banner: {
        js: `import { createRequire as postflightCreateRequire } from 'node:module';\nconst require = postflightCreateRequire(${REQUIRE_BASE});\n${LAZY_MODULE}`,
      },
      plugins: [projectPackagesOutside, importMetaOfEachFile],
    });
  } catch (error) {
    throw compileError(projectRoot, error);
  }
  const code = result.outputFiles.find((file) => file.path.endsWith('.mjs'))?.text ?? '';
  const map = result.outputFiles.find((file) => file.path.endsWith('.map'))?.text ?? '{}';
  return {
    code: lazySdkModules(code.replace(/\/\/# sourceMappingURL=\S+\n?$/, '')),
    map: projectSourcesOnly(map, (source) => path.relative(projectRoot, path.resolve(stepLibraryDirectory(projectRoot), source))),
    inputs: Object.keys(result.metafile.inputs).filter((input) => input !== 'postflight-step-library'),
  };
}

/**
 * An SDK package (CommonJS) that a support file imports becomes, in the compiled file, one line at
 * the top level: `var import_client_sfn = __toESM(require_dist_cjs17(), 1);`, which runs the
 * package's module — thousands of command and schema definitions — when the file loads. Each such
 * line is made lazy: the package runs when the binding is first used. A worker then pays only for
 * the clients its scenarios use, when they use them: it starts in about half the time and memory.
 * A line of another shape is left as it is (loaded eagerly, as before).
 */
function lazySdkModules(code: string): string {
  return code.replace(/^var (import_[\w$]+) = (__toESM\(require_[\w$]+\(\)(?:, 1)?\));$/gm, 'var $1 = postflightLazyModule(() => $2);');
}

/** The module, loaded on first use; every kind of access to the binding is passed on to it. */
const LAZY_MODULE = `function postflightLazyModule(load) {
  let loaded;
  const module = () => (loaded ??= load());
  return new Proxy({}, {
    get: (_target, key) => module()[key],
    has: (_target, key) => key in module(),
    ownKeys: () => Reflect.ownKeys(module()),
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(module(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}`;

/** Packages the project's own code imports stay outside the file, except the SDK's; what the SDK imports is compiled in with it. */
const projectPackagesOutside: esbuild.Plugin = {
  name: 'postflight-project-packages-outside',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind === 'entry-point' || args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      if (COMPILED_IN.test(args.path)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/**
 * `import.meta.url` (and .dirname, .filename) in a support file go on naming that file, not the
 * compiled one: a step that reads a fixture next to itself keeps working.
 */
const importMetaOfEachFile: esbuild.Plugin = {
  name: 'postflight-import-meta-of-each-file',
  setup(build) {
    build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes('import.meta')) return undefined;
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: path.extname(args.path).slice(1).replace(/^[cm]/, '') as esbuild.Loader };
    });
  },
};

/** The source map without the SDK's mappings: positions in the project's files are all a stack trace needs. */
function projectSourcesOnly(mapText: string, projectPath: (source: string) => string): string {
  const map = JSON.parse(mapText) as { sources: string[]; names: string[]; mappings: string };
  const kept = new Map<number, number>();
  map.sources.forEach((source, index) => {
    if (!projectPath(source).split(path.sep).includes('node_modules')) kept.set(index, kept.size);
  });
  const names = new Map<number, number>();
  const lines = decode(map.mappings).map((line) =>
    line.flatMap((segment): SourceMapSegment[] => {
      if (segment.length === 1) return [];
      const source = kept.get(segment[1]);
      if (source === undefined) return [];
      if (segment.length === 4) return [[segment[0], source, segment[2], segment[3]]];
      if (!names.has(segment[4])) names.set(segment[4], names.size);
      return [[segment[0], source, segment[2], segment[3], names.get(segment[4])!]];
    }),
  );
  // Without the sources' text: a stack trace needs positions only, and every worker reads the map.
  return JSON.stringify({
    version: 3,
    sources: map.sources.filter((_source, index) => kept.has(index)),
    names: [...names.keys()].map((index) => map.names[index]),
    mappings: encode(lines),
  });
}

function compileError(projectRoot: string, error: unknown): Error {
  const failures = (error as Partial<esbuild.BuildFailure>).errors;
  if (!failures?.length) return error as Error;
  const lines = failures.slice(0, 10).map((failure) => {
    const where = failure.location
      ? `${path.relative(process.cwd(), path.resolve(projectRoot, failure.location.file))}:${failure.location.line}:${failure.location.column + 1}`
      : 'support code';
    const code = failure.location?.lineText ? `\n      ${failure.location.lineText.trim()}` : '';
    return `  ${where}: ${failure.text}${code}`;
  });
  const more = failures.length > lines.length ? `\n  … and ${failures.length - lines.length} more` : '';
  return new StartupError(
    `The step definitions and support files do not compile:\n${lines.join('\n')}${more}`,
    'Fix the file at that line (`npx tsc -p .` lists type errors as well), then run again.',
  );
}

function writeWhole(file: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}

/** Compilations (and their manifests) unused for a day; never the one in use. */
function removeStale(directory: string, inUse: string): void {
  const now = Date.now();
  for (const entry of fs.readdirSync(directory)) {
    if (entry.startsWith(inUse)) continue;
    const file = path.join(directory, entry);
    try {
      if (now - fs.statSync(file).mtimeMs > STALE_AFTER_MS) fs.rmSync(file, { force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
}

/**
 * The support files that cucumber's `import` option names, as cucumber expands it: each pattern's
 * matches sorted, a directory standing for the JavaScript files under it, the first of duplicates kept.
 */
export function expandSupportPaths(projectRoot: string, patterns: readonly string[]): string[] {
  const files = patterns.flatMap((pattern) =>
    fs
      .globSync(pattern, { cwd: projectRoot })
      .map((match) => path.resolve(projectRoot, match))
      .flatMap((match) =>
        path.extname(match) === '' ? fs.globSync(`${match}/**/*.@(js|cjs|mjs)`).map((file) => path.resolve(file)) : [match],
      )
      .sort(),
  );
  return [...new Set(files.map((file) => path.normalize(file)))];
}

/**
 * NODE_OPTIONS for the workers of a run that loads the compiled step library: without the
 * TypeScript loader, which has nothing left to do there and would cost every worker its start-up.
 */
export function workerNodeOptions(current = process.env.NODE_OPTIONS ?? ''): string {
  const loader = import.meta.resolve('tsx');
  return current.replaceAll(`--import "${loader}"`, '').replaceAll(`--import ${loader}`, '').replace(/\s+/g, ' ').trim();
}
