"""`invoke bench`: the speed budgets of the build, the check and the live preview.

The package, by stage:

- synthetic.py and clone.py write the two corpora; sites.py adds our
  settings and the bare Pelican copy (citations stripped) to each;
- commands.py runs every command checked (a failure stops the bench) and
  timed, the commands compared taking turns;
- checkers.py compares `invoke check` with LinkChecker over local HTTP;
- programs.py holds what runs in processes of its own (the local server,
  the live preview's edits, a build's peak memory);
- measure.py makes the measurements, each with a stable id; report.py reads
  the budgets off them by id; profile.py is `invoke bench --profile`;
- cli.py is the command line.
"""

from .cli import main

__all__ = ["main"]
