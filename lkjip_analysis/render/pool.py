"""Local worker processes: at most ``jobs`` warm workers, one report each at a time, all stopped when
the batch ends (:class:`LocalPool`).

Workers are forked from the orchestrator before it validates the data, warm up meanwhile, once
(:func:`.worker.warm_up`), and then take jobs over a pipe. A worker that dies in the middle
of a report (a crash, ``os._exit`` in a cell, the out-of-memory killer) fails that report only: a new
worker takes its place for the remaining jobs. Nothing outlives the ``with`` block.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import wait

from .execute import Job, Outcome
from .worker import serve

STOP_TIMEOUT = 10  # seconds a worker gets to exit after the batch before it is terminated


class _Worker:
    def __init__(self, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child,), name="lkjip-pekerja", daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.since = 0.0

    def give(self, job: Job) -> None:
        self.job, self.since = job, time.perf_counter()
        self.conn.send(job)

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)

    def close(self) -> None:
        self.process.join(STOP_TIMEOUT)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(STOP_TIMEOUT)
        self.conn.close()


class LocalPool:
    """Up to ``workers`` warm local processes for ``count`` jobs. Entering starts (forks) them, so they
    warm up while the orchestrator validates the data; leaving stops every one of them."""

    def __init__(self, workers: int, count: int) -> None:
        self.size = max(1, min(workers, count))
        self.pool: list[_Worker] = []
        self.ctx = multiprocessing.get_context("fork")

    def __enter__(self) -> LocalPool:
        sys.stdout.flush(), sys.stderr.flush()  # a forked child must not write the parent's buffers again
        self.pool = [_Worker(self.ctx) for _ in range(self.size)]
        return self

    def __exit__(self, exc_type, *exc) -> None:
        for w in self.pool:
            if exc_type is not None:  # Ctrl-C or an error: do not wait for the running reports
                w.process.terminate()
            w.stop()
        for w in self.pool:
            w.close()
        self.pool = []

    def run(self, jobs: list[Job]) -> Iterator[tuple[int, Outcome]]:
        """Run ``jobs``; yields ``(job.index, outcome)`` as they finish."""
        pending, pool = deque(jobs), self.pool
        for w in pool:
            if pending:
                w.give(pending.popleft())
        while any(w.job is not None for w in pool):
            busy = [w for w in pool if w.job is not None]
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for w in busy:
                job = w.job
                if w.conn in ready:
                    try:
                        outcome = w.conn.recv()
                    except (EOFError, OSError):
                        outcome = None
                elif w.process.sentinel in ready:
                    outcome = None
                else:
                    continue
                if outcome is None:  # the worker died during this report: replace it
                    w.process.join(STOP_TIMEOUT)
                    outcome = Outcome(
                        time.perf_counter() - w.since,
                        error=f"proses pekerja berhenti mendadak (kode keluar {w.process.exitcode}) saat merender laporan ini",
                    )
                    w.close()
                    pool.remove(w)
                    if pending:
                        w = _Worker(self.ctx)
                        pool.append(w)
                w.job = None
                yield job.index, outcome
                if pending:
                    w.give(pending.popleft())
