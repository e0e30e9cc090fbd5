# Points boto3/botocore clients at the sandbox without a change to the function's code.
#
# The worker's environment carries AWS_ENDPOINT_URL, which botocore honours from 1.31 on; older
# botocore (Debian 12's python3-botocore is 1.29) ignores it and would call AWS itself. So once
# `botocore.session` is imported, Session.create_client is wrapped: a client created without an
# explicit endpoint_url gets AWS_ENDPOINT_URL's. Nothing is imported ahead of the function's own
# imports (a function that never uses boto3 pays nothing for this).

import functools
import importlib.abc
import importlib.machinery
import inspect
import os
import sys

TARGET_MODULE = "botocore.session"


def _with_sandbox_endpoint(create_client):
    signature = inspect.signature(create_client)

    @functools.wraps(create_client)
    def create_client_with_endpoint(*args, **kwargs):
        endpoint = os.environ.get("AWS_ENDPOINT_URL")
        if endpoint:
            bound = signature.bind(*args, **kwargs)
            if bound.arguments.get("endpoint_url") is None:
                bound.arguments["endpoint_url"] = endpoint
                return create_client(*bound.args, **bound.kwargs)
        return create_client(*args, **kwargs)

    return create_client_with_endpoint


def _patch(module):
    session_class = getattr(module, "Session", None)
    if session_class is not None and not getattr(session_class.create_client, "_sandbox_endpoint", False):
        session_class.create_client = _with_sandbox_endpoint(session_class.create_client)
        session_class.create_client._sandbox_endpoint = True


class _PatchOnImport(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname != TARGET_MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        load = spec.loader.exec_module

        def exec_module(module):
            load(module)
            _patch(module)

        spec.loader.exec_module = exec_module
        return spec


def install():
    if TARGET_MODULE in sys.modules:
        _patch(sys.modules[TARGET_MODULE])
    else:
        sys.meta_path.insert(0, _PatchOnImport())
