"""Where the work runs: in this process, on a pool of worker processes, or on a Dask
cluster; the same outputs whichever."""
from __future__ import annotations

import os
import time
from collections.abc import Generator, Iterator, Sequence

from ...errors import SvfixError
from .stop import POLL_SECONDS, NoStopper, Stopper
from .work import Outcome, Settings, Task, _init_worker, process_task


def default_jobs() -> int:
    """Every core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:
        return os.cpu_count() or 1

def _outcomes(tasks: Sequence[Task], settings: Settings, workers: int, dask: str | None,
              sizes: Sequence[int] = (), stop: Stopper | None = None) -> Generator[Outcome, None, None]:
    """The outcome of every task, in the order they finish. ``stop`` (see
    :mod:`svfix.archive.batch.stop`) is looked at between results and while waiting."""
    stop = stop or NoStopper()
    if dask:
        yield from _dask_outcomes(tasks, settings, dask, workers, sizes, stop)
    elif workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            with stop.interruptible():
                outcome = process_task(task, settings)
            yield outcome
    else:
        yield from _pool_outcomes(tasks, settings, min(workers, len(tasks)), sizes, stop)


#: A chunk of tasks sent to a worker at once holds at most this many files and bytes.
CHUNK_FILES = 16
CHUNK_BYTES = 1 << 20


def process_chunk(tasks: Sequence[Task], settings: Settings) -> list[Outcome]:
    """:func:`process_task` on several small inputs, to spare a round trip per file."""
    return [process_task(task, settings) for task in tasks]


def chunked(tasks: Sequence[Task], sizes: Sequence[int], workers: int) -> list[list[Task]]:
    """Tasks in input order, cut into chunks of a few small files (a large file alone),
    at least four chunks per worker so that the work stays balanced.

    >>> [len(c) for c in chunked([Task(i, "", None, None) for i in range(10)], [100] * 10, 2)]
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
    >>> [len(c) for c in chunked([Task(i, "", None, None) for i in range(100)], [100] * 100, 2)]
    [12, 12, 12, 12, 12, 12, 12, 12, 4]
    """
    most = max(1, min(CHUNK_FILES, len(tasks) // (4 * workers)))
    chunks: list[list[Task]] = []
    size = 0
    for task, task_size in zip(tasks, list(sizes) + [0] * (len(tasks) - len(sizes))):
        if not chunks or len(chunks[-1]) >= most or size + task_size > CHUNK_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(task)
        size += task_size
    return chunks


def _pool_outcomes(tasks: Sequence[Task], settings: Settings, workers: int, sizes: Sequence[int],
                   stop: Stopper) -> Iterator[Outcome]:
    """Tasks on a pool of worker processes, in chunks, two chunks in flight per worker.

    A worker that dies (killed, out of memory) fails only the input it had: the tasks in
    flight then are retried one at a time, alone, on a new pool. The workers end with
    this process, however it ends (:func:`~svfix.archive.batch.work.follow_parent`). A
    stop asked by a signal is acted on between waits of :data:`POLL_SECONDS`, never
    while a lock of the pool is held."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending = list(reversed(chunked(tasks, sizes, workers)))
    suspects: list[Task] = []  # in flight when a worker died: each is run alone
    alone: set[int] = set()  # indexes of suspects running alone
    while pending or suspects:
        stop.check()
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                   initargs=(settings, os.getpid()))
        running: dict = {}
        try:
            def refill() -> None:
                if suspects:
                    if not running:
                        task = suspects.pop()
                        alone.add(task.index)
                        running[pool.submit(process_chunk, [task], settings)] = [task]
                    return
                while len(running) < workers * 2 and pending:
                    chunk = pending.pop()
                    running[pool.submit(process_chunk, chunk, settings)] = chunk

            refill()
            broken = False
            while running:
                done, _ = wait(list(running), timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                stop.check()
                for future in done:
                    chunk = running.pop(future)
                    try:
                        outcomes = future.result()
                    except BrokenProcessPool:
                        broken = True
                        if len(chunk) == 1 and chunk[0].index in alone:
                            yield Outcome(chunk[0].index, chunk[0].label, "failed",
                                          "the worker process died on this input (out of memory?)")
                        else:
                            suspects.extend(reversed(chunk))
                        continue
                    yield from outcomes
                if broken:
                    for chunk in running.values():
                        suspects.extend(reversed(chunk))
                    running.clear()
                    break
                refill()
        except BaseException:
            _stop_pool(pool)
            raise
        pool.shutdown(wait=True)


#: How long stopping waits for a worker to end after SIGTERM, then after SIGKILL.
STOP_SECONDS = 5


def _stop_pool(pool) -> None:
    """Stop at once: cancel what has not started, end the workers (SIGTERM, then
    SIGKILL), and let the pool's manager thread see them gone, each wait bounded."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    try:
        pool.shutdown(wait=False, cancel_futures=True)
    except Exception:
        pass
    for process in processes:
        try:
            process.terminate()
        except Exception:
            pass
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        try:
            process.join(timeout=max(deadline - time.monotonic(), 0.01))
        except Exception:
            pass
    for process in processes:
        try:
            if process.is_alive():
                process.kill()
                process.join(timeout=STOP_SECONDS)
        except Exception:
            pass
    if manager is not None:
        manager.join(timeout=STOP_SECONDS)


def _dask_outcomes(tasks: Sequence[Task], settings: Settings, address: str, workers: int,
                   sizes: Sequence[int], stop: Stopper) -> Iterator[Outcome]:
    """Tasks on a Dask cluster (``address``, or ``"local"`` for a LocalCluster of
    ``workers`` processes), in chunks. The workers read and write the files themselves, so
    on a real cluster the input and output folders must be on a shared file system; the
    manifest, report and page are written here."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise SvfixError("--dask needs Dask distributed, which is not installed: pip install 'svfix[dask]'") from None
    import logging

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        try:
            client = Client(address)  # waits distributed.comm.timeouts.connect (30 s by default)
        except OSError as err:
            raise SvfixError(f"cannot reach the Dask scheduler at {address}: {err}") from None
    try:
        n = max(sum(client.nthreads().values()), 1)
        pending = list(reversed(chunked(tasks, sizes, n)))
        queue = as_completed()
        owner: dict = {}

        def submit() -> None:
            chunk = pending.pop()
            future = client.submit(process_chunk, chunk, settings, pure=False,
                                   key=f"svfix-{chunk[0].index}-{os.getpid()}")
            owner[future.key] = chunk
            queue.add(future)

        for _ in range(min(n * 2, len(pending))):
            submit()
        finished = iter(queue)
        while True:
            with stop.interruptible():  # Dask's own waiting takes KeyboardInterrupt
                future = next(finished, None)
            if future is None:
                break
            chunk = owner.pop(future.key)
            try:
                outcomes = future.result()
            except Exception as err:  # a worker died or the task could not run
                outcomes = [Outcome(task.index, task.label, "failed", f"the Dask task failed: {type(err).__name__}: {err}")
                            for task in chunk]
            future.release()
            yield from outcomes
            if pending:
                submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
