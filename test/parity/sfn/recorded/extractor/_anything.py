import sys, types, importlib.abc, importlib.machinery

class Anything(str):
    """Stands for any LocalStack helper the tests import: a string, a decorator, a namespace."""
    def __new__(cls, name="anything"):
        return str.__new__(cls, name)
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Anything(name)
    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and callable(args[0]) and not isinstance(args[0], str):
            return args[0]
        return Anything(str(self))
    def __getitem__(self, key):
        return Anything(str(key))
    def __or__(self, other):
        return self
    def __ror__(self, other):
        return self
    def __iter__(self):
        return iter([])

OVERRIDES = {}

class StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        full = f"{self.__name__}.{name}"
        if full in OVERRIDES:
            return OVERRIDES[full]
        return Anything(name)

class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path, target=None):
        if fullname == "localstack" or fullname.startswith("localstack.") or fullname.startswith("localstack_snapshot"):
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None
    def create_module(self, spec):
        module = StubModule(spec.name)
        module.__path__ = []
        return module
    def exec_module(self, module):
        pass

sys.meta_path.insert(0, Finder())
