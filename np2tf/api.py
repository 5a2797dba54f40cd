"""The decorator and its companions: ``accelerate``, ``to_code``, ``explain``."""
from __future__ import annotations

import dataclasses
import functools

from np2tf.compiler.convert import convert
from np2tf.runtime.calling import CompiledFunction


def accelerate(fn=None):
    """Compile a NumPy function to a TensorFlow graph with NumPy's exact answers.

    >>> @accelerate
    ... def sigmoid(x):
    ...     return 1 / (1 + np.exp(-x))
    >>> sigmoid(np.zeros(3))
    array([0.5, 0.5, 0.5])

    Compilation happens at the first call; each new combination of dtypes and ranks
    is traced once. Calls np2tf cannot lower run in NumPy (see :func:`explain`).
    """
    if fn is None:
        return accelerate
    return Accelerated(fn)


class Accelerated:
    """A NumPy function and its compiled form; call it like the original."""

    def __init__(self, fn):
        self.python_function = fn
        self._compiled = None
        functools.update_wrapper(self, fn)

    @property
    def compiled(self) -> CompiledFunction:
        if self._compiled is None:
            conv = convert(self.python_function)
            self._compiled = CompiledFunction(conv.function, self.python_function)
        return self._compiled

    def __call__(self, *args, **kwargs):
        return self.compiled(*args, **kwargs)

    @property
    def trace_count(self) -> int:
        return 0 if self._compiled is None else self._compiled.trace_count

    def __get__(self, obj, objtype=None):  # methods: bind like a function would
        return self if obj is None else functools.partial(self, obj)

    def __repr__(self):
        return f"<np2tf.accelerate {self.python_function.__qualname__}>"


def to_code(fn) -> str:
    """The Python source np2tf generates for ``fn``: the artifact the decorator loads,
    the CLI writes and the notebook magic shows."""
    return convert(getattr(fn, "python_function", fn)).source


@dataclasses.dataclass
class Fallback:
    file: str | None
    line: int | None
    call: str
    reason: str

    def __str__(self):
        return f"{self.file}:{self.line}: {self.call} falls back to NumPy ({self.reason})"


@dataclasses.dataclass
class Report:
    """What :func:`explain` found for one set of argument types."""
    function: str
    fallbacks: list
    jit_compile: bool
    code: str

    @property
    def fully_lowered(self) -> bool:
        return not self.fallbacks

    def __str__(self):
        head = f"np2tf report for {self.function}: "
        if self.fully_lowered:
            head += "fully lowered to TensorFlow" + (" (XLA)" if self.jit_compile else "")
            return head
        lines = [head + f"{len(self.fallbacks)} call(s) fall back to NumPy"]
        lines += ["  " + str(f) for f in self.fallbacks]
        return "\n".join(lines)


def explain(fn, *args, **kwargs) -> Report:
    """Trace ``fn`` for these example arguments and report what falls back, and why.

    The function runs once on the example arguments if it needs NumPy fallbacks
    (that is how their result types are learned)."""
    acc = fn if isinstance(fn, Accelerated) else Accelerated(getattr(fn, "python_function", fn))
    entry = acc.compiled.entry_for(*args, **kwargs)
    fallbacks = sorted(
        (Fallback(s.location.file if s.location else None,
                  s.location.line if s.location else None, s.call, s.reason)
         for s in entry.fallbacks.values()), key=lambda f: (f.file or "", f.line or 0))
    return Report(acc.python_function.__qualname__, fallbacks, entry.jit,
                  to_code(acc.python_function))
