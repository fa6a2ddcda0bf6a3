"""The same jobs on a Dask cluster (``lkjip render --scheduler tcp://HOST:PORT`` or ``LKJIP_SCHEDULER``).

Each job becomes one task (:func:`.worker.run_on_dask`) carrying the notebook text and the agency's
validated rows; workers (started with this project installed, ideally ``--nthreads 1``) warm up on
their first task and send back the page and the executed notebook, which the orchestrator writes —
so the reports, the cache and the index land on the machine running ``lkjip render``. dask is
imported only here, only when a scheduler is given.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from ..errors import RenderError
from .execute import Job, Outcome

SCHEDULER_ENV = "LKJIP_SCHEDULER"
CONNECT_SECONDS = 10
"""How long connecting to the scheduler may take (a port that accepts and never answers included)."""
WORKERS_SECONDS = 15
"""How long to wait for the first worker of a scheduler that has none."""
CONNECT_TIMEOUT = f"{CONNECT_SECONDS}s"
_HINT = (
    "periksa alamatnya (bentuk tcp://HOST:PORT, mis. tcp://10.0.0.5:8786) dan bahwa 'dask scheduler' berjalan di "
    "sana, atau render tanpa --scheduler (dan tanpa variabel LKJIP_SCHEDULER) di komputer ini"
)


async def _identity(address: str) -> dict:
    """The scheduler's answer to ``identity`` (its workers among it), within :data:`CONNECT_SECONDS`."""
    import asyncio

    from distributed.comm import connect

    comm = await asyncio.wait_for(connect(address, timeout=CONNECT_SECONDS), CONNECT_SECONDS)
    try:
        await asyncio.wait_for(comm.write({"op": "identity", "reply": True}), CONNECT_SECONDS)
        return await asyncio.wait_for(comm.read(), CONNECT_SECONDS)
    finally:
        comm.abort()


def check_scheduler(address: str, workers_seconds: float = WORKERS_SECONDS) -> int:
    """The number of workers of the scheduler at ``address``, asked over one bounded connection before any
    Client exists (a Client to a silent port waits for ever, and one that failed delays the exit); a
    RenderError naming the address, the reason and what to do when it does not answer as a Dask
    scheduler in time, or has no worker after ``workers_seconds``."""
    import asyncio
    import time

    deadline = time.monotonic() + workers_seconds
    while True:
        try:
            info = asyncio.run(_identity(address))
        except TimeoutError:
            raise RenderError(
                f"penjadwal Dask {address} tidak menjawab dalam {CONNECT_SECONDS} dtk (port menerima sambungan tetapi "
                f"tidak berbicara protokol Dask, atau jaringan diblokir); {_HINT}"
            ) from None
        except Exception as err:  # a malformed address, a refused connection, another protocol
            raise RenderError(f"tidak dapat terhubung ke penjadwal Dask {address}: {_reason(err)}; {_HINT}") from None
        if not isinstance(info, dict) or info.get("type") != "Scheduler":
            raise RenderError(f"{address} menjawab, tetapi bukan penjadwal Dask; {_HINT}")
        count = len(info.get("workers") or {})
        if count or time.monotonic() >= deadline:
            break
        time.sleep(1)
    if not count:
        raise RenderError(
            f"penjadwal Dask {address} tidak punya pekerja (ditunggu {workers_seconds:g} dtk); jalankan "
            f"'dask worker {address} --nthreads 1' di mesin pekerja, lalu ulangi, atau render tanpa --scheduler"
        )
    return count


def _reason(err: BaseException) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:200]


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
        check_scheduler(self.address)
        try:
            self.client = Client(self.address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as err:
            raise RenderError(
                f"tidak dapat terhubung ke penjadwal Dask {self.address}: {_reason(err)}; {_HINT}"
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None

    def run(self, jobs: list[Job]) -> Iterator[tuple[int, Outcome]]:
        """Run ``jobs`` on the cluster; yields ``(job.index, outcome)`` as they finish. When the cluster has
        had no worker for :data:`WORKERS_SECONDS` (all of them stopped), the remaining jobs fail with a
        message instead of waiting for ever."""
        from .worker import run_on_dask

        futures = {self.client.submit(run_on_dask, job, pure=False): job for job in jobs}
        pending, idle_since = set(futures), None
        while pending:
            done, pending = self._wait(pending)
            for future in done:
                yield futures[future].index, _outcome(future)
            if done or self._workers():
                idle_since = None
                continue
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= WORKERS_SECONDS:
                self.client.cancel(list(pending))
                why = (
                    f"klaster Dask {self.address} tidak punya pekerja lagi (ditunggu {WORKERS_SECONDS} dtk); "
                    "laporan ini tidak dijalankan"
                )
                for future in pending:
                    yield futures[future].index, Outcome(0.0, error=why)
                return

    def _wait(self, pending: set) -> tuple[set, set]:
        """(finished, still pending) after at most a second (futures are polled: no default client)."""
        deadline = time.monotonic() + 1
        while True:
            done = {future for future in pending if future.done()}
            if done or time.monotonic() >= deadline:
                return done, pending - done
            time.sleep(0.05)

    def _workers(self) -> int:
        try:
            return len(self.client.scheduler_info().get("workers", {}))
        except Exception:  # the scheduler itself is gone: no workers either
            return 0


def _outcome(future) -> Outcome:
    try:
        return future.result()
    except Exception as err:  # a worker lost mid-task (KilledWorker), a pickling error...
        return Outcome(0.0, error=f"tugas Dask gagal: {type(err).__name__}: {err}")
