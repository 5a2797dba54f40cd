"""Every example runs, so none rots: each script in examples/ in its own process, and
examples/quickstart.ipynb in a real Jupyter kernel (nbclient + ipykernel)."""
import glob
import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
SCRIPTS = sorted(glob.glob(os.path.join(EXAMPLES, "*.py")))

# what each script must print (beyond exiting 0); scripts not listed just have to run
EXPECT = {
    "simulation.py": ["same answer as NumPy", "same trajectory as NumPy",
                      "np.histogram falls back to NumPy", "relative_change stays NumPy"],
    "cli_walkthrough.py": ["$ np2tf check", "(exit status 1)", "$ np2tf convert",
                           "$ np2tf export", "converted module: CompiledFunction",
                           "loaded without importing np2tf"],
}


def test_every_script_is_covered():
    assert {"quickstart.py", "simulation.py", "cli_walkthrough.py"} <= \
        {os.path.basename(s) for s in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=os.path.basename)
def test_example_script_runs(script, tmp_path):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", TMPDIR=str(tmp_path))
    r = subprocess.run([sys.executable, script], capture_output=True, text=True,
                       timeout=600, cwd=ROOT, env=env)
    assert r.returncode == 0, (r.stdout[-2000:], r.stderr[-4000:])
    for text in EXPECT.get(os.path.basename(script), []):
        assert text in r.stdout + r.stderr, text


def test_quickstart_notebook_runs_in_a_real_kernel(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager

    # A kernelspec of our own, pointing at this interpreter (the project venv), with a
    # fresh IPython profile: a user's kernels and startup files cannot change the run.
    kernels = tmp_path / "kernels"
    (kernels / "np2tf-test").mkdir(parents=True)
    (kernels / "np2tf-test" / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "np2tf test", "language": "python",
        "env": {"TF_CPP_MIN_LOG_LEVEL": "2", "IPYTHONDIR": str(tmp_path / "ipython"),
                "TMPDIR": str(tmp_path)}}))
    km = KernelManager(kernel_name="np2tf-test",
                       kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernels)]))

    nb = nbformat.read(os.path.join(EXAMPLES, "quickstart.ipynb"), as_version=4)
    client = nbclient.NotebookClient(nb, km=km, timeout=600,
                                     resources={"metadata": {"path": EXAMPLES}})
    client.execute()  # raises CellExecutionError on any error in a cell
    assert km.kernel_spec.argv[0] == sys.executable

    outputs = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", out
            outputs.append(out.get("text") or out.get("data", {}).get("text/plain", ""))
    text = "\n".join(outputs)
    assert "np2tf: compiled sigmoid, predict" in text
    assert "Accelerated float32 (4, 2)" in text
    assert "def predict(inputs, w1, bias, w2):" in text
    assert "np.unique falls back to NumPy" in text
    assert "IndexError:" in text and f"{tmp_path}" in text  # the cell's own file and line
