"""Executes notebooks headless and writes, for each, the executed notebook and an HTML report without the
code to notebooks/out/ (run-all.sh calls it).

    python notebooks/execute.py NAME [NAME ...]     (names without .ipynb)

One Python process imports nbconvert once (instead of two processes a notebook: ~10 s of a run of the
four), and runs the notebooks two at a time (JSS_NB_PARALLEL): they are independent reports, and the two
that run the pipeline (fee and policy what-ifs) leave part of the two cores idle while Spark plans and
Delta commits. A cell error stops the run: its notebook is written with the cells executed so far, the
cell and its traceback are printed, the exit status is 1.
"""
import multiprocessing
import os
import sys
import time
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


class NotebookFailed(Exception):
    pass


def run(name):
    t0 = time.monotonic()
    print(f"notebooks: executing {name}.ipynb", file=sys.stderr, flush=True)
    nb = nbformat.read(HERE / f"{name}.ipynb", as_version=4)
    # The kernel is the environment's own (setup.sh), whatever other Python or Jupyter the machine has;
    # cells run in notebooks/, where jsslake.py is.
    client = NotebookClient(nb, kernel_name="jss-notebooks", timeout=1800,
                            resources={"metadata": {"path": str(HERE)}})
    try:
        client.execute()
    except CellExecutionError as e:
        nbformat.write(nb, OUT / f"{name}.ipynb")
        raise NotebookFailed(f"notebooks: {name}.ipynb failed (executed cells in {OUT / (name + '.ipynb')}):\n{e}")
    nbformat.write(nb, OUT / f"{name}.ipynb")
    # The report for readers: markdown, tables and charts, without the code (the executed notebook keeps it).
    html = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = html.from_notebook_node(nb)
    (OUT / f"{name}.html").write_text(body, encoding="utf-8")
    print(f"notebooks: {name} done in {time.monotonic() - t0:.0f} s -> notebooks/out/{name}.html",
          file=sys.stderr, flush=True)


def main(names):
    OUT.mkdir(exist_ok=True)
    workers = max(1, int(os.environ.get("JSS_NB_PARALLEL", "2")))
    # Forked workers start with nbconvert already imported.
    with ProcessPoolExecutor(max_workers=min(workers, len(names)),
                             mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(run, n) for n in names]
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        failed = [f for f in done if f.exception() is not None]
        if failed:
            for f in pending:
                f.cancel()
            e = failed[0].exception()
            print(e if isinstance(e, NotebookFailed) else repr(e), file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
