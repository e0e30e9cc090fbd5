import sys, os, json, time, copy
sys.path.insert(0, os.environ["LSX_EXTRACTOR"])
sys.path.append("/usr/lib/python3/dist-packages")
import _anything
from _anything import Anything, OVERRIDES
from unittest.mock import MagicMock
import pytest

OUT = os.environ.get("LSX_OUT", "/tmp/lsx/out")
os.makedirs(OUT, exist_ok=True)
ROOT = os.path.dirname(os.path.abspath(__file__))
CURRENT = {"calls": [], "lambdas": [], "templates": [], "matches": [], "transformers": []}
time.sleep = lambda *_: None

def rel(path):
    return os.path.relpath(str(path), ROOT)

def validated(fn):
    fn._aws_validated = True
    return fn

class AwsMarkers:
    validated = staticmethod(validated)
    def __getattr__(self, name):
        return lambda fn: fn

class Markers:
    aws = AwsMarkers()
    snapshot = Anything("snapshot")
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
# LocalStack names test resources with short_uid(): 8 characters of a uuid4. Lengths matter (Content-Length).
OVERRIDES["localstack.utils.strings.short_uid"] = lambda: "f00dcafe"
OVERRIDES["localstack.testing.aws.util.is_aws_cloud"] = lambda: True

def _call(kind, **fields):
    CURRENT["calls"].append({"kind": kind, **fields})

def create_and_record_execution(target_aws_client=None, create_state_machine_iam_role=None, create_state_machine=None, sfn_snapshot=None, definition=None, execution_input=None, verify_execution_description=False):
    _call("create", definition=definition, type="STANDARD")
    launch_and_record_execution(None, None, None, execution_input, verify_execution_description)
    return "arn:execution"

def create_state_machine_with_iam_role(target_aws_client=None, create_state_machine_iam_role=None, create_state_machine=None, snapshot=None, definition=None, logging_configuration=None, state_machine_name=None, state_machine_type="STANDARD"):
    _call("create", definition=definition, type=str(state_machine_type))
    return "arn:aws:states:us-east-1:111111111111:stateMachine:sm"

def launch_and_record_execution(target_aws_client=None, sfn_snapshot=None, state_machine_arn=None, execution_input=None, verify_execution_description=False):
    _call("start", input=execution_input)
    if verify_execution_description:
        _call("describe")
        _call("match", key="describe_execution", source=len(CURRENT["calls"]) - 1, path=[])
    _call("history")
    _call("match", key="get_execution_history", source=len(CURRENT["calls"]) - 1, path=[])
    return "arn:execution"

def create_and_record_express_sync_execution(client, role, create_sm, snapshot, definition, execution_input, *a, **k):
    _call("express-sync", definition=definition, input=execution_input)
    return "arn:execution", None

utils = "localstack.testing.pytest.stepfunctions.utils"
for fn in [create_and_record_execution, create_state_machine_with_iam_role, launch_and_record_execution, create_and_record_express_sync_execution]:
    OVERRIDES[f"{utils}.{fn.__name__}"] = fn

# load_sfn_template: remember which templates were used
from tests.aws.services.stepfunctions.templates.template_loader import TemplateLoader
_orig_load = TemplateLoader.load_sfn_template
def _load(file_path):
    CURRENT["templates"].append(rel(file_path))
    return _orig_load(file_path)
TemplateLoader.load_sfn_template = staticmethod(_load)

class Recorder(MagicMock):
    pass

def recording_client(label):
    """A client whose Step Functions operations are all recorded (any other service is a plain mock)."""
    client = MagicMock()
    class Exceptions:
        def __getattr__(self, name):
            return type(name, (Exception,), {})
    class StepFunctions:
        exceptions = Exceptions()
        def __getattr__(self, name):
            def method(**kwargs):
                _call("api", client=label, operation=name, args={k: (v if isinstance(v, (str, int, float, bool, list, dict, type(None))) else str(v)) for k, v in kwargs.items()})
                result = MagicMock()
                result.__dict__["_lsx_call"] = len(CURRENT["calls"]) - 1
                return result
            return method
    client.stepfunctions = StepFunctions()
    return client

@pytest.fixture
def aws_client():
    return recording_client("aws_client")

@pytest.fixture
def aws_client_no_retry():
    return recording_client("aws_client_no_retry")

@pytest.fixture
def aws_client_no_sync_prefix():
    return recording_client("aws_client_no_sync_prefix")

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
        source, path = None, []
        node = value
        while isinstance(node, MagicMock):
            if "_lsx_call" in node.__dict__:
                source = node.__dict__["_lsx_call"]
                break
            path.insert(0, node._mock_name)
            node = node._mock_parent
        if isinstance(value, MagicMock) and source is None:
            path = []
        _call("match", key=key, source=source, path=path if source is not None else None, literal=None if isinstance(value, MagicMock) else (value if isinstance(value, (str, int, float, bool, list, dict, type(None))) else str(value)))

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
        _call("create_state_machine", definition=kwargs.get("definition"), type=str(kwargs.get("type", "STANDARD")))
        return {"stateMachineArn": "arn:aws:states:us-east-1:111111111111:stateMachine:" + str(kwargs.get("name", "sm"))}
    return create

@pytest.fixture
def create_lambda_function():
    def create(func_name=None, handler_file=None, runtime=None, **kwargs):
        CURRENT["lambdas"].append({"name": func_name, "handler": rel(handler_file), "runtime": str(runtime)})
        arn = f"arn:aws:lambda:us-east-1:111111111111:function:{func_name}"
        return {"CreateFunctionResponse": {"FunctionArn": arn, "FunctionName": func_name}}
    return create

@pytest.fixture
def account_id():
    return "111111111111"

@pytest.fixture
def region_name():
    return "us-east-1"

def pytest_collection_modifyitems(items):
    items[:] = [item for item in items if getattr(getattr(item, "function", None), "_aws_validated", False)]

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    CURRENT.update(calls=[], lambdas=[], templates=[], matches=[], transformers=[])
    outcome = yield
    exc = outcome.excinfo
    record = {"test": item.nodeid, "calls": copy.deepcopy(CURRENT["calls"]), "lambdas": CURRENT["lambdas"], "templates": CURRENT["templates"], "matches": CURRENT["matches"], "transformers": CURRENT["transformers"], "error": None if exc is None else f"{exc[0].__name__}: {exc[1]}"[:300]}
    name = item.nodeid.replace("/", "_").replace("::", "__")
    with open(os.path.join(OUT, name[:200] + ".json"), "w") as f:
        json.dump(record, f, indent=1, default=str)
