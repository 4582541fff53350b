"""Defer a heavy dependency until the run first touches it.

Most pre-commit runs pass files that no code rule's prefilter lets through, and for them
importing libcst (about 0.3 s) would be most of the run. The rule modules still write
`import libcst as cst`: with the module deferred, that binds a stand-in module which runs
libcst's real code on the first attribute it lacks, so nothing about how rules are written
changes. importlib's LazyLoader is not enough here: every `import` statement reads the
module's `__spec__`, and any attribute read makes LazyLoader load. The test-suite checks
that a clean file is checked without loading libcst, and that a file with findings loads it.
"""

from __future__ import annotations

import importlib.util
import sys
import types


class _Deferred(types.ModuleType):
    """A module whose code has not run yet; it runs, in place, on the first missing attribute."""

    def __getattr__(self, attr: str):
        spec = self.__spec__
        if attr.startswith("__") or getattr(spec, "_apptlint_loading", False):
            raise AttributeError(attr)  # dunder probes, and reads while the module's own code runs
        spec._apptlint_loading = True  # type: ignore[union-attr]
        try:
            self.__class__ = types.ModuleType  # type: ignore[assignment]
            spec.loader.exec_module(self)  # type: ignore[union-attr]
        except BaseException:
            self.__class__ = _Deferred
            raise
        finally:
            spec._apptlint_loading = False  # type: ignore[union-attr]
        return getattr(self, attr)


def defer(name: str) -> None:
    """Make `import name` cheap until the module is first used."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return  # not installed: the import error comes, as usual, where the module is used
    module = importlib.util.module_from_spec(spec)  # sets __spec__, __path__, __file__; runs nothing
    module.__class__ = _Deferred
    sys.modules[name] = module
