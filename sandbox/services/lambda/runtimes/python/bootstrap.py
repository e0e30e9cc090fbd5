# The Python Lambda runtime as it runs inside one sandbox worker process.
#
# It follows the behaviour of the AWS Lambda Python runtime interface client (awslambdaric): how
# the handler is found (`module/path.function`, imported with importlib from the task root), the
# context object, the error documents ({errorMessage, errorType, requestId, stackTrace}) and the
# Runtime.* fault names, the text log format of the `logging` module
# (`[LEVEL]\t<time>Z\t<request id>\t<message>`), print() output passed on line by line, and
# responses encoded as Python's json writes them (", " and ": " separators; Decimal as a number).
#
# It speaks the sandbox's worker protocol (see worker.ts) over the IPC channel Node opened for it:
# newline-delimited JSON on the file descriptor named by NODE_CHANNEL_FD.
# Parent -> worker: {type: 'invoke', requestId, event, deadlineMs, invokedFunctionArn, clientContext}.
# Worker -> parent: {type: 'log', time, text, raw}, {type: 'ready'}, {type: 'init-error', error, payload},
# {type: 'result', requestId, payload}, {type: 'error', requestId, error, payload, exiting?}; each
# carries maxMemoryMb but 'log'.

import decimal
import importlib
import io
import json
import logging
import math
import os
import re
import resource
import signal
import socket
import sys
import threading
import time
import traceback
import uuid

RUNTIME_DIRECTORY = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# The channel to the sandbox. If the sandbox goes away, so does the worker: no orphans.


class Channel:
    def __init__(self, fd):
        self._socket = socket.socket(fileno=fd)
        self._reader = self._socket.makefile("rb")
        self._lock = threading.Lock()

    def send(self, message):
        data = (json.dumps(message) + "\n").encode("utf-8")
        try:
            with self._lock:
                self._socket.sendall(data)
        except OSError:
            os._exit(0)

    def receive(self):
        line = self._reader.readline()
        return json.loads(line) if line else None


def max_memory_mb():
    return math.ceil(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def now_ms():
    return int(time.time() * 1000)


# ---------------------------------------------------------------------------------------------
# Logs. print() and anything else written to sys.stdout / sys.stderr becomes one log event per
# line; a `logging` record is one event (a multi-line message or traceback stays together, as
# Lambda's telemetry channel keeps it). Both travel over the channel, in order with the result.


class LineStream(io.TextIOBase):
    def __init__(self, channel, fd):
        self._channel = channel
        self._fd = fd
        self._pending = ""
        self._lock = threading.Lock()

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def fileno(self):
        return self._fd

    @property
    def buffer(self):
        """For code that writes bytes (sys.stdout.buffer.write): decoded as UTF-8 into the same lines."""
        return _BytesWriter(self)

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        with self._lock:
            lines = (self._pending + text).split("\n")
            self._pending = lines.pop()
            if lines:
                self._channel.send({"type": "log", "time": now_ms(), "text": "".join(line + "\n" for line in lines), "raw": True})
        return len(text)

    def flush(self):
        with self._lock:
            if self._pending:
                self._channel.send({"type": "log", "time": now_ms(), "text": self._pending + "\n", "raw": True})
                self._pending = ""


class _BytesWriter(io.RawIOBase):
    def __init__(self, text_stream):
        self._text_stream = text_stream

    def writable(self):
        return True

    def write(self, data):
        self._text_stream.write(bytes(data).decode("utf-8", errors="replace"))
        return len(data)

    def flush(self):
        self._text_stream.flush()


current_request_id = None


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current_request_id or ""
        return True


class LambdaLogHandler(logging.Handler):
    def __init__(self, channel):
        super().__init__()
        self._channel = channel

    def emit(self, record):
        try:
            text = self.format(record)
        except Exception:
            self.handleError(record)
            return
        sys.stdout.flush()
        self._channel.send({"type": "log", "time": now_ms(), "text": text, "raw": False})


def setup_logging(channel):
    logging.Formatter.converter = time.gmtime
    handler = LambdaLogHandler(channel)
    handler.setFormatter(
        logging.Formatter("[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s\n", "%Y-%m-%dT%H:%M:%S")
    )
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = {None: "", "TRACE": "DEBUG"}.get(os.environ.get("AWS_LAMBDA_LOG_LEVEL"), os.environ.get("AWS_LAMBDA_LOG_LEVEL", "")).upper()
    if level in logging._nameToLevel:
        root.setLevel(level)
    root.addHandler(handler)


def log_error(channel, error):
    """The error as Lambda logs it: `[ERROR] Type: message`, then the traceback, indented with no-break spaces."""
    description = "[ERROR]"
    if error["errorType"]:
        description += " " + error["errorType"]
    if error["errorMessage"]:
        description += (":" if error["errorType"] else "") + " " + error["errorMessage"]
    lines = [description, "Traceback (most recent call last):"]
    for element in error["stackTrace"]:
        for line in element.splitlines() or [""]:
            stripped = line.lstrip(" ")
            lines.append("\u00a0" * (len(line) - len(stripped)) + stripped)
    sys.stdout.flush()
    sys.stderr.flush()
    channel.send({"type": "log", "time": now_ms(), "text": "\n".join(lines) + "\n", "raw": False})


UNHANDLED_WARNING = (
    "LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code. However, in rare cases, "
    "a Lambda runtime update can cause unexpected function behavior. For functions using managed runtimes, runtime updates "
    "can be triggered by a function change, or can be applied automatically. To determine if the runtime has been updated, "
    "check the runtime version in the INIT_START log entry. If this error correlates with a change in the runtime version, "
    "you may be able to mitigate this error by temporarily rolling back to the previous runtime version. For more "
    "information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html\r"
)

# ---------------------------------------------------------------------------------------------
# Errors, named and shaped as the Lambda Python runtime names and shapes them.


class FaultException(Exception):
    def __init__(self, exception_type, msg, trace=None):
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


def make_error(message, error_type, stack_trace, request_id=None):
    return {
        "errorMessage": message or "",
        "errorType": error_type or "",
        "requestId": request_id if request_id is not None else "",
        "stackTrace": stack_trace or [],
    }


def error_from_exception(exc_info, request_id=None):
    """The traceback from the first frame outside this file, as format_list writes it."""
    error_type, value, tb = exc_info
    # Plain (file, line, name, code) tuples, as the runtime formats them: no column carets.
    frames = [(frame.filename, frame.lineno, frame.name, frame.line) for frame in traceback.extract_tb(tb)]
    for index, frame in enumerate(frames):
        if frame[0] != __file__:
            frames = frames[index:]
            break
    return make_error(str(value), error_type.__name__, traceback.format_list(frames), request_id)


def error_from_fault(fault, request_id=None):
    return make_error(fault.msg, fault.exception_type, fault.trace, request_id)


# ---------------------------------------------------------------------------------------------
# JSON as the runtime writes it: Python's default separators, Decimal as its exact digits (the
# runtime's encoder writes it raw), non-ASCII text kept as is from python3.12 on.

DECIMAL_NONCE = uuid.uuid4().hex
DECIMAL_MARK = "\u0000decimal-%s:" % DECIMAL_NONCE
DECIMAL_PATTERN = re.compile(r'"%s([^"\\]*)\\u0000"' % re.escape(json.dumps(DECIMAL_MARK)[1:-1]))
ENSURE_ASCII = os.environ.get("AWS_EXECUTION_ENV") not in {"AWS_Lambda_python3.12", "AWS_Lambda_python3.13"}


class Encoder(json.JSONEncoder):
    def default(self, value):
        if isinstance(value, decimal.Decimal):
            if value.is_nan():
                return math.nan
            return DECIMAL_MARK + str(value) + "\u0000"
        return super().default(value)


def to_json(value):
    text = json.dumps(value, cls=Encoder, ensure_ascii=ENSURE_ASCII, allow_nan=True)
    return DECIMAL_PATTERN.sub(lambda match: match.group(1), text) if DECIMAL_NONCE in text else text


def marshal_response(response):
    if isinstance(response, bytes):
        # Fidelity gap: Lambda answers the bytes as they are; the channel carries text.
        return response.decode("utf-8", errors="replace")
    try:
        return to_json(response)
    except Exception as error:
        raise FaultException("Runtime.MarshalError", "Unable to marshal response: {}".format(error))


# ---------------------------------------------------------------------------------------------
# The context object, with the attributes and methods of the runtime's LambdaContext.


class CognitoIdentity(object):
    __slots__ = ["cognito_identity_id", "cognito_identity_pool_id"]


class Client(object):
    __slots__ = ["installation_id", "app_title", "app_version_name", "app_version_code", "app_package_name"]


class ClientContext(object):
    __slots__ = ["custom", "env", "client"]


def object_from_dict(cls, values):
    if values is None:
        return None
    instance = cls()
    for field in cls.__slots__:
        setattr(instance, field, values.get(field))
    return instance


class LambdaContext(object):
    def __init__(self, request_id, client_context, deadline_ms, invoked_function_arn):
        self.aws_request_id = request_id
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.invoked_function_arn = invoked_function_arn
        self.tenant_id = None
        self.client_context = object_from_dict(ClientContext, client_context)
        if self.client_context is not None:
            self.client_context.client = object_from_dict(Client, self.client_context.client)
        self.identity = object_from_dict(CognitoIdentity, {})
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        remaining = self._deadline_ms - now_ms()
        return remaining if remaining > 0 else 0

    def log(self, message):
        sys.stdout.write(str(message))

    def __repr__(self):
        return (
            "LambdaContext([aws_request_id={},log_group_name={},log_stream_name={},function_name={},memory_limit_in_mb={},"
            "function_version={},invoked_function_arn={},client_context={},identity={},tenant_id={}])"
        ).format(
            self.aws_request_id,
            self.log_group_name,
            self.log_stream_name,
            self.function_name,
            self.memory_limit_in_mb,
            self.function_version,
            self.invoked_function_arn,
            self.client_context,
            self.identity,
            self.tenant_id,
        )


# ---------------------------------------------------------------------------------------------
# Loading the handler: `module.function`, where the module may name a path (`src/app`) or a
# package (`pkg.app`), imported from the task root.


def load_handler(handler):
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as error:
        raise FaultException("Runtime.MalformedHandlerName", "Bad handler '{}': {}".format(handler, error))
    try:
        if module_name.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                "Runtime.BuiltInModuleConflict", "Cannot use built-in module {} as a handler module".format(module_name)
            )
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as error:
        raise FaultException("Runtime.ImportModuleError", "Unable to import module '{}': {}".format(module_name, error))
    except SyntaxError as error:
        trace = ['  File "%s" Line %s\n    %s' % (error.filename, error.lineno, error.text)]
        raise FaultException("Runtime.UserCodeSyntaxError", "Syntax error in module '{}': {}".format(module_name, error), trace)
    try:
        return getattr(module, function_name)
    except AttributeError:
        raise FaultException("Runtime.HandlerNotFound", "Handler '{}' missing on module '{}'".format(function_name, module_name))


# ---------------------------------------------------------------------------------------------
# Memory: an environment that grows past the function's memory size is killed, as Lambda kills it.


def watch_memory(channel, limit_mb):
    page_size = os.sysconf("SC_PAGE_SIZE")
    while True:
        time.sleep(0.05)
        try:
            with open("/proc/self/statm") as statm:
                resident_mb = int(statm.read().split()[1]) * page_size / (1024 * 1024)
        except OSError:
            return
        if resident_mb > limit_mb:
            request_id = current_request_id
            if request_id is not None:
                error = {
                    "errorType": "Runtime.OutOfMemory",
                    "errorMessage": "RequestId: {} Error: Runtime exited with error: signal: killed".format(request_id),
                }
                channel.send({"type": "error", "requestId": request_id, "error": error, "maxMemoryMb": math.ceil(resident_mb), "exiting": True})
            os.kill(os.getpid(), signal.SIGKILL)


# ---------------------------------------------------------------------------------------------
# Invocations, one at a time, on the main thread.


def invoke(channel, handler, message):
    global current_request_id
    request_id = message["requestId"]
    current_request_id = request_id
    error = None
    try:
        context = LambdaContext(request_id, message.get("clientContext"), message["deadlineMs"], message["invokedFunctionArn"])
        try:
            event = json.loads(message["event"])
        except Exception as parse_error:
            raise FaultException("Runtime.UnmarshalError", "Unable to unmarshal input: {}".format(parse_error))
        payload = marshal_response(handler(event, context))
    except FaultException as fault:
        error = error_from_fault(fault, request_id)
    except Exception:
        error = error_from_exception(sys.exc_info(), request_id)
    sys.stdout.flush()
    sys.stderr.flush()
    if error is not None:
        log_error(channel, error)
        channel.send({"type": "error", "requestId": request_id, "error": error, "payload": to_json(error), "maxMemoryMb": max_memory_mb()})
    else:
        channel.send({"type": "result", "requestId": request_id, "payload": payload, "maxMemoryMb": max_memory_mb()})


def main():
    channel = Channel(int(os.environ.pop("NODE_CHANNEL_FD")))
    os.environ.pop("NODE_CHANNEL_SERIALIZATION_MODE", None)
    sys.stdout = LineStream(channel, 1)
    sys.stderr = LineStream(channel, 2)
    setup_logging(channel)

    import sdk_endpoint

    sdk_endpoint.install()
    # The task root first, as on Lambda; this runtime's own folder is not importable.
    task_root = os.environ.get("LAMBDA_TASK_ROOT", os.getcwd())
    sys.path[:] = [task_root] + [entry for entry in sys.path if os.path.abspath(entry or ".") != RUNTIME_DIRECTORY]
    for own_module in ("sdk_endpoint",):
        sys.modules.pop(own_module, None)

    memory_size = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
    if memory_size:
        threading.Thread(target=watch_memory, args=(channel, int(memory_size)), daemon=True).start()

    error = None
    try:
        handler = load_handler(os.environ.get("_HANDLER", ""))
    except FaultException as fault:
        error = error_from_fault(fault)
    except Exception:
        error = error_from_exception(sys.exc_info())
    if error is not None:
        logging.warning(UNHANDLED_WARNING)
        log_error(channel, error)
        channel.send({"type": "init-error", "error": error, "payload": to_json(error), "maxMemoryMb": max_memory_mb()})
        sys.exit(1)

    channel.send({"type": "ready", "maxMemoryMb": max_memory_mb()})
    try:
        while True:
            message = channel.receive()
            if message is None:
                return
            if message.get("type") == "invoke":
                invoke(channel, handler, message)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


if __name__ == "__main__":
    main()
