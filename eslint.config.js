import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The sandbox's arrows (ARCHITECTURE.md): core ← protocols, stores, delivery ← services ← sandbox.ts (the
 * composition root, which may import anything); the deployer and the server are clients of the
 * core. A service never imports another service, the deployer or the server; a protocol never
 * imports a service. no-restricted-imports sees an import as written, so each folder's rule is
 * stated for every depth of the importing file: `up(n)` matches a specifier climbing n folders.
 */
const up = (n) => `^(\\.\\./){${n}}`;
const notInto = (...allowed) => `(?!${[...allowed, '\\.\\./'].join('|')})`;
const SELF_CONTAINED = 'The sandbox is self-contained: it imports nothing of the framework.';
const MAX_DEPTH = 5;

/**
 * `mayImport`: what the folder's files may import from sandbox/ (its own folder too);
 * `fromParent`: for a folder one level further down (a service), what it may import from its parent.
 */
function layer({ folder, mayImport, fromParent = [], message }) {
  const segments = folder.split('/').length;
  const own = segments === 1 ? [`${folder}/`] : [];
  return Array.from({ length: MAX_DEPTH }, (_, depth) => {
    const toSandbox = segments + depth;
    const patterns = [
      { regex: `${up(toSandbox)}${notInto(...own, ...mayImport)}`, message },
      { regex: up(toSandbox + 1), message: SELF_CONTAINED },
    ];
    if (segments > 1) patterns.push({ regex: `${up(toSandbox - 1)}${notInto(...fromParent)}`, message });
    return { files: [`sandbox/${folder}/${'*/'.repeat(depth)}*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
  });
}

const sandboxLayers = [
  ...layer({ folder: 'core', mayImport: [], message: 'sandbox/core imports nothing else of the sandbox: everything else depends on it.' }),
  ...layer({
    folder: 'protocols',
    mayImport: ['core/'],
    message: 'A wire protocol knows the core only: never a service, a store, the deployer or the server.',
  }),
  ...layer({ folder: 'stores', mayImport: ['core/'], message: 'A store knows the core only.' }),
  ...layer({
    folder: 'delivery',
    mayImport: ['core/'],
    message: 'Cross-service delivery knows the core only: it reaches services through the internal client.',
  }),
  ...layer({
    folder: 'deployer',
    mayImport: ['core/', 'stores/'],
    message:
      'The deployer is a client of the sandbox: it knows the core and the stores, never a service (services declare their resource types).',
  }),
  ...layer({
    folder: 'server',
    mayImport: ['core/', 'protocols/', 'stores/'],
    message: 'The server and the admin routes know the core, the protocols and the stores, never a service.',
  }),
  ...layer({
    folder: 'services/*',
    mayImport: ['core/', 'protocols/', 'stores(/|$)', 'delivery/'],
    fromParent: ['service-definition$'],
    message:
      'A service reaches another only through the internal client (core/internal-client) and shared state through stores/: ' +
      'it never imports another service, the deployer or the server.',
  }),
  {
    // The service contract and the registration list, beside the service folders.
    files: ['sandbox/services/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `${up(1)}${notInto('core/', 'protocols/', 'stores(/|$)')}`,
              message: 'The service registry knows the core, the protocols, the stores and the services.',
            },
            { regex: up(2), message: SELF_CONTAINED },
          ],
        },
      ],
    },
  },
];

/**
 * The framework's wings (ARCHITECTURE.md): bin → runner → support (the scenario library) → model, and
 * steps → support, model. The library never imports the runner (nor its reports), bin, steps or the
 * sandbox; steps never the SDK or the runner; the model nothing of the project. `mayImport`: the
 * top-level folders (besides its own) a wing's files may import from, stated for every depth as above.
 */
const FRAMEWORK_DEPTH = 6;

function wing({ folder, mayImport, message, extra = [] }) {
  return Array.from({ length: FRAMEWORK_DEPTH }, (_, depth) => ({
    files: [`${folder}/${'*/'.repeat(depth)}*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...extra, { regex: `${up(depth + 1)}(?!(${[folder, ...mayImport].join('|')})(/|$))`, message }] },
      ],
    },
  }));
}

const frameworkWings = [
  ...wing({
    folder: 'model',
    mayImport: [],
    message:
      'model/ is the vocabulary the wings share: it imports nothing of the project (not the library, the runner, bin, steps or the sandbox).',
  }),
  ...wing({
    folder: 'support',
    mayImport: ['model'],
    message:
      'The scenario library (support/) imports only itself and model/: never the runner or its reports (runner/), bin/, steps/ or the sandbox — the runner drives cucumber, which loads the library.',
  }),
  ...wing({
    folder: 'steps',
    mayImport: ['support', 'model'],
    message: 'Steps call the scenario library (support/) and speak the model (model/): never the runner, bin/ or the sandbox.',
    extra: [{ group: ['@aws-sdk/*'], message: 'Steps call support/, never the AWS SDK.' }],
  }),
  ...wing({
    folder: 'runner',
    mayImport: ['support', 'model', 'sandbox/sandbox$'],
    message:
      'The runner uses the scenario library (support/), the model and the sandbox through its entry point (sandbox/sandbox.ts): never bin/ or steps/ (cucumber loads those).',
  }),
  ...wing({
    folder: 'bin',
    mayImport: ['runner', 'model'],
    message:
      "bin/ is the command line: it calls the runner (runner/) and speaks the model (model/); the library, the steps and the sandbox are the runner's business.",
  }),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'reports/', '.postflight/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': 'off',
    },
  },
  // Steps stay thin: they call support/, never the AWS SDK directly (and the wings' arrows below).
  ...frameworkWings,
  ...sandboxLayers,
  {
    // Plain JavaScript that runs inside Lambda workers or the CLI launcher.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
