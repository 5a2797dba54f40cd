"""``_cf`` in generated code: Python's if/while/for, lowered to TF when they must be.

The compiler turns each branch or loop into small functions over the variables it
carries (``get_state``/``set_state`` read and write them in the enclosing function).
Here we decide, at trace time, how to run it:

* a condition or trip count known while tracing runs as plain Python (a short static
  loop is unrolled, which XLA likes best);
* otherwise the construct becomes ``tf.cond`` / ``tf.while_loop`` with the carried
  variables as its state. Python scalars in the state stay weak; a variable whose type
  changes in the first iteration (``s = 0`` then ``s = s + int8_value``) is carried in
  the type it settles to, as NumPy would give after one iteration.
"""
from __future__ import annotations

import numpy as np
import tensorflow as tf

from . import choices, context, dtypes, operators
from .grown_list import GrownList
from .refs import Buffer, Ref, inside, next_serial, unwrap, wrap
from .values import NeedStatic, Weak, is_tensor, static_or_none

UNROLL_LIMIT = 16  # static loops up to this many iterations run as Python (unrolled)


class Undefined:
    """A variable with no value yet on this path (AutoGraph's ``Undefined``)."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"<undefined {self.name}>"


class ControlFlowError(ValueError):
    """Branches or iterations disagree about a variable in a way TF cannot carry."""


def _dynamic(x) -> bool:
    if tf.executing_eagerly():  # an eager run (a first call with fallbacks) is Python
        return False
    return isinstance(x, Weak) or (is_tensor(x) and static_or_none(x) is None)


def _truth(x) -> bool:
    if isinstance(x, Weak) and tf.executing_eagerly():
        return bool(x.tensor.numpy())
    return operators.truth(x)


def _as_condition(x) -> tf.Tensor:
    if isinstance(x, Weak):
        t = x.tensor
    else:
        t = x if is_tensor(x) else tf.constant(x)
        n = t.shape.num_elements()
        if n is not None and n != 1:
            raise ValueError("The truth value of an array with more than one element is "
                             "ambiguous. Use a.any() or a.all()")
        t = tf.reshape(t, [])
    return t if t.dtype == tf.bool else tf.not_equal(t, tf.zeros([], t.dtype))


# --- state: the carried variables as tensors, and back ----------------------------------

def _spec(v):
    """What a carried value is, apart from its tensor: ("array", dtype, rank, marked) or
    ("weak", kind) or ("static", value)."""
    if isinstance(v, Weak):
        return ("weak", v.kind)
    if type(v) is Ref:
        v = v.value()
    if is_tensor(v):
        return ("array", v.dtype, v.shape.rank)
    if isinstance(v, (np.ndarray, np.generic)):
        return ("array", dtypes.to_tf(v.dtype), np.ndim(v))
    if isinstance(v, (bool, int, float, complex)):
        return ("weak", type(v) if not isinstance(v, bool) else bool)
    return ("static", v)


def _to_tensor(v, spec):
    kind = spec[0]
    if kind == "weak":
        return tf.cast(v.tensor if isinstance(v, Weak) else tf.constant(v), _WEAK_DT[spec[1]])
    if kind == "array":
        t = v.value() if type(v) is Ref else v.tensor if isinstance(v, Weak) else \
            v if is_tensor(v) else tf.constant(v)
        return tf.cast(t, spec[1]) if t.dtype != spec[1] else t
    return None


_WEAK_DT = {bool: tf.bool, int: tf.int64, float: tf.float64, complex: tf.complex128}
_KINDS = (bool, int, float, complex)


def _from_tensor(t, spec):
    if spec[0] == "weak":
        return Weak(t, spec[1])
    return Ref(Buffer(t))


def _join(a, b, name, where):
    """The spec that carries both ``a`` and ``b`` (the same variable on two paths)."""
    if a == b:
        return a
    if a[0] == "weak" and b[0] == "weak":
        return ("weak", max(a[1], b[1], key=_KINDS.index))
    if {a[0], b[0]} == {"weak", "array"}:
        arr = a if a[0] == "array" else b
        return arr  # the Python scalar joins the array's dtype, as NEP 50 promotion would
    if a[0] == b[0] == "array" and a[1] == b[1] and (a[2] is None or b[2] is None):
        return ("array", a[1], None)
    if a[0] == b[0] == "array" and a[1] == b[1]:
        raise ControlFlowError(f"'{name}' changes rank {where} ({a[2]} vs {b[2]}); "
                               "a TF graph cannot carry that")
    if a[0] == b[0] == "array":
        raise ControlFlowError(f"'{name}' has dtype {a[1].name} on one path and "
                               f"{b[1].name} on the other {where}")
    raise ControlFlowError(f"'{name}' is {_describe(a)} on one path and {_describe(b)} "
                           f"on the other {where}")


def _describe(spec):
    if spec[0] == "static":
        v = spec[1]
        return "undefined" if isinstance(v, Undefined) else f"{type(v).__name__} {v!r}"
    return "an array" if spec[0] == "array" else "a Python scalar"


def _check_defined(state, names, where):
    for v, n in zip(state, names):
        if isinstance(v, Undefined):
            raise ControlFlowError(f"'{n}' must be defined before {where}, because it is "
                                   "assigned in it and used after it")


def _undefined(spec) -> bool:
    return spec[0] == "static" and isinstance(spec[1], Undefined)


def _placeholder(spec):
    """A value of ``spec``'s type for a path on which the variable is undefined."""
    if spec[0] == "weak":
        return tf.zeros([], _WEAK_DT[spec[1]])
    return tf.zeros([0] * (spec[2] or 0), spec[1])


# --- arrays updated in place: carried through their buffers --------------------------------

class _Buffers:
    """The buffers of the state's arrays, so that in-place updates inside a branch or a
    loop reach every alias (and the caller's arguments) after it."""

    def __init__(self, init):
        seen = {}
        for v in init:
            if type(v) is Ref:
                for b in choices.bases(v):
                    seen.setdefault(id(b), b)
        self.buffers = list(seen.values())
        self.entry = [(b.tensor, b.writes) for b in self.buffers]
        self.last_written = []

    def add(self, buffers):
        """Also carry these (written through views the body made itself: ``for row in A:
        row -= 1`` writes A)."""
        for b, entry in buffers.items():
            if all(b is not x for x in self.buffers):
                self.buffers.append(b)
                self.entry.append(entry)

    def restore(self):
        for b, (t, w) in zip(self.buffers, self.entry):
            b.tensor, b.writes = t, w

    def written(self):
        """Buffers some path wrote (their write counters moved)."""
        return [b for b, (_, w) in zip(self.buffers, self.entry) if b.writes != w]


def _entry_value(v, spec, entries):
    """The value a loop starts from, in the type it is carried in."""
    if spec[0] == "static":
        return v
    if spec[0] == "list":
        if isinstance(v, GrownList):
            return GrownList(v.array, spec[1])
        return GrownList.of(v, spec[1])
    if spec[0] == "select":
        arr = choices.array_part(spec)
        value = _placeholder(arr) if isinstance(v, Undefined) else _to_tensor(v, arr)
        return choices.in_body(spec, choices.index_of(v, spec, 0, entries), value, entries)
    if isinstance(v, Undefined):
        return _from_tensor(_placeholder(spec), spec)
    return _from_tensor(_to_tensor(v, spec), spec)


def _stable(init, out):
    """Which state entries are the very same array object after the body: those are
    carried by buffer (updated in place); the others by value (rebound)."""
    return [type(a) is Ref and a is b for a, b in zip(init, out)]


# --- lists appended to inside a construct ---------------------------------------------------

class _Lists:
    """The lists among ``values`` (Python lists, and lists already grown at run time), so
    that a probe can see which ones the body appended to, and undo it."""

    def __init__(self, values):
        self.items = [(v, list(v) if type(v) is list else v.array) for v in values
                      if type(v) is list or isinstance(v, GrownList)]

    def changed(self):
        """``{id(list): what it holds now}`` for the lists that changed."""
        out = {}
        for v, before in self.items:
            now = list(v) if type(v) is list else v.array
            same = (len(now) == len(before) and all(a is b for a, b in zip(now, before))) \
                if type(v) is list else now is before
            if not same:
                out[id(v)] = now
        return out

    def items_of(self, v):
        return next(before for w, before in self.items if w is v)

    def restore(self):
        for v, before in self.items:
            if type(v) is list:
                v[:] = before
            else:
                v.array = before


def _list_spec(before, after, lists, name, what):
    """``("list", element spec)`` when a construct appended to the list ``before`` (the
    variable's value at entry; ``after`` at exit), else None."""
    changed = lists.changed()
    if isinstance(after, GrownList):
        return None if after is before and id(before) not in changed else \
            ("list", after.spec)
    if id(before) not in changed:
        return None
    if after is not before:
        raise ControlFlowError(f"'{name}' is rebound in {what} after being appended to")
    return ("list", _grown_spec(before, changed[id(before)], lists.items_of(before),
                                name, what))


def _grown_spec(v, now, before, name, what):
    """The element spec of the Python list ``v`` that a body appended to (``now``: its
    contents after the body), or ControlFlowError if the body changed it otherwise."""
    if len(now) < len(before) or any(a is not b for a, b in zip(now, before)):
        raise ControlFlowError(f"list '{name}' is changed other than by append in {what} "
                               "whose trip count is known only at run time; only append "
                               "is supported there (or make the trip count static)")
    # One element type: a list holding both ints and floats (np.array of it is float)
    # would come back with every element a float.
    specs = {_spec(e) for e in now}
    if len(specs) == 1 and next(iter(specs))[0] in ("array", "weak"):
        return next(iter(specs))
    raise ControlFlowError(f"list '{name}' gets elements of different types in {what} "
                           "whose trip count is known only at run time (arrays of one "
                           "dtype and rank, or Python numbers, can be carried)")


# --- if ---------------------------------------------------------------------------------

def if_stmt(test, body, orelse, get_state, set_state, names):
    test = unwrap(test)
    if not _dynamic(test):
        (body if _truth(test) else orelse)()
        return
    cond = _as_condition(test)
    init = list(get_state())
    bufs = _Buffers(init)
    start = next_serial()  # arrays made from here on are the branches' own
    where = "the two branches of an if statement"
    results = {}

    lists = _Lists(init)

    def branch(fn, key):
        def run():
            bufs.restore()
            set_state(init)
            try:
                fn()
                out = list(get_state())
                specs = [_spec(v) for v in out]
                for i, n in enumerate(names):  # appended to: carried as a grown list
                    specs[i] = _list_spec(init[i], out[i], lists, n, where) or specs[i]
                results[key] = (specs, _stable(init, out), out)
            finally:
                lists.restore()
        return run

    # Trace both branches once, aside, to learn what each leaves in every variable.
    _probe(branch(body, True), bufs)
    written = list(bufs.last_written)
    _probe(branch(orelse, False), bufs)
    written += bufs.last_written
    try:
        return _lower_if(cond, test, init, start, bufs, results, written, body, orelse,
                         get_state, set_state, names, where)
    except ControlFlowError:
        if isinstance(test, Weak) and test.sources:
            # The branches cannot share one graph (different structures): a condition on
            # an argument's value is specialised instead (traced per value), as Python.
            raise NeedStatic("a condition whose branches leave different kinds of values",
                             test.sources) from None
        raise


def _lower_if(cond, test, init, start, bufs, results, written, body, orelse, get_state,
              set_state, names, where):
    stable = [a and b for a, b in zip(results[True][1], results[False][1])]
    for i, (a, b) in enumerate(zip(results[True][0], results[False][0])):
        if "list" in (a[0], b[0]):
            if a[0] == b[0] == "list" and a != b:
                raise ControlFlowError(f"list '{names[i]}' gets elements of different "
                                       f"types in {where}")
            stable[i] = False
            results[True][0][i] = results[False][0][i] = a if a[0] == "list" else b
    written = {id(b): b for b in written}
    carried_buffers = [b for b in bufs.buffers if id(b) in written]
    specs = []
    for n, a, b, st in zip(names, results[True][0], results[False][0], stable):
        if st:
            specs.append(("stable",))
        elif _undefined(a) and _undefined(b):
            specs.append(a)
        elif _undefined(a) or _undefined(b):
            # Defined on one path only: Python would raise if it were read on the other,
            # so that path carries a placeholder of the same type (never observed).
            specs.append(b if _undefined(a) else a)
        else:
            specs.append(_join(a, b, n, where))
    for i, st in enumerate(stable):
        # a variable that may name an array from before the if stays that array
        sel = None if st else choices.classify(
            [results[True][2][i], results[False][2][i]], specs[i], start, init,
            choices.Entries())
        specs[i] = sel or specs[i]
    ctx = context.current()
    code0 = ctx.error_code if ctx.error_code is not None else tf.constant(0, tf.int32)

    # lists appended to in a branch start from one TensorArray (each branch its own
    # wrapper, which append rebinds)
    grown = {i: _entry_value(init[i], spec, None) for i, spec in enumerate(specs)
             if spec[0] == "list"}

    def lowered(fn):
        def run():
            bufs.restore()
            set_state([GrownList(grown[i].array, grown[i].spec) if i in grown else v
                       for i, v in enumerate(init)])
            ctx.error_code = code0
            fn()
            out = get_state()
            flat = [b.tensor for b in carried_buffers]
            for v, spec, n in zip(out, specs, names):
                if spec[0] == "stable":
                    continue
                if spec[0] == "static":
                    if not isinstance(spec[1], Undefined) and v is not spec[1] and v != spec[1]:
                        raise ControlFlowError(f"'{n}' differs between {where}")
                    continue
                if spec[0] == "list":
                    flat.append(v.array)
                    continue
                arr = choices.array_part(spec)
                value = _placeholder(arr) if isinstance(v, Undefined) else _to_tensor(v, arr)
                if spec[0] == "select":
                    flat.append(choices.index_of(v, spec, start, choices.Entries()))
                flat.append(value)
            return flat + [ctx.error_code]
        return run

    flat = tf.cond(cond, lowered(body), lowered(orelse))
    if not isinstance(flat, (list, tuple)):
        flat = [flat]
    bufs.restore()
    ctx.error_code = flat[-1]
    it = iter(flat[:-1])
    for b in carried_buffers:
        b.tensor = next(it)
        b.writes += 1
    final = [init[i] if spec[0] == "stable" else spec[1] if spec[0] == "static"
             else choices.chosen(spec, next(it), next(it)) if spec[0] == "select"
             else GrownList(next(it), spec[1]) if spec[0] == "list"
             else _from_tensor(next(it), spec) for i, spec in enumerate(specs)]
    # A Python scalar chosen by the condition depends on what the condition depends on.
    sources = test.sources if isinstance(test, Weak) else frozenset()
    final = [Weak(v.tensor, v.kind, v.sources | sources) if isinstance(v, Weak) and sources
             else v for v in final]
    set_state(final)


def _probe(fn, bufs):
    """Trace ``fn`` into a throwaway FuncGraph (it may capture this graph's tensors) to
    learn the types it produces; nothing is added to the graph being built, and the
    buffers it wrote are put back (and become part of what ``bufs`` carries)."""
    ctx = context.current()
    saved = (ctx.error_code, len(ctx.errors))
    outer_log, ctx.write_log = ctx.write_log, {}

    probe_graph = {}

    def traced():
        probe_graph["g"] = tf.compat.v1.get_default_graph()
        fn()
        return []

    try:
        tf.function(traced, autograph=False).get_concrete_function()
    finally:
        ctx.error_code = saved[0]
        del ctx.errors[saved[1]:]
        # Only arrays that existed before the body are carried; those it created itself
        # (their first value belongs to the probe's graph) are the body's own.
        bufs.add({b: e for b, e in ctx.write_log.items()
                  if not inside(getattr(e[0], "graph", None), probe_graph.get("g"))})
        if outer_log is not None:
            outer_log.update(ctx.write_log)
        ctx.write_log = outer_log
        bufs.last_written = bufs.written()  # including buffers found through new views
        bufs.restore()


# --- while / for ------------------------------------------------------------------------

def while_stmt(test, body, get_state, set_state, names):
    # Plain Python while the condition is known at trace time...
    while True:
        t = unwrap(test())
        if _dynamic(t):
            break
        if not _truth(t):
            return
        body()
    # ...and a tf.while_loop from the first condition that is not.
    _while_loop(lambda: _as_condition(unwrap(test())), body, get_state, set_state, names,
                "a while loop")


def for_stmt(iterable, body, get_state, set_state, names, extra_test=None):
    """``extra_test``: the loop also stops once it is False (``break``, ``return``);
    the body is guarded by the same flag, so checking it is only an early exit."""
    iterable = unwrap(iterable) if type(iterable) not in (Ref, GrownList) else iterable

    def go_on():
        if extra_test is None:
            return True
        t = unwrap(extra_test())
        return True if _dynamic(t) else _truth(t)

    plan = _plan(iterable)
    if plan is None:  # a Python iterable: Python's loop
        for item in iterable:
            if not go_on():
                break
            body(item)
        return
    count, item_at = plan
    n = static_or_none(count)
    if n is None and tf.executing_eagerly():  # an eager run loops in Python
        n = int((count.tensor if isinstance(count, Weak) else count).numpy())
    if n is not None and (n <= UNROLL_LIMIT or tf.executing_eagerly()):
        for i in range(int(n)):
            if not go_on():
                break
            body(item_at(i))
        return
    count_t = tf.cast(count.tensor if isinstance(count, Weak) else count, tf.int64)
    names = tuple(names) + ("__index__",)
    box = {"i": tf.constant(0, tf.int64)}

    def get():
        return tuple(get_state()) + (Weak(box["i"], int),)

    def set_(values):
        set_state(values[:-1])
        box["i"] = values[-1].tensor if isinstance(values[-1], Weak) else values[-1]

    def step():
        i = box["i"]
        body(item_at(Weak(i, int)))
        box["i"] = i + 1

    def test():
        more = box["i"] < count_t
        if extra_test is not None:
            more = tf.logical_and(more, _as_condition(unwrap(extra_test())))
        return more

    _while_loop(test, step, get, set_, names, "a for loop")


def ifexp(test, then, otherwise):
    """``a if test else b`` (thunks): only the chosen side runs, as in Python; on a
    run-time condition both are traced and ``tf.cond`` picks."""
    test = unwrap(test)
    if not _dynamic(test):
        return then() if _truth(test) else otherwise()
    box = [Undefined("<value>")]

    def get():
        return (box[0],)

    def set_(values):
        box[0] = values[0]

    def run(side):
        def go():
            box[0] = side()
        return go

    if_stmt(test, run(then), run(otherwise), get, set_, ("<conditional expression>",))
    return box[0]


def and_then(a, rest):
    """``a and b``: ``a`` if it is falsy, else ``b`` (``rest`` is b's thunk)."""
    return ifexp(a, rest, lambda: a)


def or_else(a, rest):
    """``a or b``: ``a`` if it is truthy, else ``b``."""
    return ifexp(a, lambda: a, rest)


def retval(v):
    """The function's result: a function that fell off its end returns None."""
    return None if isinstance(v, Undefined) else v


class Range:
    """``range(...)`` with bounds known only at run time."""

    def __init__(self, *args):
        if len(args) == 1:
            args = (0, args[0], 1)
        elif len(args) == 2:
            args = (args[0], args[1], 1)
        self.start, self.stop, self.step = args

    def __iter__(self):
        raise NeedStatic("a range() bound", _sources(self.start, self.stop, self.step))

    def reversed(self):
        """``reversed(range(...))``, itself a range with run-time bounds."""
        step = static_or_none(self.step)
        if step is None:
            raise NeedStatic("the step of a range()", _sources(self.step))
        # the last element: start + ((len - 1) * step), then walk back to before start
        count, _ = _plan(self)
        last = operators.add(self.start, operators.mul(operators.sub(count, 1), step))
        return Range(last, operators.sub(self.start, step), -step)


class Zipped:
    """``zip(...)`` / ``enumerate(...)`` over arrays or ranges: a loop runs over it as over a
    range (a ``tf.while_loop`` when a length is known only at run time), with items built
    per index; anything else that iterates it gets Python's zip (``eager``)."""

    def __init__(self, parts, eager, start=None):
        self.parts, self.eager, self.start = parts, eager, start  # start: enumerate's

    def __iter__(self):
        return iter(self.eager())

    def np2tf_plan(self):
        plans = [_plan(p) for p in self.parts]
        if any(p is None for p in plans):  # a short static range: Python's loop
            return None
        counts = [c for c, _ in plans]
        if all(static_or_none(c) is not None for c in counts):
            count = min(int(static_or_none(c)) for c in counts)
        else:
            ts = [tf.cast(c.tensor, tf.int64) if isinstance(c, Weak) else
                  tf.constant(int(c), tf.int64) for c in counts]
            count = Weak(ts[0] if len(ts) == 1 else tf.reduce_min(tf.stack(ts)), int)

        def item_at(i):
            items = tuple(at(i) for _, at in plans)
            if self.start is not None:
                return (operators.add(self.start, i), items[0])
            return items
        return count, item_at


def plannable(x) -> bool:
    """Can a loop over ``x`` run per index (see :func:`_plan`)?"""
    if type(x) is Ref:
        return x.value().shape.rank != 0
    return isinstance(x, (Range, range, Zipped))


def _sources(*xs):
    out = frozenset()
    for x in xs:
        if isinstance(x, Weak):
            out |= x.sources
    return out


def _plan(iterable):
    """``(trip count, index -> item)`` for iterables we can loop over in a graph."""
    if type(iterable) is Ref:
        t = iterable.value()
        if t.shape.rank == 0:
            raise TypeError("iteration over a 0-d array")
        dim = t.shape[0]
        count = dim if dim is not None else Weak(tf.shape(t, out_type=tf.int64)[0], int)
        from .views import getitem
        return count, lambda i: getitem(iterable, i)  # rows are views, as in NumPy
    if isinstance(iterable, Range):
        start, stop, step = (operators.add(x, 0) for x in
                             (iterable.start, iterable.stop, iterable.step))
        step_v = static_or_none(step)
        if step_v is None:
            raise NeedStatic("the step of a range()", _sources(step))
        if step_v == 0:
            raise ValueError("range() arg 3 must not be zero")
        # len(range(start, stop, step)), computed with integer arithmetic on tensors
        span = operators.sub(stop, start)
        count = operators.floordiv(operators.add(span, step_v - (1 if step_v > 0 else -1)),
                                   step_v)
        count = Weak(tf.maximum(tf.cast(count.tensor if isinstance(count, Weak) else
                                        tf.constant(count), tf.int64), 0), int)
        return count, lambda i: operators.add(start, operators.mul(i, step_v))
    if isinstance(iterable, range):
        if len(iterable) <= UNROLL_LIMIT:
            return None
        r = iterable
        return len(r), lambda i: operators.add(r.start, operators.mul(i, r.step))
    if is_tensor(iterable):
        if iterable.shape.rank == 0:
            raise TypeError("iteration over a 0-d array")
        dim = iterable.shape[0]
        count = dim if dim is not None else Weak(tf.shape(iterable, out_type=tf.int64)[0], int)
        return count, lambda i: operators.getitem(iterable, i)
    if isinstance(iterable, GrownList):
        return iterable.length(), lambda i: wrap(iterable.item(i))
    lazy = getattr(iterable, "np2tf_plan", None)
    if lazy is not None:
        return lazy()
    return None


def _while_loop(cond, body, get_state, set_state, names, what):
    init = list(get_state())
    ctx = context.current()
    bufs = _Buffers(init)
    start = next_serial()  # arrays made from here on are the loop's own
    specs = [_spec(v) for v in init]
    # Settle the types the body leaves (s = 0; s = s + int8 -> int8), as a fixed point,
    # and learn which arrays it updates in place and which variables it rebinds to
    # arrays from before the loop (A, B = B, A).
    stable = [type(v) is Ref for v in init]
    written = []
    for _ in range(5):
        out = {}
        entries = choices.Entries()

        def probe(specs=specs, out=out, stable=stable, entries=entries):
            state = [v if st else _entry_value(v, sp, entries)
                     for v, sp, st in zip(init, specs, stable)]
            lists = _Lists(state)
            try:
                set_state(state)
                body()
                end = list(get_state())
                out["specs"] = [_spec(v) for v in end]
                out["stable"] = [st and a is b for a, b, st in zip(state, end, stable)]
                out["end"] = end
                for i, n in enumerate(names):
                    grown = _list_spec(state[i], end[i], lists, n, what)
                    if grown is not None:
                        out["specs"][i] = grown
                    elif specs[i][0] == "list":
                        raise ControlFlowError(f"'{n}' is rebound in {what} after being "
                                               "appended to")
            finally:
                lists.restore()

        _probe(probe, bufs)
        written = bufs.last_written
        new_stable = out["stable"]
        # a variable first defined inside the loop takes the type the body gives it
        joined = []
        for a, b, n in zip(specs, out["specs"], names):
            a = choices.array_part(a)
            if b[0] == "list" or a[0] == "list":
                if a[0] == "list" and b[0] == "list" and a != b:
                    raise ControlFlowError(f"list '{n}' gets elements of different types "
                                           f"in {what}")
                joined.append(b if b[0] == "list" else a)
                continue
            if a[0] == "static" and b != a and not _undefined(a):
                raise ControlFlowError(f"'{n}' is {_describe(a)} before {what} and "
                                       f"{_describe(b)} inside it")
            joined.append(b if _undefined(a) and not _undefined(b) else a if a == b else
                          _join(a, b, n, f"in {what}"))
        for i, (n, v, st) in enumerate(zip(names, out["end"], new_stable)):
            if st:
                continue
            sel = choices.classify([init[i], v], joined[i], start, init, entries, written)
            if sel is not None:
                joined[i] = sel
            elif type(v) is Ref and any(b is w for b in choices.bases(v) for w in written):
                raise ControlFlowError(
                    f"'{n}' is rebound to a view of an array that {what} also updates in "
                    "place; with a trip count known only at run time np2tf cannot carry "
                    "that view. Copy instead (`.copy()`), or make the trip count static")
        if joined == specs and new_stable == stable:
            break
        specs, stable = joined, new_stable
    else:
        raise ControlFlowError(f"the variables of {what} do not settle to one type")
    carried_buffers = written
    dynamic = [i for i, s in enumerate(specs) if s[0] != "static" and not stable[i]]

    def unpack(values, entries):
        it = iter(values)
        for b in carried_buffers:
            b.tensor = next(it)
        state = list(init)
        for i in dynamic:
            if specs[i][0] == "select":
                state[i] = choices.in_body(specs[i], next(it), next(it), entries)
            elif specs[i][0] == "list":
                state[i] = GrownList(next(it), specs[i][1])
            else:
                state[i] = _from_tensor(next(it), specs[i])
        return state

    def pack(state, entries):
        flat = [b.tensor for b in carried_buffers]
        for i in dynamic:
            if specs[i][0] == "select":
                flat += [choices.index_of(state[i], specs[i], start, entries),
                         _to_tensor(state[i], choices.array_part(specs[i]))]
            elif specs[i][0] == "list":
                flat.append(state[i].array)
            else:
                flat.append(_to_tensor(state[i], specs[i]))
        return flat

    code0 = ctx.error_code if ctx.error_code is not None else tf.constant(0, tf.int32)

    def cond_fn(*values):
        saved = ctx.error_code
        set_state(unpack(values[:-1], choices.Entries()))
        c = cond()
        ctx.error_code = saved  # checks in a loop test are not carried (see module doc)
        return c

    def body_fn(*values):
        entries = choices.Entries()
        set_state(unpack(values[:-1], entries))
        ctx.error_code = values[-1]
        body()
        code = ctx.error_code
        return pack(list(get_state()), entries) + [code]

    entries = choices.Entries()
    loop_vars = pack([v if stable[i] else _entry_value(v, s, entries)
                      for i, (v, s) in enumerate(zip(init, specs))], entries) + [code0]
    invariants = [tf.TensorShape([None] * (b.tensor.shape.rank or 0)) for b in carried_buffers]
    for s in (specs[i] for i in dynamic):
        if s[0] == "select":
            invariants += [tf.TensorShape([]), tf.TensorShape([None] * s[4])]
        elif s[0] == "list":
            invariants.append(tf.TensorShape([]))  # a TensorArray's own shape
        elif s[0] == "array" and s[2] is not None:
            invariants.append(tf.TensorShape([None] * s[2]))
        else:
            invariants.append(tf.TensorShape([]) if s[0] == "weak" else tf.TensorShape(None))
    invariants.append(tf.TensorShape([]))
    result = tf.while_loop(cond_fn, body_fn, loop_vars, shape_invariants=invariants)
    bufs.restore()
    ctx.error_code = result[-1]
    state = list(init)
    it = iter(result[:-1])
    for b in carried_buffers:
        b.tensor = next(it)
        b.writes += 1
    for i in dynamic:
        if specs[i][0] == "select":
            state[i] = choices.chosen(specs[i], next(it), next(it))
        elif specs[i][0] == "list":
            state[i] = GrownList(next(it), specs[i][1])
        else:
            state[i] = _from_tensor(next(it), specs[i])
    set_state(state)
