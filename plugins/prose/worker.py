"""A second process for the prose checks, so that they run while Pelican reads.

``check_source`` is a pure function of a source's text, and on a guide of
hundreds of chapters it takes seconds, while Pelican, in the main process,
is busy turning the same files into HTML. So when a build has at least
``MIN_SOURCES`` sources to check, each one is handed, as soon as Pelican has
read it (``content_object_init``), to one worker process, and the
generator's finalized handler takes the report from there. A smaller build
(the real guide, a live preview's edit) checks in the main process: starting
a Python process costs more than it saves.

Nothing depends on the worker: a report is used only for the exact text,
rules and limits it was made from, and a source it was not given (or a worker
that died) is checked in the main process. The findings, and the order they
are reported in, are the same either way.

The worker is a new Python process (``python -m plugins.prose``),
never a fork: a fork of a process that runs threads (the live preview's
server) can deadlock, and multiprocessing's "spawn" would import the
program's main module again in the worker, which runs a build when the
program has no ``if __name__ == "__main__"`` guard. Work goes to it as
pickled calls on its stdin and comes back on its stdout, written and read by
two threads of the main process, so that the build never waits on a full
pipe. There is one worker: the machine may have only two cores, and the main
process needs one. The profiler of the main process does not see into the worker, so
with ``PROFILE_ENV`` set to a file name the worker profiles itself and
writes its stats there when the build is done; `invoke bench --profile`
reports them.

It is started only when the last minute's load average is below the
number of cores (``core_to_spare``): on a busy machine the two processes share the
cores and the worker's start-up is extra work (plugins/prose/README.md).
``PROSE_WORKER = False`` never starts it.
"""

import cProfile
import itertools
import os
import pickle
import queue
import subprocess
import sys
import threading

MIN_SOURCES = 16
PROFILE_ENV = "PROSE_WORKER_PROFILE"


def core_to_spare():
    """Whether the last minute's load leaves some core time free for the worker.

    Below the number of cores, not at most one less: the build before this
    one (a benchmark's, a script's) keeps one core busy for the last minute,
    and a load just over 1 on two cores still leaves most of one free.
    """
    cores = os.cpu_count() or 1
    return cores > 1 and os.getloadavg()[0] < cores


class Worker:
    """Runs ``function(*args)`` in a worker process; ``report(key)`` takes the result."""

    def __init__(self):
        self.process = None
        self.waiting = []
        self.numbers, self.results = {}, {}
        self.counter = itertools.count()
        self.done = threading.Condition()
        self.finished = False
        self.declined = False

    def _start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "plugins.prose"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
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
                pickle.dump(call, stream)
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
        self.numbers[key] = number
        self.outbox.put((number, function, args))

    def add(self, key, function, *args):
        if self.process is not None:
            self._submit(key, function, args)
            return
        if self.declined:
            return
        self.waiting.append((key, function, args))
        if len(self.waiting) >= MIN_SOURCES:
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
        """Stop the worker (which writes its profile, if asked) and forget what is left."""
        if self.process is not None:
            self.outbox.put(None)
            for thread in self.threads:
                thread.join()
            self.process.wait()
        self.__init__()


def serve(calls, answers):
    """The worker's side: answer each pickled call; None for one that failed.

    A call that fails is checked again in the main process, which reports the
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


def main():
    calls, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but answers goes to the main process's pipe
    profile = os.environ.get(PROFILE_ENV)
    profiler = cProfile.Profile() if profile else None
    if profiler is not None:
        profiler.enable()
    serve(calls, answers)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
