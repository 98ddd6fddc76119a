"""The code generator behind ``scripts/generate.py``, one step per module.

- ``read``: the two inputs, ``spec/openapi.json`` (the wire) and ``scripts/api.json``
  (everything people wrote about the API: names, prose, the facts the spec cannot tell);
- ``resolve``: from them, the API as the SDK presents it (``api``): every model,
  enumeration and operation, named and placed in a module;
- ``emit_*``: the text of each generated file, written from ``api`` alone, each file
  collecting its imports (``source.Imports``) as its code is written.
"""
