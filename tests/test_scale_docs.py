"""docs/scale.md: the SLURM example renders a job script with dask-jobqueue (issue 17)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parent.parent / "docs" / "scale.md"


@pytest.mark.skipif(
    importlib.util.find_spec("dask_jobqueue") is None, reason="dask-jobqueue not installed"
)
def test_slurm_example_renders_the_documented_job_script() -> None:
    from dask_jobqueue import SLURMCluster

    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", text, re.S)
    assert example is not None
    # the cluster's own arguments, exactly as documented (nothing is submitted)
    call = re.search(r"SLURMCluster\((.*?)\n\)", example[1], re.S)
    assert call is not None
    kwargs = eval(f"dict({call[1]})")  # the documented literal arguments only
    cluster = SLURMCluster(**kwargs, scheduler_options={"host": "127.0.0.1"})
    try:
        script = cluster.job_script()
    finally:
        cluster.close()
    shown = text.split("renders for", 1)[1]
    for line in script.splitlines():
        if line.startswith(("#SBATCH", "module", "source")):
            assert line in shown, line
    assert "--nthreads 1 --memory-limit 1.86GiB --nworkers 8" in script
    assert "--nthreads 1 --memory-limit 1.86GiB --nworkers 8" in shown
