import sys, os, json, time, copy, threading
sys.path.insert(0, os.environ["LSX_EXTRACTOR"])
sys.path.append("/usr/lib/python3/dist-packages")
import _anything
from _anything import Anything, OVERRIDES
import pytest

OUT = os.environ.get("LSX_OUT", "/tmp/lsx/out")
os.makedirs(OUT, exist_ok=True)
ROOT = os.path.dirname(os.path.abspath(__file__))
CURRENT = {"calls": [], "lambdas": [], "templates": [], "matches": [], "transformers": [], "skips": [], "mocking": False, "uids": 0}
time.sleep = lambda *_: None

def rel(path):
    return os.path.relpath(str(path), ROOT)

class Ref(str):
    """What the test got from a call it made (the answer, or a part of it): in the timeline a
    placeholder `⟦call/path⟧` that the replay fills in with the sandbox's answer to that call."""
    def __new__(cls, call, path=()):
        text = "\u27e6" + str(call) + "".join("/" + str(part) for part in path) + "\u27e7"
        ref = str.__new__(cls, text)
        ref.call = call
        ref.path = tuple(path)
        return ref
    def __getitem__(self, key):
        if isinstance(key, slice):
            return str(self)[key]
        return Ref(self.call, self.path + (key,))
    def get(self, key, default=None):
        return self[key]
    def __setitem__(self, key, value):
        pass  # the test reworks the answer before recording it: see REWORKED in vendor.ts
    def __iter__(self):
        return iter([])
    def __len__(self):
        return 1
    def __bool__(self):
        return True

def validated(fn):
    fn._aws_validated = True
    return fn

def skip_snapshot_verify(paths=None, condition=None, **kwargs):
    """LocalStack's marker: the snapshot paths LocalStack does not compare. Recorded, not applied."""
    def decorate(target):
        target._lsx_skips = list(getattr(target, "_lsx_skips", [])) + [p for p in (paths or []) if isinstance(p, str)]
        return target
    return decorate

class Snapshot:
    skip_snapshot_verify = staticmethod(skip_snapshot_verify)
    def __getattr__(self, name):
        return Anything(name)

class AwsMarkers:
    validated = staticmethod(validated)
    def __getattr__(self, name):
        return lambda fn: fn

class Markers:
    aws = AwsMarkers()
    snapshot = Snapshot()
    requires_in_process = Anything("x")
    lambda_runtime_update = Anything("x")
    def __getattr__(self, name):
        return Anything(name)

OVERRIDES["localstack.testing.pytest.markers"] = Markers()

def _text(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)

def regex_transformer(regex, replacement, *args, **kwargs):
    return {"kind": "regex", "pattern": _text(regex), "replacement": _text(replacement)}

def jsonpath_transformer(jsonpath, replacement, replace_reference=True, *args, **kwargs):
    return {"kind": "jsonpath", "jsonpath": _text(jsonpath), "replacement": _text(replacement)}

OVERRIDES["localstack_snapshot.snapshots.transformer.RegexTransformer"] = regex_transformer
OVERRIDES["localstack_snapshot.snapshots.transformer.JsonpathTransformer"] = jsonpath_transformer

def short_uid():
    """LocalStack names test resources with short_uid(): 8 characters of a uuid4. Lengths matter
    (Content-Length), so they stay 8 characters; each call in a test gets its own."""
    CURRENT["uids"] += 1
    return "f00dcafe" if CURRENT["uids"] == 1 else "f00dca%02x" % CURRENT["uids"]

OVERRIDES["localstack.utils.strings.short_uid"] = short_uid
# The local-mocking tests take their mocked branch (what Step Functions Local runs); the others the AWS one.
OVERRIDES["localstack.testing.aws.util.is_aws_cloud"] = lambda: not CURRENT["mocking"]
OVERRIDES["localstack.utils.sync.retry"] = lambda function, *args, **kwargs: function()
OVERRIDES["localstack.testing.config.TEST_AWS_REGION_NAME"] = "us-east-1"

class Arns:
    """The ARNs the tests build for resources they mock (Step Functions Local's mocked branches)."""
    @staticmethod
    def lambda_function_arn(function_name, account_id="111111111111", region_name="us-east-1"):
        return f"arn:aws:lambda:{region_name}:{account_id}:function:{function_name}"
    @staticmethod
    def iam_role_arn(role_name, account_id="111111111111", region_name="us-east-1"):
        return f"arn:aws:iam::{account_id}:role/{role_name}"
    @staticmethod
    def stepfunctions_state_machine_arn(name, account_id="111111111111", region_name="us-east-1"):
        return f"arn:aws:states:{region_name}:{account_id}:stateMachine:{name}"
    @staticmethod
    def stepfunctions_standard_execution_arn(state_machine_arn, execution_name):
        return state_machine_arn.replace(":stateMachine:", ":execution:") + ":" + execution_name
    def __getattr__(self, name):
        return Anything(name)

OVERRIDES["localstack.utils.aws.arns"] = Arns()

def plain(value):
    """A value as the timeline holds it (placeholders stay text)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (int, float, bool, type(None))):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, RecordingClient):
        return value.label
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    if callable(value) and hasattr(value, "__name__"):
        return {"function": value.__name__}
    return str(value)

def _call(kind, **fields):
    CURRENT["calls"].append({"kind": kind, **fields})
    return len(CURRENT["calls"]) - 1

# The Step Functions helpers of localstack.testing.pytest.stepfunctions.utils, as steps.
def create_state_machine_with_iam_role(target_aws_client=None, create_state_machine_iam_role=None, create_state_machine=None, snapshot=None, definition=None, logging_configuration=None, state_machine_name=None, state_machine_type="STANDARD"):
    return Ref(_call("create", definition=plain(definition), type=str(state_machine_type), name=plain(state_machine_name)), ("stateMachineArn",))

def launch_and_record_execution(target_aws_client=None, sfn_snapshot=None, state_machine_arn=None, execution_input=None, verify_execution_description=False):
    started = _call("start", input=plain(execution_input))
    if verify_execution_description:
        _call("describe")
        _call("match", key="describe_execution", source=len(CURRENT["calls"]) - 1, path=[])
    _call("history")
    _call("match", key="get_execution_history", source=len(CURRENT["calls"]) - 1, path=[])
    return Ref(started, ("executionArn",))

def create_and_record_execution(target_aws_client=None, create_state_machine_iam_role=None, create_state_machine=None, sfn_snapshot=None, definition=None, execution_input=None, verify_execution_description=False):
    create_state_machine_with_iam_role(definition=definition)
    return launch_and_record_execution(None, None, None, execution_input, verify_execution_description)

def create_and_record_mocked_execution(target_aws_client=None, create_state_machine_iam_role=None, create_state_machine=None, sfn_snapshot=None, definition=None, execution_input=None, state_machine_name=None, test_name=None, state_machine_type="STANDARD"):
    create_state_machine_with_iam_role(definition=definition, state_machine_name=state_machine_name, state_machine_type=state_machine_type)
    started = _call("start", input=plain(execution_input), testCase=plain(test_name))
    _call("history")
    _call("match", key="get_execution_history", source=len(CURRENT["calls"]) - 1, path=[])
    return Ref(started, ("executionArn",))

def create_and_record_express_sync_execution(client, role, create_sm, snapshot, definition, execution_input, *a, **k):
    created = _call("create", definition=plain(definition), type="EXPRESS", name=None)
    _call("match", key="creation_response", source=created, path=[])
    started = _call("start-sync", input=plain(execution_input))
    _call("match", key="start_execution_sync_response", source=started, path=[])
    return Ref(started, ("executionArn",)), None

def create_and_record_mocked_sync_execution(target_aws_client=None, create_state_machine_iam_role=None, create_state_machine=None, sfn_snapshot=None, definition=None, execution_input=None, state_machine_name=None, test_name=None):
    create_state_machine_with_iam_role(definition=definition, state_machine_name=state_machine_name, state_machine_type="EXPRESS")
    started = _call("start-sync", input=plain(execution_input), testCase=plain(test_name))
    _call("match", key="start_execution_sync_response", source=started, path=[])
    return Ref(started, ("executionArn",))

utils = "localstack.testing.pytest.stepfunctions.utils"
for fn in [create_and_record_execution, create_state_machine_with_iam_role, launch_and_record_execution, create_and_record_express_sync_execution, create_and_record_mocked_execution, create_and_record_mocked_sync_execution]:
    OVERRIDES[f"{utils}.{fn.__name__}"] = fn

def awaiting(name):
    def wait(stepfunctions_client=None, execution_arn=None, *args, **kwargs):
        return Ref(_call("await", until=name, execution=plain(execution_arn if execution_arn is not None else kwargs.get("state_machine_arn"))))
    return wait

for name in ["await_execution_terminated", "await_execution_success", "await_execution_aborted", "await_execution_started", "await_execution_lists_terminated", "await_list_execution_status", "await_on_execution_events"]:
    OVERRIDES[f"{utils}.{name}"] = awaiting(name)

# load_sfn_template: remember which templates were used
from tests.aws.services.stepfunctions.templates.template_loader import TemplateLoader
_orig_load = TemplateLoader.load_sfn_template
def _load(file_path):
    CURRENT["templates"].append(rel(file_path))
    return _orig_load(file_path)
TemplateLoader.load_sfn_template = staticmethod(_load)

class Exceptions:
    def __getattr__(self, name):
        return type(name, (Exception,), {})

class ServiceRecorder:
    """A boto3 client whose every operation is a recorded call answering a Ref."""
    def __init__(self, label, service):
        self.label, self.service = label, service
        self.exceptions = Exceptions()
    def __repr__(self):
        return f"<{self.label} {self.service} client>"  # a fixture given a client records it by name
    def __getattr__(self, operation):
        if operation.startswith("__"):
            raise AttributeError(operation)
        def method(**kwargs):
            return Ref(_call("api", client=self.label, service=self.service, operation=operation, args=plain(kwargs)))
        return method

class RecordingClient:
    def __init__(self, label):
        self.label = label
    def __getattr__(self, service):
        if service.startswith("__"):
            raise AttributeError(service)
        return ServiceRecorder(self.label, service)

@pytest.fixture
def aws_client():
    return RecordingClient("aws_client")

@pytest.fixture
def aws_client_no_retry():
    return RecordingClient("aws_client_no_retry")

@pytest.fixture
def aws_client_no_sync_prefix():
    return RecordingClient("aws_client_no_sync_prefix")

class Transform:
    def regex(self, regex, replacement, *a, **k):
        return regex_transformer(regex, replacement)
    def jsonpath(self, jsonpath, value_replacement, *a, **k):
        return jsonpath_transformer(jsonpath, value_replacement)
    def __getattr__(self, name):
        return Anything(name)

class Snap:
    def __init__(self):
        self.transform = Transform()
    def add_transformer(self, transformer, *a, **k):
        for item in transformer if isinstance(transformer, list) else [transformer]:
            if isinstance(item, dict):
                CURRENT["transformers"].append(item)
    def add_transformers_list(self, transformers, *a, **k):
        self.add_transformer(list(transformers))
    def match(self, key, value):
        CURRENT["matches"].append(key)
        if isinstance(value, Ref):
            _call("match", key=key, source=value.call, path=[str(part) for part in value.path], literal=None)
        else:
            _call("match", key=key, source=None, path=None, literal=plain(value))

@pytest.fixture
def sfn_snapshot():
    return Snap()

@pytest.fixture
def snapshot():
    return Snap()

@pytest.fixture
def create_state_machine_iam_role():
    return lambda *a, **k: "arn:aws:iam::111111111111:role/snf_role"

@pytest.fixture
def create_state_machine():
    def create(client, **kwargs):
        return Ref(_call("create", definition=plain(kwargs.get("definition")), type=str(kwargs.get("type", "STANDARD")), name=plain(kwargs.get("name"))))
    return create

@pytest.fixture
def create_lambda_function():
    def create(func_name=None, handler_file=None, runtime=None, **kwargs):
        CURRENT["lambdas"].append({"name": func_name, "handler": rel(handler_file), "runtime": str(runtime)})
        arn = f"arn:aws:lambda:us-east-1:111111111111:function:{func_name}"
        return {"CreateFunctionResponse": {"FunctionArn": arn, "FunctionName": func_name}}
    return create

def recorded_fixture(name):
    """A LocalStack fixture that makes resources or acts (a queue, a worker state machine): a step the replay performs."""
    @pytest.fixture(name=name)
    def fixture():
        def act(*args, **kwargs):
            return Ref(_call("fixture", name=name, args=plain(list(args)), kwargs=plain(kwargs)))
        return act
    return fixture

for _name in [
    "s3_create_bucket", "sqs_create_queue", "sns_create_topic", "dynamodb_create_table", "create_activity",
    "events_to_sqs_queue", "sfn_events_to_sqs_queue", "sfn_activity_consumer", "sqs_send_task_success_state_machine",
    "sqs_send_task_failure_state_machine", "sqs_send_heartbeat_and_task_success_state_machine",
    "sqs_receive_num_messages", "sns_allow_topic_sqs_queue", "sqs_get_queue_arn", "events_create_rule",
]:
    globals()[f"_fixture_{_name}"] = recorded_fixture(_name)

@pytest.fixture
def mock_config_file():
    def write(config):
        _call("mock-config", config=plain(config))
        return "/mock-config.json"
    return write

@pytest.fixture
def account_id():
    return "111111111111"

@pytest.fixture
def region_name():
    return "us-east-1"

class RecordedThread:
    """A thread the test starts (a worker answering callbacks): a step the replay performs by its function's name."""
    def __init__(self, target=None, args=(), kwargs=None, **_):
        arguments = list(args)
        if getattr(target, "__name__", "") == "<lambda>" and arguments and callable(arguments[0]):
            target = arguments.pop(0)
        self.daemon = True
        self.step = {"target": getattr(target, "__name__", str(target)), "args": plain(arguments)}
    def start(self):
        _call("thread", **self.step)
    def join(self, *a, **k):
        pass

def pytest_collection_modifyitems(items):
    items[:] = [item for item in items if getattr(getattr(item, "function", None), "_aws_validated", False)]

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    CURRENT.update(calls=[], lambdas=[], templates=[], matches=[], transformers=[], uids=0, mocking="/local_mocking/" in item.nodeid)
    skips = list(getattr(item.function, "_lsx_skips", [])) + list(getattr(getattr(item, "cls", None), "_lsx_skips", []))
    original_thread = threading.Thread
    threading.Thread = RecordedThread
    try:
        outcome = yield
    finally:
        threading.Thread = original_thread
    exc = outcome.excinfo
    record = {"test": item.nodeid, "calls": copy.deepcopy(CURRENT["calls"]), "lambdas": CURRENT["lambdas"], "templates": CURRENT["templates"], "matches": CURRENT["matches"], "transformers": CURRENT["transformers"], "skips": skips, "error": None if exc is None else f"{exc[0].__name__}: {exc[1]}"[:300]}
    name = item.nodeid.replace("/", "_").replace("::", "__")
    with open(os.path.join(OUT, name[:200] + ".json"), "w") as f:
        json.dump(record, f, indent=1, default=str)
