"""The code generator behind ``scripts/generate.py``, one step per module.

- ``read``: the two inputs, ``spec/openapi.json`` (the wire) and ``scripts/api.json``
  (everything people wrote about the API: names, prose, the facts the spec cannot tell);
- ``prose``: that every description of the spec has a text of ours, and nothing stale;
- ``resolve``: from both, the API as the SDK presents it (``api``): every model,
  enumeration and operation, named, documented and placed in a module, and the
  ``iter_...`` method of each list operation that pages;
- ``emit_models``, ``emit_params``, ``emit_operations``, ``emit_namespaces``,
  ``emit_reference``: the text of each generated file, written from ``api`` alone, each
  file collecting its imports (``source.Imports``) as its code is written.
"""
