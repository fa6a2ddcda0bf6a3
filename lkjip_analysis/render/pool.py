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
import os
import sys
import time
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import wait

from .execute import Job, Outcome
from .worker import serve

STOP_TIMEOUT = 10  # seconds a worker gets to exit after the batch before it is terminated
WORKER_MB = 400
"""Memory a warm worker may take (measured: about 250 MB, more on large data); ``--jobs`` is capped by it."""


def available_mb() -> int | None:
    """Memory available to new processes (``MemAvailable`` of /proc/meminfo, else free pages), in MB."""
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)
    except (ValueError, OSError, AttributeError):
        return None


def cap_jobs(requested: int | None) -> tuple[int, str | None]:
    """The number of local workers for ``--jobs requested`` (None: one per core): at most one per core and
    one per :data:`WORKER_MB` of available memory; with a line saying so when it is fewer than asked."""
    cores = os.cpu_count() or 1
    memory = available_mb()
    by_memory = max(1, memory // WORKER_MB) if memory is not None else cores
    wanted = requested or cores
    jobs = max(1, min(wanted, cores, by_memory))
    if jobs >= wanted:
        return jobs, None
    reasons = [f"{cores} inti prosesor"] if jobs == cores else []
    if memory is not None and jobs == by_memory:
        reasons.append(f"memori tersedia {memory:,} MB".replace(",", ".") + f" (sekitar {WORKER_MB} MB per pekerja)")
    asked = f"--jobs {wanted}" if requested else f"jumlah proses bawaan ({wanted}, satu per inti)"
    return jobs, f"{asked} dibatasi menjadi {jobs} proses: {' dan '.join(reasons)}."


class _Worker:
    def __init__(self, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child, os.getpid()), name="lkjip-pekerja", daemon=True)
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
