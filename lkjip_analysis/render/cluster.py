"""The same jobs on a Dask cluster (``lkjip render --scheduler tcp://HOST:PORT`` or ``LKJIP_SCHEDULER``).

Each job becomes one task (:func:`.worker.run_on_dask`) carrying the notebook text and the agency's
validated rows; workers (started with this project installed, ideally ``--nthreads 1``) warm up on
their first task and send back the page and the executed notebook, which the orchestrator writes —
so the reports, the cache and the index land on the machine running ``lkjip render``. dask is
imported only here, only when a scheduler is given.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import RenderError
from .execute import Job, Outcome

SCHEDULER_ENV = "LKJIP_SCHEDULER"
CONNECT_TIMEOUT = "15s"


def run_on_cluster(address: str, jobs: list[Job]) -> Iterator[tuple[int, Outcome]]:
    """Run ``jobs`` on the cluster behind ``address``; yields ``(job.index, outcome)`` as they finish."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise RenderError(
            "--scheduler memerlukan paket 'distributed' (Dask); pasang dengan: pip install 'dask[distributed]'"
        ) from None
    from .worker import run_on_dask

    if not jobs:
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise RenderError(f"tidak dapat terhubung ke penjadwal Dask {address}: {err}") from None
    with client:
        futures = {client.submit(run_on_dask, job, pure=False): job for job in jobs}
        for future in as_completed(futures, loop=client.loop):
            job = futures[future]
            try:
                outcome = future.result()
            except Exception as err:  # a worker lost mid-task (KilledWorker), a pickling error...
                outcome = Outcome(0.0, error=f"tugas Dask gagal: {type(err).__name__}: {err}")
            yield job.index, outcome
