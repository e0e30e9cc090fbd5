// The Node.js Lambda runtime as it runs inside one sandbox worker process.
//
// Plain JavaScript on purpose: the worker starts on the bare Node binary, with no TypeScript
// loader, and with nothing of the sandbox process but what the parent passes in the
// environment. It follows the behaviour of the AWS Lambda Node.js runtime interface client:
// how the handler module is found, the callback / promise / `context.done` contract, the
// `callbackWaitsForEmptyEventLoop` flag, the error documents (`errorType`, `errorMessage`,
// `trace`) and the text log format (`<time>\t<request id>\t<LEVEL>\t<message>`).
//
// Parent → worker messages: {type: 'invoke', requestId, event, deadlineMs, invokedFunctionArn, clientContext}.
// Worker → parent messages: {type: 'log', time, text, raw}, {type: 'ready', maxMemoryMb},
// {type: 'init-error', error, maxMemoryMb}, {type: 'result', requestId, payload, maxMemoryMb},
// {type: 'error', requestId, error, maxMemoryMb, exiting?}, {type: 'flush'} (sent only to wait for the channel).

import fs from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import path from 'node:path';
import util from 'node:util';
import { setImmediate } from 'node:timers';

const requireFromRuntime = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// The channel to the sandbox. If the sandbox goes away, so does the worker: no orphans.

process.on('disconnect', () => process.exit(0));

function send(message, then) {
  if (!process.connected) return;
  try {
    process.send(message, undefined, undefined, then);
  } catch {
    process.exit(0);
  }
}

function maxMemoryMb() {
  return Math.ceil(process.resourceUsage().maxRSS / 1024);
}

// ---------------------------------------------------------------------------------------------
// Module resolution as on Lambda, where the runtime provides the AWS SDK to code in any folder:
// CommonJS finds it through NODE_PATH (set by the parent); ES modules ignore NODE_PATH, so a
// resolve hook retries a bare specifier that the function's own folders cannot satisfy from
// this runtime's location, whose ancestor node_modules hold the sandbox's packages.

function isBareSpecifier(specifier) {
  return !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier) && !specifier.startsWith('#');
}

function notFound(error) {
  return error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND');
}

if (typeof nodeModule.registerHooks === 'function') {
  nodeModule.registerHooks({
    resolve(specifier, context, nextResolve) {
      try {
        return nextResolve(specifier, context);
      } catch (error) {
        if (!isBareSpecifier(specifier) || !notFound(error)) throw error;
        try {
          return nextResolve(specifier, { ...context, parentURL: import.meta.url });
        } catch {
          throw error;
        }
      }
    },
  });
} else {
  // Node 22 before 22.15: asynchronous hooks on the loader thread (ES modules only).
  nodeModule.register('./resolve-hooks.mjs', import.meta.url, { data: { fallbackParentURL: import.meta.url } });
}

// ---------------------------------------------------------------------------------------------
// Errors, named and shaped as the Lambda Node.js runtime names and shapes them.

class RuntimeError extends Error {}
function runtimeErrorClass(name) {
  const errorClass = class extends RuntimeError {};
  errorClass.prototype.name = `Runtime.${name}`;
  return errorClass;
}
const ImportModuleError = runtimeErrorClass('ImportModuleError');
const HandlerNotFound = runtimeErrorClass('HandlerNotFound');
const MalformedHandlerName = runtimeErrorClass('MalformedHandlerName');
const UserCodeSyntaxError = runtimeErrorClass('UserCodeSyntaxError');
const UnhandledPromiseRejection = runtimeErrorClass('UnhandledPromiseRejection');
class NodeJsExit extends runtimeErrorClass('NodeJsExit') {
  constructor() {
    super(
      'The Lambda runtime client detected an unexpected Node.js exit code. This is most commonly caused by a Promise ' +
        'that was never settled. For more information, see https://nodejs.org/docs/latest/api/process.html#exit-codes',
    );
  }
}

function looksLikeError(value) {
  return (
    value &&
    typeof value.name === 'string' &&
    typeof value.message === 'string' &&
    typeof value.stack === 'string' &&
    value.name &&
    value.message &&
    value.stack
  );
}

/** The error document Lambda answers: {errorType, errorMessage, trace}. */
function errorDocument(error) {
  try {
    if (util.types.isNativeError(error) || looksLikeError(error)) {
      return {
        errorType: error.name?.replaceAll('\x7F', '%7F'),
        errorMessage: error.message?.replaceAll('\x7F', '%7F'),
        trace: error.stack.replaceAll('\x7F', '%7F').split('\n'),
      };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

/** How an error is written to the log: a tab, then JSON with the stack as an array of lines. */
function formattedForLog(error) {
  const withProperties = (_key, value) => {
    if (!(value instanceof Error)) return value;
    const shown = { errorType: value.name, errorMessage: value.message, code: value.code, ...value };
    if (typeof value.stack === 'string') shown.stack = value.stack.split('\n');
    return shown;
  };
  try {
    return '\t' + JSON.stringify(error, withProperties);
  } catch {
    return '\t' + JSON.stringify(errorDocument(error));
  }
}

function asError(value) {
  return value instanceof Error ? value : new Error(value);
}

// ---------------------------------------------------------------------------------------------
// Logs. console.* become `<ISO time>\t<request id>\t<LEVEL>\t<message>`; anything else written
// to stdout/stderr is passed on as is. Both travel over the IPC channel, so they stay in order
// with the invocation's result.

let currentRequestId; // undefined during init, as on Lambda ("undefined" in the log line)

function writeLog(level, message, params) {
  const text = `${new Date().toISOString()}\t${currentRequestId}\t${level}\t${util.format(message, ...params)}\n`;
  send({ type: 'log', time: Date.now(), text, raw: false });
}

for (const [method, level] of [
  ['trace', 'TRACE'],
  ['debug', 'DEBUG'],
  ['info', 'INFO'],
  ['log', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['fatal', 'FATAL'],
]) {
  console[method] = (message, ...params) => writeLog(level, message, params);
}

function logError(title, error) {
  console.error(title, formattedForLog(asError(error)));
}

for (const stream of [process.stdout, process.stderr]) {
  stream.write = (chunk, encoding, callback) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
    send({ type: 'log', time: Date.now(), text, raw: true });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') setImmediate(done);
    return true;
  };
}

// ---------------------------------------------------------------------------------------------
// Loading the handler: `dir/module.export.path`, the module tried as an extension-less file,
// `.js` (CommonJS unless the nearest package.json says "type": "module"), `.mjs`, `.cjs`, then
// through require's own resolution from the task root.

function packageTypeIsModule(folder) {
  if (folder.endsWith(`${path.sep}node_modules`)) return false;
  const manifest = path.join(folder, 'package.json');
  if (fs.existsSync(manifest)) {
    try {
      return JSON.parse(fs.readFileSync(manifest, 'utf8')).type === 'module';
    } catch (error) {
      console.warn(`${manifest} cannot be read, it will be ignored for ES module detection purposes.`, error);
      return false;
    }
  }
  const parent = path.dirname(folder);
  return parent === folder ? false : packageTypeIsModule(parent);
}

function requireIfExists(file) {
  if (!fs.existsSync(file)) return undefined;
  try {
    return requireFromRuntime(file);
  } catch (error) {
    // Node 22 loads ES module syntax through require(), except modules with top-level await.
    if (error?.code === 'ERR_REQUIRE_ASYNC_MODULE' || error?.code === 'ERR_REQUIRE_ESM') return import(file);
    throw error;
  }
}

async function importIfExists(file) {
  return fs.existsSync(file) ? await import(file) : undefined;
}

async function loadModule(taskRoot, moduleRoot, moduleName) {
  const file = path.resolve(taskRoot, moduleRoot, moduleName);
  const extensionless = fs.existsSync(file) && fs.statSync(file).isFile() ? await requireIfExists(file) : undefined;
  if (extensionless) return extensionless;
  const typeModule = fs.existsSync(`${file}.js`) && packageTypeIsModule(path.dirname(`${file}.js`));
  if (!typeModule) {
    const commonJs = await requireIfExists(`${file}.js`);
    if (commonJs) return commonJs;
  }
  const loaded =
    (typeModule && (await importIfExists(`${file}.js`))) || (await importIfExists(`${file}.mjs`)) || (await requireIfExists(`${file}.cjs`));
  if (loaded) return loaded;
  return requireFromRuntime(requireFromRuntime.resolve(moduleName, { paths: [taskRoot, path.resolve(taskRoot, moduleRoot)] }));
}

async function loadHandler(taskRoot, fullHandler) {
  if (fullHandler.includes('..')) {
    throw new MalformedHandlerName(
      `'${fullHandler}' is not a valid handler name. Use absolute paths when specifying root directories in handler names.`,
    );
  }
  const moduleAndExport = path.basename(fullHandler);
  const moduleRoot = fullHandler.slice(0, fullHandler.length - moduleAndExport.length);
  const match = /^([^.]*)\.(.*)$/.exec(moduleAndExport);
  if (!match) throw new MalformedHandlerName('Bad handler');
  const [, moduleName, exportPath] = match;
  let userModule;
  try {
    userModule = await loadModule(taskRoot, moduleRoot, moduleName);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UserCodeSyntaxError(error);
    if (error?.code === 'MODULE_NOT_FOUND') throw new ImportModuleError(error);
    throw error;
  }
  const handler = exportPath.split('.').reduce((object, key) => object && object[key], userModule);
  if (!handler) throw new HandlerNotFound(`${fullHandler} is undefined or not exported`);
  if (typeof handler !== 'function') throw new HandlerNotFound(`${fullHandler} is not a function`);
  return handler;
}

// ---------------------------------------------------------------------------------------------
// Invocations, one at a time. While one runs, the IPC channel does not keep the process alive,
// so 'beforeExit' fires when the handler has nothing left to do — that is how Lambda implements
// callbackWaitsForEmptyEventLoop and detects an async handler whose promise never settles.

const noop = () => {};
let onEmptyEventLoop = noop;
let reportUncaught = (error, exitCode) =>
  send({ type: 'init-error', error: errorDocument(error), maxMemoryMb: maxMemoryMb() }, () => process.exit(exitCode));

process.on('beforeExit', () => onEmptyEventLoop());

process.on('uncaughtException', (error) => {
  logError('Uncaught Exception', error);
  reportUncaught(error, 129);
});

process.on('unhandledRejection', (reason) => {
  const error = new UnhandledPromiseRejection(reason);
  logError('Unhandled Promise Rejection', error);
  reportUncaught(error, 128);
});

function invoke(handler, isAsync, message) {
  const { requestId } = message;
  currentRequestId = requestId;
  process.channel.unref();

  let reported = false;
  let firstCallTaken = false;
  let waitsForEmptyEventLoop = true;

  const report = (outcome, then) => {
    if (reported) {
      console.error('Invocation has already been reported as done. Cannot call complete more than once per invocation.');
      return;
    }
    reported = true;
    onEmptyEventLoop = noop;
    // Fidelity gap: Lambda freezes the environment here; in the sandbox, work the handler left
    // running carries on. If it fails, that ends the environment, as on Lambda.
    reportUncaught = (_error, exitCode) => send({ type: 'flush' }, () => process.exit(exitCode));
    process.channel.ref();
    send({ ...outcome, requestId, maxMemoryMb: maxMemoryMb() }, then);
  };
  const postError = (error) => {
    logError('Invoke Error', error);
    report({ type: 'error', error: errorDocument(error) });
  };
  const postResult = (result) => {
    let payload;
    try {
      payload = JSON.stringify(result === undefined ? null : result);
    } catch {
      throw new Error('Unable to stringify response body');
    }
    report({ type: 'result', payload });
  };
  // The environment does not survive an uncaught failure: the parent learns it will exit.
  reportUncaught = (error, exitCode) => report({ type: 'error', error: errorDocument(error), exiting: true }, () => process.exit(exitCode));

  const onlyFirstCall = (callable) =>
    function (...args) {
      if (firstCallTaken) return;
      callable(...args);
      firstCallTaken = true;
    };
  const done = (error, result) => {
    onEmptyEventLoop = noop;
    if (error !== undefined && error !== null) postError(error);
    else postResult(result);
  };
  const callback = onlyFirstCall((error, result) => {
    onEmptyEventLoop = noop;
    if (error !== undefined && error !== null) postError(error);
    else if (!waitsForEmptyEventLoop) postResult(result);
    else onEmptyEventLoop = () => setImmediate(() => postResult(result));
  });
  const succeed = onlyFirstCall((result) => done(null, result));
  const fail = onlyFirstCall((error) => (error === undefined || error === null ? done('handled') : done(error, null)));

  const env = process.env;
  const deadline = message.deadlineMs;
  const context = {
    get callbackWaitsForEmptyEventLoop() {
      return waitsForEmptyEventLoop;
    },
    set callbackWaitsForEmptyEventLoop(value) {
      waitsForEmptyEventLoop = value;
    },
    succeed,
    fail,
    done: onlyFirstCall(done),
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION,
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext: message.clientContext,
    identity: undefined,
    invokedFunctionArn: message.invokedFunctionArn,
    awsRequestId: requestId,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };

  // A handler that returns without calling back: a sync handler answers null, an async one
  // whose promise can no longer settle is an error.
  onEmptyEventLoop = () => {
    if (isAsync) postError(new NodeJsExit());
    else report({ type: 'result', payload: 'null' });
  };

  try {
    const returned = handler(JSON.parse(message.event), context, callback);
    if (returned && typeof returned.then === 'function') returned.then(succeed, fail).catch(fail);
  } catch (error) {
    callback(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Init: load the handler, say so, then serve invocations.

let handler;
let handlerIsAsync = false;
const pending = [];

process.on('message', (message) => {
  if (message?.type !== 'invoke') return;
  if (handler) invoke(handler, handlerIsAsync, message);
  else pending.push(message);
});

try {
  handler = await loadHandler(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), process.env._HANDLER ?? '');
  handlerIsAsync = handler.constructor?.name === 'AsyncFunction';
} catch (error) {
  logError('Uncaught Exception', error);
  send({ type: 'init-error', error: errorDocument(error), maxMemoryMb: maxMemoryMb() }, () => process.exit(129));
}
if (handler) {
  send({ type: 'ready', maxMemoryMb: maxMemoryMb() });
  for (const message of pending.splice(0)) invoke(handler, handlerIsAsync, message);
}
