"""The ``np2tf`` command: convert, check and export NumPy modules ahead of time.

    np2tf convert model.py -o model_tf.py      # a standalone module on TensorFlow
    np2tf check model.py                       # what lowers, what falls back, and why
    np2tf export model.py:predict --signature "float32[:,:], float32[:,:]" -o saved/

Exit status: 0 success; 1 the code is not (fully) compiled where that was required
(``check --strict``, ``export`` of a function with a fallback) or the module raised on
import; 2 bad input (a missing file, a syntax error, an unknown name, an unwritable
output path, a bad signature). Errors are one line on stderr, never a traceback
(set NP2TF_DEBUG=1 to see it).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import tempfile


class CLIError(Exception):
    def __init__(self, message, code=2):
        super().__init__(message)
        self.code = code


def _parser():
    p = argparse.ArgumentParser(
        prog="np2tf", description="Compile NumPy code to TensorFlow graphs, ahead of time.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser("convert", help="write a module with its NumPy functions compiled",
                       description="Write a standalone module (or package) in which every "
                       "NumPy function is replaced by its compiled version.")
    c.add_argument("source", help="a .py file or a package directory")
    c.add_argument("-o", "--output", help="output file (directory for a package); "
                   "default: stdout for a file")
    c.add_argument("--only", type=_names, help="compile only these functions: f,g")

    k = sub.add_parser("check", help="report what lowers and what falls back, and why",
                       description="Report, per function and call line, what lowers to "
                       "TensorFlow, what falls back to NumPy and what cannot be compiled.")
    k.add_argument("source", help="a .py file or a package directory")
    k.add_argument("--only", type=_names, help="check only these functions: f,g")
    k.add_argument("--json", action="store_true", help="machine-readable output")
    k.add_argument("--strict", action="store_true",
                   help="exit 1 if anything falls back or cannot be compiled")

    e = sub.add_parser("export", help="save a fully lowered function as a SavedModel",
                       description="Save FILE:FUNCTION as a TensorFlow SavedModel that runs "
                       "without np2tf (tf.saved_model.load).")
    e.add_argument("target", metavar="FILE:FUNCTION")
    e.add_argument("--signature", required=True,
                   help='argument types, e.g. "float64[:,:], int" (arrays: dtype[dims] with '
                   "':' for any size; int/float/complex: Python scalars; float64: a NumPy "
                   "scalar; a literal such as 5 is baked in)")
    e.add_argument("-o", "--output", required=True, help="the SavedModel directory")
    return p


def _names(text):
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected function names: f,g")
    return names


def main(argv=None) -> int:
    """Entry point of the ``np2tf`` console script (and ``python -m np2tf``)."""
    args = _parser().parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # the CLI's choice: quiet TF logs
    # importing the user's module must leave no __pycache__ in their tree
    no_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        with _native_stderr_silenced():
            return {"convert": _convert, "check": _check, "export": _export}[args.command](args)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # noqa: BLE001 - one line, no traceback
        if os.environ.get("NP2TF_DEBUG"):
            raise
        code = e.code if isinstance(e, CLIError) else getattr(e, "exit_code", None)
        if not isinstance(code, int):
            print(f"np2tf: internal error: {type(e).__name__}: {e} "
                  "(set NP2TF_DEBUG=1 for the traceback)", file=sys.stderr)
            return 1
        print(f"np2tf: error: {e}", file=sys.stderr)
        return code
    finally:
        sys.dont_write_bytecode = no_bytecode


@contextlib.contextmanager
def _native_stderr_silenced():
    """TensorFlow's C++ libraries log to file descriptor 2 when they load (and this
    cannot be turned off by TF_CPP_MIN_LOG_LEVEL alone): send descriptor 2 to
    /dev/null while keeping Python's sys.stderr (our messages, warnings) on the
    real stderr."""
    try:
        ours = sys.stderr.fileno() == 2
    except (AttributeError, OSError, ValueError):
        ours = False  # sys.stderr is not descriptor 2 (captured, embedded): leave it
    if not ours or os.environ.get("NP2TF_DEBUG"):
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    real = os.fdopen(os.dup(saved), "w", buffering=1, encoding=sys.stderr.encoding,
                     errors="backslashreplace")
    old_stderr = sys.stderr
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stderr = real
    try:
        yield
    finally:
        real.flush()
        sys.stderr = old_stderr
        os.dup2(saved, 2)
        os.close(saved)
        real.close()


# --- files --------------------------------------------------------------------------------

def _sources(source):
    """``[(path, module name or None, relative path)]`` of a file or a package directory."""
    if not os.path.exists(source):
        raise CLIError(f"{source}: no such file or directory")
    if os.path.isfile(source):
        return [(source, None, os.path.basename(source))], None
    root = os.path.abspath(source)
    package = os.path.basename(root) if os.path.exists(os.path.join(root, "__init__.py")) \
        else None
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__")))
        for fname in sorted(filenames):
            if fname.endswith(".py"):
                path = os.path.join(dirpath, fname)
                rel = os.path.relpath(path, root)
                files.append((path, _module_name(package, rel), rel))
    if not files:
        raise CLIError(f"{source}: no .py files")
    return files, (os.path.dirname(root) if package else root)


def _module_name(package, rel):
    if package is None:
        return None
    parts = [package] + rel[:-3].split(os.sep)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _check_writable(path):
    parent = os.path.dirname(os.path.abspath(path)) or "."
    if not os.path.isdir(parent):
        raise CLIError(f"cannot write {path}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise CLIError(f"cannot write {path}: permission denied")
    if os.path.isdir(path):
        raise CLIError(f"cannot write {path}: it is a directory")


def write_atomically(path, text, encoding="utf-8"):
    """Write to a temporary file next to ``path`` and rename: never half-written."""
    parent = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".np2tf_", suffix=".py", dir=parent)
    except OSError as e:
        raise CLIError(f"cannot write {path}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as f:
            f.write(text)
        if os.path.exists(path):
            os.chmod(tmp, os.stat(path).st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        os.unlink(tmp)
        raise CLIError(f"cannot write {path}: {e.strerror}") from None


def _interactive() -> bool:
    return sys.stdout.isatty()


def _progress(i, n, rel, what):
    if _interactive():  # progress only where someone watches
        print(f"[{i}/{n}] {rel}: {what}", flush=True)


def _analyse_all(files, only, search_root):
    from np2tf.compiler import module

    if search_root and search_root not in sys.path:
        sys.path.insert(0, search_root)
    texts = [module.read_source(path) for path, _, _ in files]  # syntax errors first
    if only and len(files) > 1:
        raise CLIError("--only applies to a single file")
    reports = []
    for i, ((path, name, rel), text) in enumerate(zip(files, texts), 1):
        report = module.analyse(path, only, name, text)
        reports.append(report)
        if len(files) > 1:
            n = len(report.compiled)
            _progress(i, len(files), rel, f"{n} function(s) compiled" if n else "no NumPy")
    return reports


# --- commands -------------------------------------------------------------------------------

def _convert(args):
    from np2tf.compiler import module

    files, root = _sources(args.source)
    if root is not None and not args.output:
        raise CLIError("converting a directory needs -o OUTPUT_DIRECTORY")
    if args.output:
        out = os.path.abspath(args.output)
        if root is None:
            if out == os.path.abspath(args.source):
                raise CLIError(f"{args.output}: refusing to overwrite the input")
            _check_writable(args.output)
        elif out == os.path.abspath(args.source) or out.startswith(
                os.path.abspath(args.source) + os.sep):
            raise CLIError(f"{args.output}: the output must be outside the input directory")
        elif os.path.exists(out) and not os.path.isdir(out):
            raise CLIError(f"cannot write {args.output}: not a directory")
        elif os.path.isdir(out):
            if not os.access(out, os.W_OK):
                raise CLIError(f"cannot write {args.output}: permission denied")
        else:
            _check_writable(out)
    reports = _analyse_all(files, args.only, root)
    texts = [module.converted_source(r, rel) for r, (_, _, rel) in zip(reports, files)]

    if not args.output:
        sys.stdout.write(texts[0])
        return 0
    if root is None:
        write_atomically(args.output, texts[0], reports[0].encoding)
    else:
        for (_, _, rel), report, text in zip(files, reports, texts):
            target = os.path.join(args.output, rel)
            try:
                os.makedirs(os.path.dirname(target), exist_ok=True)
            except OSError as e:
                raise CLIError(f"cannot write {target}: {e.strerror}") from None
            write_atomically(target, text, report.encoding)
    compiled = sum(len(r.compiled) for r in reports)
    kept = sum(1 for r in reports for f in r.functions
               if f.selected and f.generated is None)
    print(f"np2tf: wrote {args.output}: {compiled} function(s) compiled"
          + (f", {kept} left as Python (see np2tf check)" if kept else ""), file=sys.stderr)
    return 0


def _check(args):
    from np2tf.compiler import module

    files, root = _sources(args.source)
    reports = _analyse_all(files, args.only, root)
    if args.json:
        out = [r.as_dict() for r in reports]
        print(json.dumps(out[0] if root is None else out, indent=2))
    else:
        print("\n\n".join(module.format_table(r, _shown(r.path)) for r in reports))
    if args.strict and any(f.status in (module.FALLS_BACK, module.NOT_CONVERTIBLE)
                           for r in reports for f in r.functions):
        return 1
    return 0


def _shown(path):
    rel = os.path.relpath(path)
    return rel if not rel.startswith("..") else path


def _export(args):
    from np2tf.compiler import export, module

    path, sep, name = args.target.rpartition(":")
    if not sep or not path or not name:
        raise CLIError(f"{args.target}: expected FILE:FUNCTION, e.g. model.py:predict")
    try:
        specs = export.parse_signature(args.signature)
    except export.SignatureError as e:
        raise CLIError(f"--signature: {e}") from None
    out = os.path.abspath(args.output)
    if not os.path.isdir(os.path.dirname(out)):
        raise CLIError(f"cannot write {args.output}: directory "
                       f"{os.path.dirname(out)} does not exist")
    if not os.access(os.path.dirname(out), os.W_OK):
        raise CLIError(f"cannot write {args.output}: permission denied")
    if os.path.exists(out) and not os.path.isdir(out):
        raise CLIError(f"cannot write {args.output}: not a directory")

    module.read_source(path)  # bad input first: a missing file, a syntax error
    namespace = vars(module.import_file(path))
    fn = namespace.get(name)
    if fn is None:
        raise CLIError(f"{path}: no function named {name!r}")
    fn = getattr(fn, "python_function", fn)  # an @accelerate'd function
    if not callable(fn) or not hasattr(fn, "__code__"):
        raise CLIError(f"{path}: {name} is not a function")
    try:
        saved = export.export(fn, specs, args.output)
    except export.SignatureError as e:
        raise CLIError(f"--signature: {e}") from None
    except export.ExportRefused as e:
        raise CLIError(f"cannot export {name}: {e}", code=1) from None
    except export.NotConvertibleError as e:
        raise CLIError(f"cannot export {name}: {str(e).splitlines()[0]}", code=1) from None
    except FileExistsError as e:
        raise CLIError(str(e)) from None
    except OSError as e:
        raise CLIError(f"cannot write {args.output}: {e.strerror or e}") from None
    except Exception as e:  # noqa: BLE001 - the function raised while being traced
        from np2tf.runtime import origin
        loc = origin.in_traceback(e.__traceback__)
        where = f" (at {loc}: {loc.text})" if loc else ""
        raise CLIError(f"cannot export {name}: tracing it raised {type(e).__name__}: "
                       f"{e}{where}", code=1) from None
    print(f"np2tf: saved {name}({', '.join(map(str, specs))}) to {args.output}; load it with "
          f"tf.saved_model.load({args.output!r}).{saved}(...)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
