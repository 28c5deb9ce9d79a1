"""A second process for work that needs nothing but its arguments, while the build goes on.

The build runs in one process, and the machine usually has a second core.
Some of the build's work is a pure function of data that can be pickled:
the prose checks of a source's text (plugins.prose), while Pelican reads
the other sources, and the checks of a written page (plugins.site_audit),
while Pelican writes the others. A plugin hands such calls to its
``Worker`` (``add(key, function, *args)``) and takes each result later
(``report(key)``). Each plugin has its own worker, named after it.

Nothing depends on a worker. A result is used only for the exact arguments
it was made from, and a call the worker was not given (or a worker that
died) is made in the main process. The results, and the order they are
reported in, are the same either way. A worker starts only once a build has
given it ``min_calls`` calls: a smaller build (the real guide, a live
preview's edit) does its work in the main process, since starting a Python
process costs more than it saves.

The worker is a new Python process (``python -m guidelib.worker NAME``),
never a fork: a fork of a process that runs threads (the live preview's
server) can deadlock, and multiprocessing's "spawn" would import the
program's main module again in the worker, which runs a build when the
program has no ``if __name__ == "__main__"`` guard. Work goes to it as
pickled calls on its stdin and comes back on its stdout, written and read by
two threads of the main process, so that the build never waits on a full
pipe. The profiler of the main process does not see into a worker, so with
``PROFILE_ENV`` set to a path prefix each worker profiles itself and writes
its stats to the prefix followed by its name and ".prof" when the build is
done; `invoke bench --profile` reports them.

A worker is started only when the last minute's load average is below the
number of cores (``core_to_spare``): on a busy machine the processes share
the cores and the worker's start-up is extra work (plugins/prose/README.md).
"""

import atexit
import cProfile
import itertools
import os
import pickle
import queue
import subprocess
import sys
import threading
import time

MIN_CALLS = 16
PROFILE_ENV = "GUIDE_WORKER_PROFILE"


def idle_share(seconds=0.1):
    """The share of all cores' time that was idle over the next ``seconds``, or None.

    Read from /proc/stat (Linux); None where there is none.
    """

    def sample():
        with open("/proc/stat", encoding="ascii") as handle:
            values = [int(value) for value in handle.readline().split()[1:]]
        return values[3] + values[4], sum(values)  # idle and iowait, all

    try:
        idle, total = sample()
        time.sleep(seconds)
        idle_after, total_after = sample()
    except (OSError, ValueError, IndexError):
        return None
    return (idle_after - idle) / (total_after - total) if total_after > total else None


def core_to_spare():
    """Whether the machine has core time free for a worker.

    The last minute's load average decides when it is clear: below the
    number of cores less one, yes; at or over the number of cores, no. In
    between, which is where the build before this one (a benchmark's, a
    script's) leaves it, the load counts work that has stopped, so the cores
    are watched for a tenth of a second: at least a quarter of their time
    idle (half a core of two) is a spare core.
    """
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    if cores < 2 or load >= cores:
        return False
    if load < cores - 1:
        return True
    share = idle_share()
    return share is None or share >= 0.25


# Workers told to stop, with their threads, until they have ended.
_stopping = []


@atexit.register
def reap():
    """Wait for every worker told to stop (each writes its profile, if asked, as it ends)."""
    while _stopping:
        process, threads = _stopping.pop()
        for thread in threads:
            thread.join()
        process.wait()


class Worker:
    """Runs ``function(*args)`` in a worker process; ``report(key)`` takes the result."""

    def __init__(self, name, min_calls=MIN_CALLS):
        self.name, self.min_calls = name, min_calls
        self.process = None
        self.waiting = []
        self.numbers, self.results = {}, {}
        self.counter = itertools.count()
        self.done = threading.Condition()
        self.finished = False
        self.declined = False

    def _start(self):
        _stopping[:] = [
            (process, threads) for process, threads in _stopping if process.poll() is None
        ]
        self.process = subprocess.Popen(
            [sys.executable, "-m", __name__, self.name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.outbox = queue.Queue()
        self.threads = [
            threading.Thread(target=self._send, daemon=True),
            threading.Thread(target=self._receive, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def _send(self):
        stream = self.process.stdin
        try:
            while (call := self.outbox.get()) is not None:
                stream.write(call)
                stream.flush()
        except OSError:
            pass  # the worker died; _receive says so
        finally:
            stream.close()

    def _receive(self):
        while True:
            try:
                number, result = pickle.load(self.process.stdout)
            except (EOFError, OSError, pickle.UnpicklingError):
                break
            with self.done:
                self.results[number] = result
                self.done.notify_all()
        with self.done:
            self.finished = True
            self.done.notify_all()

    def _submit(self, key, function, args):
        number = next(self.counter)
        try:
            call = pickle.dumps((number, function, args))
        except (pickle.PicklingError, TypeError, AttributeError):
            return  # made in the main process instead (``report`` gives None)
        self.numbers[key] = number
        self.outbox.put(call)

    def add(self, key, function, *args):
        if self.process is not None:
            self._submit(key, function, args)
            return
        if self.declined:
            return
        self.waiting.append((key, function, args))
        if len(self.waiting) >= self.min_calls:
            if not core_to_spare():
                self.declined, self.waiting = True, []
                return
            self._start()
            for call in self.waiting:
                self._submit(*call)
            self.waiting = []

    def report(self, key):
        """The result for ``key``, or None when the worker was not given it, failed or died."""
        number = self.numbers.pop(key, None)
        if number is None:
            return None
        with self.done:
            while number not in self.results and not self.finished:
                self.done.wait()
            return self.results.pop(number, None)

    def close(self):
        """Tell the worker to stop, and forget what is left.

        The build does not wait for the process to end (half a second, as
        Python frees a large heap): ``reap`` does, before this process exits
        or when the next worker starts.
        """
        if self.process is not None:
            self.outbox.put(None)
            _stopping.append((self.process, self.threads))
        self.__init__(self.name, self.min_calls)


def serve(calls, answers):
    """The worker's side: answer each pickled call; None for one that failed.

    A call that fails is made again in the main process, which reports the
    error as it would have without a worker.
    """
    while True:
        try:
            number, function, args = pickle.load(calls)
        except EOFError:
            return
        try:
            result = function(*args)
        except Exception:  # noqa: BLE001 - the main process runs it again and reports it
            result = None
        pickle.dump((number, result), answers)
        answers.flush()


def main(name):
    calls, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers goes to the main process's pipe
    prefix = os.environ.get(PROFILE_ENV)
    profile = f"{prefix}{name}.prof" if prefix else None
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        profiler.enable()
    serve(calls, answers)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    answers.flush()
    os._exit(0)  # nothing to clean up: skip freeing the heap object by object


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "worker")
