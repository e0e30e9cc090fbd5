import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { explainSystemError, reportUnexpectedFailure } from '../../bin/commands/startup';
import { StartupError } from '../../model/startup-error';

/** An error as Node raises it for the machine: a code, the system call, and where. */
function systemError(code: string, details: { syscall?: string; path?: string; port?: number; address?: string }): Error {
  return Object.assign(new Error(`${code}: raw message`), { code, ...details });
}

describe('errors of the machine, in words, with what to do', () => {
  const CASES: Array<{ name: string; error: Error; message: RegExp; hint: RegExp }> = [
    {
      name: 'a port in use',
      error: systemError('EADDRINUSE', { syscall: 'listen', port: 4566, address: '127.0.0.1' }),
      message: /port 4566 on 127\.0\.0\.1 is already in use by another process/,
      hint: /--port 0 for any free one/,
    },
    {
      name: 'a privileged port',
      error: systemError('EACCES', { syscall: 'listen', port: 80 }),
      message: /port 80 needs administrator rights/,
      hint: /above 1023/,
    },
    {
      name: 'a file without permission',
      error: systemError('EACCES', { syscall: 'open', path: '/srv/reports/junit.xml' }),
      message: /permission denied: \/srv\/reports\/junit\.xml \(open\)/,
      hint: /permissions/,
    },
    {
      name: 'a full disk',
      error: systemError('ENOSPC', { syscall: 'write', path: '/srv/r' }),
      message: /no space left .*\/srv\/r/,
      hint: /Free some disk space/,
    },
    {
      name: 'a read-only disk',
      error: systemError('EROFS', { syscall: 'mkdir', path: '/ro/x' }),
      message: /\/ro\/x is on a read-only file system/,
      hint: /--reports-dir/,
    },
    {
      name: 'a file in the way',
      error: systemError('ENOTDIR', { syscall: 'mkdir', path: '/a/b' }),
      message: /\/a\/b: a part of this path is a file/,
      hint: /rename that file/,
    },
    {
      name: 'a folder in the way',
      error: systemError('EISDIR', { syscall: 'open', path: '/a' }),
      message: /\/a is a folder where a file was expected/,
      hint: /path of a file/,
    },
    { name: 'too many open files', error: systemError('EMFILE', { syscall: 'open' }), message: /too many open files/, hint: /ulimit -n/ },
  ];
  for (const testCase of CASES) {
    it(testCase.name, () => {
      const explained = explainSystemError(testCase.error);
      assert.match(explained?.message ?? '', testCase.message);
      assert.match(explained?.hint ?? '', testCase.hint);
    });
  }

  it('leaves other errors to the generic message', () => {
    assert.equal(explainSystemError(new TypeError('x is not a function')), undefined);
    assert.equal(explainSystemError('a string'), undefined);
  });
});

describe('a command stopped by an error: exit 2, the cause, a stack only with --debug', () => {
  afterEach(() => delete process.env.POSTFLIGHT_DEBUG);

  /** What the function writes to stderr (synchronously), and its exit code. */
  function report(error: unknown): { code: number; stderr: string } {
    let stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
    try {
      return { code: reportUnexpectedFailure('run', error), stderr };
    } finally {
      process.stderr.write = write;
    }
  }

  it('an unexpected error: named, exit 2, no stack; where to look', () => {
    const { code, stderr } = report(new TypeError('x is not a function'));
    assert.equal(code, 2);
    assert.match(stderr, /postflight run stopped on an unexpected error: TypeError: x is not a function/);
    assert.match(stderr, /Run the same command with --debug/);
    assert.doesNotMatch(stderr, /^\s+at /m);
  });

  it('with --debug: the stack, and the stack of its cause', () => {
    process.env.POSTFLIGHT_DEBUG = '1';
    const { stderr } = report(new Error('outer', { cause: new RangeError('inner') }));
    assert.match(stderr, /--debug:\nError: outer\n\s+at /);
    assert.match(stderr, /caused by: RangeError: inner\n\s+at /);
  });

  it('an error of the machine: what to do instead of "unexpected"', () => {
    const { code, stderr } = report(systemError('ENOSPC', { syscall: 'write', path: '/srv/reports/junit.xml' }));
    assert.equal(code, 2);
    assert.match(
      stderr,
      /postflight run could not finish: no space left on the device while writing \/srv\/reports\/junit\.xml\.\nWhat to do: Free some disk space/,
    );
  });

  it('a startup error keeps its own message and hint', () => {
    const { code, stderr } = report(new StartupError('The thing is wrong.', 'Fix the thing.'));
    assert.equal(code, 2);
    assert.match(stderr, /postflight could not start: The thing is wrong\.\nWhat to do: Fix the thing\./);
  });
});
