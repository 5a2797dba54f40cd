"""The `np2tf` command on examples/simulation.py: check, convert, export.

Each step prints the command it runs; paste them into a shell as they are. Here they
run in this process (``np2tf.cli.main``) to pay TensorFlow's start-up once; the results
are then used from a fresh Python process, as a user of the converted module and of the
SavedModel would.

    python examples/cli_walkthrough.py
"""
import os
import shlex
import subprocess
import sys
import tempfile
import textwrap

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # this script's choice: quiet TF logs

from np2tf.cli import main as np2tf  # noqa: E402  - the `np2tf` console script

HERE = os.path.dirname(os.path.abspath(__file__))
SIMULATION = os.path.relpath(os.path.join(HERE, "simulation.py"))


def run(*argv):
    print(f"\n$ np2tf {shlex.join(argv)}", flush=True)
    status = np2tf(list(argv))
    sys.stdout.flush()
    sys.stderr.flush()
    print(f"(exit status {status})")
    return status


def main():
    out = tempfile.mkdtemp(prefix="np2tf_walkthrough_")
    converted = os.path.join(out, "simulation_tf.py")
    saved = os.path.join(out, "heat_steps_model")

    # 1. What lowers to TensorFlow, what falls back to NumPy, what is not compiled, and why.
    assert run("check", SIMULATION) == 0
    # --strict makes that a gate for CI: non-zero while anything falls back.
    assert run("check", "--strict", SIMULATION) == 1

    # 2. Ahead of time: a module in which each NumPy function is compiled.
    assert run("convert", SIMULATION, "-o", converted) == 0

    # 3. A SavedModel of a fully lowered function, for serving without np2tf.
    assert run("export", f"{SIMULATION}:heat_steps",
               "--signature", "float64[:,:], float, float, float", "-o", saved) == 0
    # A function with a fallback node cannot be exported; the command names the line.
    assert run("export", f"{SIMULATION}:speed_histogram",
               "--signature", "float64[:,:], 5", "-o", os.path.join(out, "no")) == 1

    # 4. Use both from a fresh process.
    check = textwrap.dedent(f"""
        import sys
        import numpy as np
        import tensorflow as tf

        u = np.random.default_rng(1).random((64, 64))
        model = tf.saved_model.load({saved!r})
        served = model.heat_steps(u, 0.2, 0.1, 1.0).numpy()
        assert "np2tf" not in sys.modules, "the SavedModel runs without np2tf"

        sys.path[:0] = [{HERE!r}, {out!r}]
        import simulation, simulation_tf
        assert "np2tf.compiler" not in sys.modules, "converted code needs only the runtime"
        expected = simulation.heat_steps(u, 0.2, 0.1, 1.0)
        got = simulation_tf.heat_steps(u, 0.2, 0.1, 1.0)
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(served, expected, rtol=1e-12, atol=1e-12)
        print("converted module:", type(simulation_tf.heat_steps).__name__,
              "- same answer as NumPy")
        print("SavedModel: same answer as NumPy, loaded without importing np2tf")
    """)
    print("\n$ python -c '<load the SavedModel, import the converted module, compare>'",
          flush=True)
    subprocess.run([sys.executable, "-c", check], check=True)


if __name__ == "__main__":
    main()
