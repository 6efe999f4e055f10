"""Files and folders: planning, workers, progress, a resumable manifest, atomic writes.

The CLI is a thin client of this module and of the public API.

- :func:`plan` maps the command line's inputs to jobs (a folder is mirrored into the
  output folder). Nothing ever writes over an input unless asked (``in_place``).
- :func:`run_batch` runs the jobs on every core (processes; the lexicon is loaded once
  per worker), on one process, or on a Dask cluster, with the same outputs whichever.
- Every output is written to a temporary file in its folder and renamed into place
  (:func:`write_atomic`), so an interrupted run leaves the old file or the new one,
  never half of one; stale temporary files of a killed run are removed by the next.
- An output folder keeps a manifest, ``OUT/.svfix-manifest.jsonl``: one JSON line per
  finished input with the input's hash, the settings' hash, the svfix version, the
  output's hash and the status. A re-run skips an input whose entry matches and whose
  output still exists with its hash, so a batch resumes where it was interrupted.
  With ``--report`` or ``--html``, the changes of each output are kept in
  ``OUT/.svfix-changes/`` so that a resumed run's report still lists every file's
  changes (a file done without them is redone when a report is asked for).
- One bad input never stops the batch; every failure is named at the end.
"""
from __future__ import annotations

from .files import read_bytes, read_word_list, readable, sweep_temporary, write_atomic
from .manifest import MANIFEST
from .plan import DEFAULT_INCLUDE, Job, check_writes, find_files, output_folder, plan, refuse_outputs_on_inputs
from .progress import BatchSummary, describe, plural
from .run import run_batch
from .runners import default_jobs
from .work import Settings

__all__ = [
    "DEFAULT_INCLUDE", "MANIFEST", "BatchSummary", "Job", "Settings", "check_writes", "default_jobs", "describe",
    "find_files", "output_folder", "plan", "plural", "read_bytes", "read_word_list", "readable", "refuse_outputs_on_inputs",
    "run_batch", "sweep_temporary", "write_atomic",
]
