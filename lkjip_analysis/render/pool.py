"""Local worker processes: at most ``jobs`` warm workers, one report each at a time, all stopped when
the batch ends.

Workers are forked from the orchestrator (which has already imported pandas and validated the data),
warm up once (:func:`.worker.warm_up`) and then take jobs over a pipe. A worker that dies in the middle
of a report (a crash, ``os._exit`` in a cell, the out-of-memory killer) fails that report only: a new
worker takes its place for the remaining jobs. Nothing outlives :func:`run_local`.
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


def run_local(jobs: list[Job], workers: int) -> Iterator[tuple[int, Outcome]]:
    """Run ``jobs`` on up to ``workers`` local processes; yields ``(job.index, outcome)`` as they finish."""
    if not jobs:
        return
    ctx = multiprocessing.get_context("fork")
    pending = deque(jobs)
    sys.stdout.flush(), sys.stderr.flush()  # a forked child must not write the parent's buffers again
    pool = [_Worker(ctx) for _ in range(min(workers, len(jobs)))]
    try:
        for w in pool:
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
                if outcome is None:  # the worker died during this report
                    w.process.join(STOP_TIMEOUT)
                    outcome = Outcome(
                        time.perf_counter() - w.since,
                        error=f"proses pekerja berhenti mendadak (kode keluar {w.process.exitcode}) saat merender laporan ini",
                    )
                    w.close()
                    pool.remove(w)
                    if pending:
                        w = _Worker(ctx)
                        pool.append(w)
                w.job = None
                yield job.index, outcome
                if pending:
                    w.give(pending.popleft())
    finally:
        for w in pool:
            w.stop()
        for w in pool:
            w.close()
