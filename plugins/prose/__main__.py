"""``python -m plugins.prose``: the prose checks' worker process (worker.py), started by a build."""

from .worker import main

main()
