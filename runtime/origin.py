"""Where in the user's source a trace-time event happened.

The compiler registers, for every generated file, the map from generated line to
the user's file and line. The runtime finds the innermost generated frame on the
stack, so no location needs to be threaded through generated code.
"""
from __future__ import annotations

import dataclasses
import linecache
import os
import sys
import types

# generated filename -> {generated line: (user file, user line)}
_LINE_MAPS: dict[str, dict[int, tuple[str, int]]] = {}


@dataclasses.dataclass(frozen=True)
class Location:
    file: str
    line: int

    @property
    def text(self) -> str:
        return linecache.getline(self.file, self.line).strip()

    def __str__(self):
        return f"{self.file}:{self.line}"


def register(generated_file: str, line_map: dict[int, tuple[str, int]]) -> None:
    _LINE_MAPS[generated_file] = dict(line_map)


def user_location(generated_file: str, line: int) -> Location | None:
    m = _LINE_MAPS.get(generated_file)
    if not m:
        return None
    hit = m.get(line)
    if hit is None:  # a multi-line generated statement: take the nearest line above
        below = [g for g in m if g <= line]
        if not below:
            return None
        hit = m[max(below)]
    return Location(*hit)


def current(depth_limit: int = 200):
    """``(Location, site)`` of the innermost generated frame on the stack.

    ``site`` identifies the exact call in the generated code (file, line, bytecode
    offset): the same across an eager run and a trace of the same function."""
    f = sys._getframe(1)
    for _ in range(depth_limit):
        if f is None:
            break
        code = f.f_code
        if code.co_filename in _LINE_MAPS:
            loc = user_location(code.co_filename, f.f_lineno)
            return loc, (code.co_filename, f.f_lineno, f.f_lasti)
        f = f.f_back
    return None, None


def in_traceback(tb) -> Location | None:
    """The innermost user location in a traceback (for errors raised while tracing)."""
    found = None
    while tb is not None:
        loc = user_location(tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        if loc is not None:
            found = loc
        tb = tb.tb_next
    return found


def _library_roots():
    import sysconfig
    roots = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    return tuple(os.path.realpath(r) + os.sep for r in roots if r)


_LIBRARY_ROOTS = None


def is_user_code(fn) -> bool:
    """A Python function the user wrote (compiled by np2tf), as opposed to library code
    (the standard library, installed packages), which runs as it is."""
    global _LIBRARY_ROOTS
    if not isinstance(fn, types.FunctionType):  # builtins, Cython functions
        return False
    filename = fn.__code__.co_filename
    if filename.startswith("<frozen") or filename.startswith("<built-in"):
        return False
    if _LIBRARY_ROOTS is None:
        _LIBRARY_ROOTS = _library_roots()
    real = os.path.realpath(filename)
    return not real.startswith(_LIBRARY_ROOTS)
