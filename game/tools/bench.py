"""`lostbullet bench`: the performance figures, measured in one run, with their goals.

Every figure is a median of several repetitions on this machine, printed with the CPU and
Python version. Goals live here and in the README, never in timed unit tests. `--quick` runs
fewer repetitions and a 1,000-scene generated pack instead of 10,000, and says so. The exit
code says whether every figure was measured; `--check` makes a missed goal fail the run.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from game.errors import ContentError, UsageError
from game.session import Session
from game.story.loader import load_story
from game.story.model import Story


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    goal: str
    ok: bool | None
    note: str = ""

    def shown(self) -> str:
        if self.unit in ("s", "ms"):
            return f"{self.value:,.3f} {self.unit}" if self.value < 10 else f"{self.value:,.1f} {self.unit}"
        if self.unit == "x":
            return f"{self.value:.2f}"
        return f"{self.value:,.0f} {self.unit}".strip()


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": str(os.cpu_count()), "python": platform.python_version(), "platform": platform.platform(terse=True)}


def median(fn: Callable[[], float], repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def play_rate(story: Story, choices: int, seed: int = 0, render: bool = False) -> float:
    """Random play through the session API: choices per second, restarting at each ending.

    `Session.step` by default, as the explorers play; `render=True` uses `choose`, which also
    builds the view a front end shows. The session is built before the clock starts: building
    is the load figure's business. The clock is this process's processor time: play is one
    thread, and another process busy on the machine then slows neither side of a ratio.
    """
    session = Session(story, seed)
    rnd = random.Random(seed)
    made = 0
    start = time.process_time()
    while made < choices:
        ids = session.open_choice_ids()
        if not ids:
            session.restart(rnd.randrange(2**31))
            continue
        if render:
            session.choose(rnd.choice(ids))
        else:
            session.step(rnd.choice(ids))
        made += 1
    return made / (time.process_time() - start)


def bare_rate(story: Story, choices: int, seed: int = 0) -> float:
    """The same graph as a bare `transitions` machine (no conditions, no effects), walked at
    random; choices per second of processor time, as `play_rate`."""
    from transitions import Machine

    class Model:
        pass

    model = Model()
    machine_ = Machine(model=model, states=list(story.scenes), initial=story.start, auto_transitions=False)
    events: dict[str, list[str]] = {sid: [] for sid in story.scenes}
    for sid, scene in story.scenes.items():
        for choice in scene.choices:
            event = f"{sid}.{choice.id}"
            events[sid].append(event)
            for target in [choice.to] if choice.to else [o.to for o in choice.outcomes or ()]:
                machine_.add_transition(event, sid, target)
    rnd = random.Random(seed)
    made = 0
    start = time.process_time()
    while made < choices:
        options = events[model.state]  # type: ignore[attr-defined]
        if not options:
            machine_.set_state(story.start, model=model)
            continue
        model.trigger(rnd.choice(options))  # type: ignore[attr-defined]
        made += 1
    return made / (time.process_time() - start)


QUICK_STATES = 100_000
"""`--quick` searches the shipped story this far (the second draft has 871,205 states, about 5 s a search)."""


def exhaustive_time(story: Story, max_states: int) -> tuple[float, int]:
    """(seconds, states) of one exhaustive exploration up to `max_states`, report included, in
    processor time like the walk it is compared with (one thread: on a quiet machine, the wall time)."""
    from game.tools.explore import explore_exhaustive

    start = time.process_time()
    report = explore_exhaustive(story, max_states)
    return time.process_time() - start, report.states


def validate_times(scenes: Path, repeat: int, max_states: int) -> tuple[float, float]:
    """Median seconds of `validate --deep` and of `validate --stats` on `scenes`, in this process
    (no interpreter start to hide the difference), taken in turns and as processor time: both are
    one thread, and other processes on the machine then slow neither side of the ratio."""
    import contextlib
    import io

    from game.tools.validate import run_validate

    def once(deep: bool, stats: bool) -> float:
        start = time.process_time()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            run_validate(scenes, deep=deep, stats=stats, max_states=max_states)
        return time.process_time() - start

    runs = [(once(deep=True, stats=False), once(deep=False, stats=True)) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


_LOAD_CHILD = """
import gc, resource, sys, time, yaml
from pathlib import Path
from game.story.loader import load_story, scene_files
from game.engine.turns import Engine
pack = Path(sys.argv[1])
files = [pack / "story.yaml", *scene_files(pack)]
start = time.perf_counter()
for path in files:
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
bare = time.perf_counter() - start
gc.collect()
start = time.perf_counter()
story = load_story(pack)
Engine(story, 0)
gc.collect()  # the collector's pass that loading put off is paid here, not later in play
elapsed = time.perf_counter() - start
try:  # this process's own high-water mark: ru_maxrss keeps the parent's across fork and exec
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")) / 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(elapsed, peak, bare)
"""


def load_figures(pack: Path, repeat: int) -> tuple[float, float, float]:
    """(load+validate+build seconds, peak RSS in MB, bare CSafeLoader parse seconds) for `pack`.

    Both are timed in the same fresh process, the bare parse first (its data is dropped before
    the load starts), so the ratio compares like with like on a machine that is busy or not.
    """
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _LOAD_CHILD, str(pack)], capture_output=True, text=True, check=True).stdout
        seconds, peak, bare = out.split()
        runs.append((float(seconds), float(peak), float(bare)))
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs), statistics.median(r[2] for r in runs)


LOAD_SHAPES = (
    ("a condition and effects on every choice", {"dense": True}),
    ("prose in block scalars", {"block_prose": True}),
    ("one scene a file", {"per_file": 1}),
    ("{per_file:,} scenes a file", {"per_file": None}),
)
"""Other ways to write the generated pack, each loaded against its own bare parse (`generate`).
`per_file: None` is a quarter of the pack in each of four files."""


def cold_start(scenes: Path, repeat: int) -> float:
    def once() -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "game", "validate", "--scenes", str(scenes)], capture_output=True, check=False)
        return time.perf_counter() - start

    return median(once, repeat)


def canonical_end(story: Story, canonical: Path) -> Session:
    """A session played to the end of the canonical walkthrough: the save the figures use."""
    from game.tools.walk import load_walkthrough

    walk, _ = load_walkthrough(canonical)
    session = Session(story, walk.seed)
    for step in walk.steps:
        if step.choose is not None:
            session.choose(step.choose)
    return session


def save_figures(story: Story, canonical: Path, repeat: int) -> tuple[float, float, int]:
    """(save ms, load ms, bytes) for a save at the end of the canonical walkthrough."""
    from game.saves import SaveStore

    session = canonical_end(story, canonical)
    with tempfile.TemporaryDirectory() as folder:
        store = SaveStore(Path(folder), story)

        def save() -> float:
            start = time.perf_counter()
            store.save("bench", session)
            return (time.perf_counter() - start) * 1000

        def load() -> float:
            start = time.perf_counter()
            store.load("bench", Session(story, 0))
            return (time.perf_counter() - start) * 1000

        saved = median(save, repeat)
        loaded = median(load, repeat)
        size = (Path(folder) / "bench.json").stat().st_size
    return saved, loaded, size


def tui_figures(story: Story, repeat: int) -> tuple[float, float]:
    """(first frame seconds, keypress-to-new-scene milliseconds) in a headless `run_test`."""
    import asyncio

    from game.tui.bench import measure  # deferred: the only figure that needs Textual

    results = [asyncio.run(measure(story)) for _ in range(repeat)]
    return statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)


def journal_figures(late: int, opens: int) -> tuple[float, float]:
    """(ms, ms) to open the journal after 5 and after `late` scenes, on a generated 400-scene pack
    (no path of the shipped story is 60 scenes long)."""
    import asyncio

    from game.tools.generate import generate
    from game.tui.bench import journal_open  # deferred: needs Textual

    with tempfile.TemporaryDirectory() as tmp:
        story = load_story(generate(Path(tmp) / "pack", scenes=400, per_file=100))
        return asyncio.run(journal_open(story, late=late, opens=opens))


def startup_figures(scenes: Path, story: Story, canonical: Path, repeat: int) -> dict[str, float]:
    """Process start to the first frame (`bench_startup`), `--load` of a save at the canonical end."""
    from game.saves import SaveStore
    from game.tools.bench_startup import start_figures

    with tempfile.TemporaryDirectory() as folder:
        SaveStore(Path(folder), story).save("bench", canonical_end(story, canonical))
        return start_figures(scenes, Path(folder), repeat)


def run_bench(scenes: Path, quick: bool, as_json: bool, check: bool = False) -> int:
    """Measure and print every figure. 0 when all were measured (a missed goal is shown, not
    fatal), 1 with `check` when a goal is missed; a pack that does not load is bad input."""
    from game.tools.generate import generate
    from game.paths import checkout_root

    reps = 3 if quick else 5
    choices = 20_000 if quick else 100_000
    big_size = 1_000 if quick else 10_000
    try:
        story = load_story(scenes)
    except ContentError as err:
        raise UsageError(f"--scenes {scenes}: the pack has {len(err.diagnostics)} problem(s); `lostbullet validate` lists them") from None
    figures: list[Figure] = []

    with tempfile.TemporaryDirectory() as tmp:
        pack = generate(Path(tmp) / "pack", scenes=big_size, per_file=100)
        big_story = load_story(pack)
        rounds = [(play_rate(story, choices), play_rate(big_story, choices)) for _ in range(reps if quick else reps + 2)]
        play, big_play = statistics.median(r[0] for r in rounds), statistics.median(r[1] for r in rounds)
        growth = statistics.median(big / shipped for shipped, big in rounds)
        figures.append(Figure("random play, shipped story", play, "choices/s", ">= 50,000", play >= 50_000, "Session.step"))
        shown = median(lambda: play_rate(story, choices // 2, render=True), reps)
        figures.append(Figure("  the same, rendering every view", shown, "choices/s", "(reference)", None, "Session.choose"))
        bare = median(lambda: bare_rate(story, choices), reps)
        figures.append(Figure("  bare transitions walk, same graph", bare, "choices/s", "(reference)", None))
        figures.append(Figure("  play / bare walk", play / bare, "x", ">= 0.4", play / bare >= 0.4))
        note = "" if big_size == 10_000 else f"--quick: a {big_size:,}-scene pack"
        figures.append(Figure(f"random play, generated {big_size:,}-scene pack", big_play, "choices/s", "(see ratio)", None, note))
        figures.append(Figure("  generated / shipped", growth, "x", ">= 0.9", growth >= 0.9, note or "in turns, both packs loaded"))
        seconds, peak, bare_parse = load_figures(pack, 1 if quick else 3)
        figures.append(Figure(f"load + validate + build, {big_size:,} scenes", seconds, "s", "(see ratio)", None, note))
        figures.append(Figure("  / bare CSafeLoader parse", seconds / bare_parse, "x", "<= 2.0", seconds / bare_parse <= 2.0, f"parse {bare_parse:.2f} s"))
        for label, shape in LOAD_SHAPES:
            per_file = shape.get("per_file", 100) or big_size // 4
            other = generate(Path(tmp) / f"shape{len(figures)}", scenes=big_size, **{**shape, "per_file": per_file})
            shape_load, shape_peak, shape_bare = load_figures(other, 1 if quick else 3)
            peak = max(peak, shape_peak)
            ratio = shape_load / shape_bare
            figures.append(Figure(f"  the same, {label.format(per_file=per_file)}", ratio, "x", "<= 2.0", ratio <= 2.0, f"load {shape_load:.2f} s, parse {shape_bare:.2f} s"))
        figures.append(Figure("  peak memory", peak, "MB", "< 300 MB", peak < 300, "the largest of these loads"))

    cap = QUICK_STATES if quick else 10_000_000
    runs = [exhaustive_time(story, cap) for _ in range(1 if quick else reps)]  # --quick: the slowest figure, once
    took, states = statistics.median(r[0] for r in runs), runs[0][1]
    searched = f"--quick: the first {states:,} states" if quick else f"{states:,} states"
    figures.append(Figure("exhaustive exploration, shipped story", took, "s", "< 10 s", None if quick else took < 10, f"{searched}; processor time"))
    rate = states / took
    figures.append(Figure("  states per second", rate, "states/s", ">= 40,000", rate >= 40_000))
    figures.append(Figure("  / bare walk choices per second", rate / bare, "x", ">= 0.3", rate / bare >= 0.3))
    deep, stats = validate_times(scenes, 1 if quick else reps, cap)  # --quick: each search once, as far as above
    figures.append(Figure("validate --deep, shipped story", deep, "s", "(reference)", None, "processor time" + (f"; {searched}" if quick else "")))
    figures.append(Figure("  validate --stats / --deep", stats / deep, "x", "<= 1.1", stats / deep <= 1.1, f"--stats {stats:.2f} s"))
    cold = cold_start(scenes, reps)
    figures.append(Figure("validate cold start (subprocess)", cold, "s", "< 0.5 s", cold < 0.5))
    from game.lsp.bench import change_to_diagnostics  # deferred: pygls loads only for this figure

    edit, plain = change_to_diagnostics(scenes, 1 if quick else reps)
    figures.append(Figure("LSP edit to diagnostics / validate", edit / plain, "x", "<= 1.0", edit / plain <= 1.0, f"{edit:.2f} s / {plain:.2f} s"))

    root = checkout_root()
    canonical = (root or Path(".")) / "tests" / "walkthroughs" / "canonical.walk.yaml"
    if canonical.is_file():
        saved, loaded, size = save_figures(story, canonical, 20 if quick else 50)
        figures.append(Figure("save at the canonical end", saved, "ms", "< 10 ms", saved < 10))
        figures.append(Figure("load it back", loaded, "ms", "< 2 ms", loaded < 2))
        figures.append(Figure("  save size", size / 1024, "KB", "< 50 KB", size < 50 * 1024))
    else:
        figures.append(Figure("save/load", 0, "", "", None, "skipped: the canonical walkthrough ships only in a checkout"))

    first, key = tui_figures(story, 1 if quick else 3)  # --quick: one app; the keypress figure is a median of its 8 presses
    figures.append(Figure("TUI first frame (headless)", first, "s", "< 1 s", first < 1))
    figures.append(Figure("TUI keypress to new scene", key, "ms", "< 50 ms", key < 50))
    deep_in = 30 if quick else 60  # --quick: playing 60 scenes through the keys is a third of the run
    early, late = journal_figures(deep_in, 3 if quick else 5)
    figures.append(Figure("TUI journal open, late / early", late / early, "x", "<= 1.5", late / early <= 1.5, f"scene {deep_in} / 5: {late:.0f} / {early:.0f} ms"))
    if canonical.is_file():
        starts = startup_figures(scenes, story, canonical, 1 if quick else 5)  # --quick: each kind started once
        title = starts["title"] / starts["bare"]
        figures.append(Figure("TUI start to the title / minimal Textual app", title, "x", "<= 1.3", title <= 1.3, f"{starts['title']:.2f} s / {starts['bare']:.2f} s"))
        loaded = starts["load"] / starts["title"]
        figures.append(Figure("  --load SLOT to the story / start to the title", loaded, "x", "<= 1.2", loaded <= 1.2, f"{starts['load']:.2f} s"))

    info = machine()
    if as_json:
        print(json.dumps({
            "machine": info, "quick": quick,
            "figures": [{"name": f.name.strip(), "value": round(f.value, 4), "unit": f.unit, "goal": f.goal, "ok": f.ok, "note": f.note} for f in figures],
        }, indent=2))
    else:
        print(f"lostbullet bench{' --quick' if quick else ''}: {info['cpu']}, {info['cores']} cores, Python {info['python']}, {info['platform']}")
        print(f"medians of {reps} runs\n")
        print(f"| {'figure':<44} | {'measured':>18} | {'goal':>12} | {'':4} |")
        print(f"|{'-' * 46}|{'-' * 20}|{'-' * 14}|{'-' * 6}|")
        for f in figures:
            verdict = "" if f.ok is None else ("ok" if f.ok else "MISS")
            label = f.name + (f" ({f.note})" if f.note else "")
            print(f"| {label:<44} | {f.shown():>18} | {f.goal:>12} | {verdict:4} |")
    return 1 if check and any(f.ok is False for f in figures) else 0


