"""`lostbullet explore`: run an explorer, show progress on a terminal, print and save reports."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from game.errors import UsageError
from game.story.loader import load_story
from game.tools.explore import Progress, explore_exhaustive, explore_random
from game.tools.explore_report import to_json, to_junit, to_text


@contextlib.contextmanager
def _progress(label: str, total: int | None) -> Iterator[Progress | None]:
    """A Rich progress bar on stderr when it is a terminal; nothing in pipes and CI logs."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console  # deferred: only an interactive run draws a bar
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, SpinnerColumn, TextColumn

    columns = [SpinnerColumn(), TextColumn(label)]
    columns += [BarColumn(), MofNCompleteColumn()] if total else [TextColumn("{task.completed} states")]
    with Bar(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)


def run_explore(args: argparse.Namespace, folder: Path) -> int:
    story = load_story(folder)
    started, clock = datetime.now(timezone.utc), time.perf_counter()
    if args.random is not None:
        with _progress("random play", args.random) as progress:
            report = explore_random(story, args.random, args.seed, args.max_steps, progress)
    else:
        with _progress("exhaustive search", None) as progress:
            report = explore_exhaustive(story, args.max_states, progress)
    if args.junit is not None:
        try:
            stamp = started.replace(microsecond=0).isoformat()
            args.junit.write_bytes(to_junit(report, time.perf_counter() - clock, stamp))
        except OSError as err:
            raise UsageError(f"--junit {args.junit}: {err.strerror or err}") from None
    if args.json:
        print(json.dumps(to_json(report), indent=2))
    else:
        print(to_text(report))
    return 0 if report.ok else 1
