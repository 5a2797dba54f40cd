"""``np2tf export``: a fully lowered function as a TensorFlow SavedModel.

The SavedModel holds one ``tf.function`` with a fixed input signature, traced from the
same generated code the decorator runs; loading it needs TensorFlow only. Choices:

* a signature entry is an array (``float64[:,:]``, ``int32[3,:]``, ``float32[]`` for a 0-d
  array), a NumPy scalar (``float64``), a Python scalar (``int``, ``float``, ``complex``:
  weakly typed as NumPy 2 treats them, fed as a 0-d int64/float64/complex128 tensor),
  or a literal (``5``, ``None``, ``'ortho'``), baked into the graph. Parameters left
  out take their defaults (baked in too).
* NumPy's run-time errors (an index out of bounds...) become a ``tf.debugging.Assert``
  in the saved graph: the call fails with ``tf.errors.InvalidArgumentError`` whose
  message names NumPy's exception and the user's line. The graph is therefore saved
  without ``jit_compile`` (XLA drops assertions); wrap the loaded function in your own
  ``tf.function(jit_compile=True)`` if you prefer speed to the checks.
* a function with a fallback node is refused: a ``tf.numpy_function`` body is Python and
  is not saved. The error names the line.
* results are tensors (NumPy scalars come back as 0-d tensors); tuples stay tuples.
"""
from __future__ import annotations

import ast
import dataclasses
import inspect
import os
import shutil
import tempfile
import warnings

import numpy as np

from .errors import NotConvertibleError

_PY_KINDS = {"int": int, "float": float, "complex": complex}


class SignatureError(ValueError):
    """The --signature text cannot be parsed."""


class ExportRefused(Exception):
    """The function cannot be exported as a graph (the message names the line)."""


@dataclasses.dataclass
class ArgSpec:
    kind: str                 # "array", "npscalar", "weak", "static"
    dtype: object = None      # np.dtype
    shape: tuple | None = None
    value: object = None      # "weak": the Python type; "static": the value

    def __str__(self):
        if self.kind == "array":
            return f"{self.dtype}[{','.join(':' if d is None else str(d) for d in self.shape)}]"
        if self.kind == "npscalar":
            return str(self.dtype)
        if self.kind == "weak":
            return self.value.__name__
        return repr(self.value)


def split_top_level(text: str) -> list[str]:
    """Split on commas outside brackets and quotes."""
    parts, depth, quote, cur = [], 0, None, []
    for ch in text:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    last = "".join(cur).strip()
    if last or parts:
        parts.append(last)
    return parts


def parse_signature(text: str) -> list[ArgSpec]:
    """``"float64[:,:], int"`` -> one ArgSpec per parameter."""
    return [_parse_entry(e) for e in split_top_level(text)]


def _parse_entry(entry: str) -> ArgSpec:
    if not entry:
        raise SignatureError("empty entry in the signature")
    head, bracket, rest = entry.partition("[")
    head = head.strip()
    if bracket:
        if not rest.endswith("]"):
            raise SignatureError(f"{entry!r}: missing ']'")
        dims = rest[:-1].strip()
        shape = tuple(_dim(d.strip(), entry) for d in dims.split(",")) if dims and \
            dims != "()" else ()
        return ArgSpec("array", _dtype(head, entry), shape)
    if head in _PY_KINDS:
        return ArgSpec("weak", value=_PY_KINDS[head])
    if head.isidentifier() and head not in ("None", "True", "False"):
        return ArgSpec("npscalar", _dtype(head, entry), ())
    try:
        return ArgSpec("static", value=ast.literal_eval(entry))
    except (ValueError, SyntaxError):
        raise SignatureError(f"{entry!r} is not a type (float64[:,:], int, float32) "
                             "or a literal value") from None


def _dim(d, entry):
    if d in (":", "", "None"):
        return None
    try:
        n = int(d)
    except ValueError:
        raise SignatureError(f"{entry!r}: a dimension is ':' or a size, not {d!r}") from None
    if n < 0:
        raise SignatureError(f"{entry!r}: negative size {n}")
    return n


def _dtype(name, entry):
    from np2tf.runtime import dtypes
    try:
        dt = np.dtype(name)
    except TypeError:
        raise SignatureError(f"{entry!r}: unknown dtype {name!r}") from None
    if dt not in dtypes.SUPPORTED:
        raise SignatureError(f"{entry!r}: dtype {dt} is not supported")
    return dt


def export(fn, specs: list[ArgSpec], out_dir: str) -> str:
    """Trace ``fn`` for ``specs`` and save it to ``out_dir`` (written atomically).

    Returns the name of the saved function (an attribute of the loaded object)."""
    import tensorflow as tf
    from np2tf.runtime.fallback import FallbackWarning

    params = list(inspect.signature(fn).parameters.values())
    if len(specs) > len(params):
        raise SignatureError(f"{fn.__name__} takes {len(params)} argument(s), the signature "
                             f"gives {len(specs)}")
    specs = list(specs)
    for p in params[len(specs):]:
        if p.default is inspect.Parameter.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            raise SignatureError(f"the signature gives {len(specs)} argument(s); "
                                 f"parameter {p.name!r} of {fn.__name__} has no default")
        specs.append(ArgSpec("static", value=p.default))
    names = [p.name for p in params]
    function = _graph_function(fn, specs, names)
    with warnings.catch_warnings():  # a fallback is reported as the refusal itself
        warnings.simplefilter("ignore", FallbackWarning)
        concrete = function.get_concrete_function()
    module = tf.Module()
    name = fn.__name__ if fn.__name__.isidentifier() else "f"
    setattr(module, name, function)
    _save_atomically(module, concrete, out_dir)
    return name


def _graph_function(fn, specs, names):
    """The tf.function to save: the generated code traced for these input specs, its
    arguments made into trace-time values by the calling convention itself."""
    import tensorflow as tf
    from np2tf.runtime import calling, context, dtypes, fallback, refs
    from np2tf.runtime.values import NeedStatic

    from .convert import convert

    generated = convert(fn).function
    convention = calling.CompiledFunction(generated, fn)
    convention._static = {("value", i) for i, s in enumerate(specs) if s.kind == "static"}
    examples = [_example(s, names[i]) for i, s in enumerate(specs)]  # types, not values
    tf_specs = []
    for i, s in enumerate(specs):
        if s.kind == "weak":
            dt = {int: tf.int64, float: tf.float64, complex: tf.complex128}[s.value]
        elif s.kind != "static":
            dt = dtypes.to_tf(s.dtype)
        else:
            continue
        tf_specs.append(tf.TensorSpec(s.shape if s.kind == "array" else (), dt, name=names[i]))

    def graph(*tensors):
        ctx = context.TraceContext(eager=False)
        with context.active(ctx):
            values = convention._values(examples, tensors, ctx)
            try:
                result = generated(*values)
            except fallback.NeedEagerRun as e:
                raise ExportRefused(f"{e} runs in NumPy (a fallback node){_at(e)}; a "
                                    "tf.numpy_function is not saved in a SavedModel") from None
            except NeedStatic as e:
                params = [names[i] for kind, i in e.sources if i is not None]
                hint = (f"; give {', '.join(params)} as a value in --signature (a literal) "
                        "or as an array with fixed sizes") if params else ""
                raise ExportRefused(f"{e.what} must be known when tracing{_at(e)}{hint}") \
                    from None
            written = [names[i] for i, _ in calling._written_params(values)]
            if written:
                raise ExportRefused(f"it writes into its argument(s) {', '.join(written)}; a "
                                    "SavedModel cannot change its caller's arrays (return the "
                                    "new array instead)")
            outputs = _tensors(refs.unwrap(result))
            code = ctx.error_code
        if ctx.fallbacks:  # defensive: fallbacks always need an eager run first
            site = next(iter(ctx.fallbacks.values()))
            raise ExportRefused(f"{site.call} runs in NumPy at {site.location}")
        if code is None:
            return outputs
        messages = [""] + [_error_text(t, m, loc) for t, m, loc in ctx.errors]
        check = tf.debugging.Assert(tf.equal(code, 0),
                                    [tf.gather(tf.constant(messages), code)], summarize=1)
        with tf.control_dependencies([check]):
            return tf.nest.map_structure(tf.identity, outputs)

    graph.__name__ = fn.__name__
    return tf.function(graph, input_signature=tf_specs, autograph=False)


def _example(spec, name):
    """A value of the spec's type, for the calling convention to dispatch on."""
    if spec.kind == "array":
        return np.zeros((0,) * len(spec.shape), spec.dtype)
    if spec.kind == "npscalar":
        return spec.dtype.type(0)
    if spec.kind == "weak":
        return spec.value(0)
    if isinstance(spec.value, np.ndarray):
        raise SignatureError(f"the default of {name!r} is an array: give its type in "
                             "--signature")
    return spec.value


def _at(e):
    from np2tf.runtime import origin
    loc = origin.in_traceback(e.__traceback__)
    return f" at {loc} ({loc.text})" if loc else ""


def _error_text(exc_type, message, loc):
    where = f" (at {loc}: {loc.text})" if loc is not None else ""
    return f"{exc_type.__name__}: {message}{where}"


def _tensors(result):
    """The traced result as a structure of tensors."""
    import tensorflow as tf
    from np2tf.runtime.fallback import Opaque
    from np2tf.runtime.values import Weak, is_tensor

    if is_tensor(result):
        return result
    if isinstance(result, Weak):
        return result.tensor
    if isinstance(result, (tuple, list)) and not isinstance(result, Opaque):
        return tuple(_tensors(r) for r in result)
    if isinstance(result, dict):
        return {str(k): _tensors(v) for k, v in result.items()}
    if isinstance(result, (bool, int, float, complex, np.ndarray, np.generic)):
        return tf.constant(result)
    raise ExportRefused(f"the result contains a {type(result).__name__}, which a graph "
                        "cannot return")


def _save_atomically(module, concrete, out_dir):
    import tensorflow as tf

    out_dir = os.path.abspath(out_dir)
    parent = os.path.dirname(out_dir)
    if os.path.exists(out_dir) and not (
            os.path.isdir(out_dir) and (not os.listdir(out_dir) or
                                        os.path.exists(os.path.join(out_dir, "saved_model.pb")))):
        raise FileExistsError(f"{out_dir} exists and is not a SavedModel directory")
    tmp = tempfile.mkdtemp(prefix=".np2tf_export_", dir=parent)
    try:
        tf.saved_model.save(module, tmp, signatures={"serving_default": concrete})
        if os.path.exists(out_dir):
            old = tmp + ".old"
            os.rename(out_dir, old)
            os.rename(tmp, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


__all__ = ["ArgSpec", "ExportRefused", "NotConvertibleError", "SignatureError", "export",
           "parse_signature"]
