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


class ClusterPool:
    """The Dask cluster behind ``address``, with the same interface as :class:`.pool.LocalPool`:
    entering connects, :meth:`run` submits one task per job, leaving disconnects."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.client = None

    def __enter__(self) -> ClusterPool:
        try:
            from distributed import Client
        except ImportError:
            raise RenderError(
                "--scheduler memerlukan paket 'distributed' (Dask); pasang dengan: pip install 'lkjip-analysis[klaster]'"
            ) from None
        try:
            self.client = Client(self.address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise RenderError(f"tidak dapat terhubung ke penjadwal Dask {self.address}: {err}") from None
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def run(self, jobs: list[Job]) -> Iterator[tuple[int, Outcome]]:
        """Run ``jobs`` on the cluster; yields ``(job.index, outcome)`` as they finish."""
        from distributed import as_completed

        from .worker import run_on_dask

        futures = {self.client.submit(run_on_dask, job, pure=False): job for job in jobs}
        for future in as_completed(futures, loop=self.client.loop):
            job = futures[future]
            try:
                outcome = future.result()
            except Exception as err:  # a worker lost mid-task (KilledWorker), a pickling error...
                outcome = Outcome(0.0, error=f"tugas Dask gagal: {type(err).__name__}: {err}")
            yield job.index, outcome
