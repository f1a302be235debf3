"""The `lostbullet` command: one sub-command per tool.

Each command's module is imported only when that command runs, so `validate` and `walk`
start fast and never pull in a front end they do not use. Data goes to stdout, diagnostics
to stderr; exit codes are `Exit`.
"""

from __future__ import annotations

import argparse
import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from game import __version__
from game.errors import ContentError, GameError, UsageError

_PATH_MAX = 4096
"""Bytes in a path (Linux's PATH_MAX); longer ones fail in the system call with ENAMETOOLONG."""
_NAME_MAX = 255
"""Bytes in one component of a path (NAME_MAX of common file systems)."""

if TYPE_CHECKING:
    from game.preview import Preview
    from game.story.model import Story
    from game.tui.app import LostBulletApp


class Exit(enum.IntEnum):
    OK = 0
    FAILED = 1
    """Content errors, failed walkthroughs, bad saves."""
    USAGE = 2
    """Bad command-line input."""
    INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    scenes = argparse.ArgumentParser(add_help=False)
    scenes.add_argument(
        "--scenes", type=_path, metavar="DIR", help="the scene pack to use (default: scenes/ of the checkout the game runs or was installed from, else the shipped story; --version says which)"
    )
    lang = argparse.ArgumentParser(add_help=False)
    lang.add_argument("--lang", metavar="LANG", help="the language to show the story and the game in, from the pack's locale/LANG.po (default: Settings, else the environment's when the pack has a catalog for it)")
    parser = argparse.ArgumentParser(
        prog="lostbullet",
        description="Lost Bullet 2, the text adventure. With no command, plays the game.",
    )
    parser.add_argument("--version", action=_Version, help="the version, and which story and save folder are used")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    saves = argparse.ArgumentParser(add_help=False)
    saves.add_argument("--saves", type=_path, metavar="DIR", help="the save folder (default: saves/ of that checkout, else the user data folder; --version says which)")

    play = commands.add_parser("play", parents=[scenes, saves, lang], help="play the game (the full-screen game on a terminal)", description="Play the game: the full-screen game on a terminal, or numbered lines with --plain or in a pipe.")
    play.add_argument("--plain", action="store_true", help="numbered lines on stdin/stdout (also used when either is not a terminal)")
    play.add_argument("--seed", type=int, metavar="N", help="the random seed (default: a new one each game)")
    play.add_argument("--load", metavar="SLOT", help="resume the save in SLOT (autosave, quicksave or a name you gave)")
    play.add_argument("--watch", action="store_true", help="reload the scenes when a file changes, keeping your place (the full-screen game)")

    serve = commands.add_parser("serve", parents=[scenes, saves, lang], help="play in a browser tab (textual-serve)", description="Serve the game to a browser tab on this machine (textual-serve); each tab plays its own game.")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1; any other opens the game to the network, with a warning)")
    serve.add_argument("--port", type=_port, default=8000, metavar="N", help="the port to listen on (default 8000)")
    serve.add_argument("--max-sessions", type=_positive, default=4, metavar="N", help="game processes (browser tabs) at once; one more is refused (default 4)")

    validate = commands.add_parser("validate", parents=[scenes], help="check a scene pack and report every problem", description="Check a scene pack: every load error and linter finding as file:line:col; exit 1 on any error.")
    validate.add_argument("dir", nargs="?", type=_path, metavar="DIR", help="the scene pack (same as --scenes)")
    validate.add_argument("--json", action="store_true", help="print the findings as JSON on stdout (same as --format json)")
    validate.add_argument("--format", choices=("text", "json", "sarif"), metavar="FORMAT", help="text (default: file:line:col lines on stderr), json, or sarif (a SARIF 2.1.0 log on stdout, for code scanning)")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--select", action="append", default=[], metavar="CODES", help="report only these codes or names (comma-separated; a prefix like LB1 selects a family)")
    validate.add_argument("--ignore", action="append", default=[], metavar="CODES", help="do not report these codes or names")
    validate.add_argument("--deep", action="store_true", help="also explore every state: dead ends, soft-locks, choices never open")
    validate.add_argument("--max-states", type=_positive, default=1_000_000, metavar="N", help="the state limit of --deep and --stats (default 1,000,000)")
    validate.add_argument("--stats", action="store_true", help="counts per act and the shortest path to each ending")
    validate.add_argument("--lang", metavar="LANG", help="also check the pack's translation into LANG (locale/LANG.po): untranslated, stale and broken strings, and how much is done")
    validate.add_argument("--walks", action="append", default=[], type=_path, metavar="PATH", help="also check these walkthroughs (a file, or a folder of *.walk.yaml) against the pack; those below the pack are always checked")

    walk = commands.add_parser("walk", parents=[scenes], help="run walkthrough files (*.walk.yaml)", description="Play walkthrough files headlessly and check their expectations and golden transcripts; exit 1 on any failure.")
    walk.add_argument("files", nargs="+", type=_path, metavar="FILE", help="a walkthrough (NAME.walk.yaml), or a folder: every *.walk.yaml below it")
    walk.add_argument("--transcript", action="store_true", help="print what the player would have read")
    walk.add_argument("--lang", metavar="LANG", help="play in LANG (the pack's locale/LANG.po): the transcript is in it, and compared with NAME.walk.LANG.transcript")
    blessing = walk.add_mutually_exclusive_group()
    blessing.add_argument("--bless", action="store_const", const="bless", dest="bless", help="write NAME.walk.transcript beside each walk that has none")
    blessing.add_argument("--rebless", action="store_const", const="rebless", dest="bless", help="overwrite the golden transcripts with this run's text")

    explore = commands.add_parser("explore", parents=[scenes], help="random or exhaustive exploration, with coverage", description="Explore the story automatically: coverage of scenes, choices and endings, dead ends, soft-locks and engine errors, each with a path that reaches it.")
    mode = explore.add_mutually_exclusive_group(required=True)
    mode.add_argument("--random", type=_positive, metavar="N", help="N seeded random playthroughs")
    mode.add_argument("--exhaustive", action="store_true", help="breadth-first search of every state")
    explore.add_argument("--seed", type=int, default=0, metavar="S", help="the seed of the random runs (default 0)")
    explore.add_argument("--max-states", type=_positive, default=1_000_000, metavar="N", help="stop the exhaustive search after N states (default 1,000,000)")
    explore.add_argument("--max-steps", type=_positive, default=1000, metavar="N", help="choices per random run before it counts as too long (default 1000)")
    explore.add_argument("--json", action="store_true", help="print the report as JSON")
    explore.add_argument("--junit", type=_path, metavar="FILE", help="also write the findings as JUnit XML")

    init = commands.add_parser("init", help="start a new scene pack in an empty folder", description="Start a scene pack in a new or empty folder: story.yaml, a start scene and an ending, the schemas, a walkthrough and a README, valid and playable at once.")
    init.add_argument("dir", type=_path, metavar="DIR", help="the folder of the new pack (created if missing; it must be empty)")
    init.add_argument("--title", metavar="TITLE", help="the story's title (default: from the folder's name)")

    new = commands.add_parser("new", parents=[scenes], help="scaffold a scene file that validates at once", description="Scaffold a scene file in the pack's actN/ folder that validates at once.")
    new.add_argument("scene_id", metavar="SCENE_ID", help="the new scene's id: lower-case letters, digits and '_', starting with a letter")
    new.add_argument("--act", type=_positive, metavar="N", help="the act (default: that of --from, else 1); the file goes in actN/")
    new.add_argument("--from", dest="source", metavar="SCENE", help="also add a choice from this scene to the new one")

    schema = commands.add_parser("schema", parents=[scenes], help="the JSON Schemas of story.yaml, scene files and walkthroughs, for editors", description="Print the JSON Schemas of story.yaml, scene files and walkthroughs (generated from the models, with the pack's own names), or rewrite the pack's copies.")
    schema.add_argument("which", nargs="?", choices=["all", "story", "scenes", "walk"], default="all", help="story.yaml, scene files, walkthroughs, or all three (default)")
    schema.add_argument("--write", action="store_true", help="regenerate the copies in the pack's schema/ folder instead of printing")

    bench = commands.add_parser("bench", parents=[scenes], help="the performance benchmark", description="Measure load, play, save and exploration speed on the pack and on generated packs; see the README's Performance section.")
    bench.add_argument("--quick", action="store_true", help="fewer repetitions and a 1,000-scene generated pack")
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    bench.add_argument("--check", action="store_true", help="exit 1 when a figure misses its goal (without it, 0 once every figure is measured)")

    i18n = commands.add_parser("i18n", help="translation catalogs: extract the template, update a language", description="Gettext catalogs of every string a player reads: extract writes the pack's locale/messages.pot, update LANG merges it into locale/LANG.po.")
    i18n_actions = i18n.add_subparsers(dest="i18n_action", metavar="ACTION", required=True, help="extract (the template) or update LANG (a translation)")
    extract = i18n_actions.add_parser("extract", parents=[scenes], help="write the pack's template, locale/messages.pot", description="Write locale/messages.pot of the pack: every string a player reads, with its context and file:line.")
    extract.add_argument("--interface", action="store_true", help="the game's own wording instead (menus, keys, notices): game/i18n/locale/messages.pot, for the game's developers")
    update = i18n_actions.add_parser("update", parents=[scenes], help="bring locale/LANG.po up to the pack (extracting the template first)", description="Extract the template, then merge it into locale/LANG.po (created if missing): changed sources are marked fuzzy, strings gone are kept as obsolete.")
    update.add_argument("language", metavar="LANG", help="the language: fr, pt_BR...")
    update.add_argument("--interface", action="store_true", help="the game's own catalog instead: game/i18n/locale/LANG.po")
    lsp = commands.add_parser("lsp", help="the language server for editors (LSP on stdio)", description="Serve the Language Server Protocol on stdio for an editor: validate's findings as you type (--deep on save), completion, definition, references, hover, rename, symbols and quick fixes. Each file is checked with the pack that holds it; --scenes names the pack of files outside any.")
    lsp.add_argument("--scenes", type=_path, metavar="DIR", help="the pack of files that lie in none (default: none; a file's own pack is the nearest folder above it holding story.yaml)")
    lsp.add_argument("--tcp", type=_port, metavar="PORT", help="listen on 127.0.0.1:PORT instead of stdio (for debugging)")

    graph = commands.add_parser("graph", parents=[scenes], help="the story as a diagram: Mermaid, Graphviz DOT or JSON", description="Print the story's scenes and choices as a Mermaid (default) or Graphviz diagram with a cluster per act, or as JSON for other tools.")
    graph.add_argument("--format", choices=["mermaid", "dot", "json"], default="mermaid", help="Mermaid (default), Graphviz DOT, or JSON for other tools")
    graph.add_argument("--highlight", type=_path, metavar="FILE.walk.yaml", help="pick out the path a walkthrough takes")
    graph.add_argument("--lint", action="store_true", help="also draw what validate --deep finds: unreachable scenes, soft-locks, choices never open, outcomes never drawn")
    graph.add_argument("--ids", action="store_true", help="show each scene's id under its title")
    graph.add_argument("--rankdir", choices=["LR", "TB", "RL", "BT"], help="the layout's direction: LR left to right (DOT's default), TB top to bottom (Mermaid's default; suits long stories), RL, BT")
    graph.add_argument("--max-states", type=_positive, default=1_000_000, metavar="N", help="the state limit of --lint's search (default 1,000,000)")
    return parser


class _Version(argparse.Action):
    """`--version`, which also says where the story and the saves are (worked out only when asked)."""

    def __init__(self, option_strings: list[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, help=help, default=argparse.SUPPRESS)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from game.paths import where

        print(f"lostbullet {__version__}\n{where()}")
        parser.exit()


def _path(text: str) -> Path:
    """A path the system can open at all: a name too long for it is bad input, not an OSError later."""
    try:
        raw = os.fsencode(text)
    except UnicodeError:
        raise argparse.ArgumentTypeError(f"{text!r} cannot be a path on this system") from None
    if not raw or b"\0" in raw:
        raise argparse.ArgumentTypeError("expected a path, got an empty name" if not raw else "a path cannot hold a NUL byte")
    if len(raw) >= _PATH_MAX or any(len(part) > _NAME_MAX for part in raw.split(b"/")):
        raise argparse.ArgumentTypeError(f"path too long ({len(raw):,} bytes): {_shown(text)}")
    return Path(text)


def _shown(text: str, keep: int = 60) -> str:
    """A user-given name fit for one line of a message: cut short."""
    return text if len(text) <= keep else f"{text[:keep]}..."


def _say(message: str) -> None:
    """One line on stderr; control characters from a name the user gave are shown, not obeyed."""
    from game.diagnostics import escape_controls

    print(escape_controls(f"lostbullet: error: {message}"), file=sys.stderr)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 1 to 65535, got {value}")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number from 1, got {value}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "play")
    parser = _parser()
    args = parser.parse_args(args_list)
    try:
        return int(_run(args))
    except ContentError as err:
        for diagnostic in err.diagnostics:
            print(diagnostic.render(), file=sys.stderr)
        return Exit.FAILED
    except UsageError as err:
        _say(str(err))
        return Exit.USAGE
    except GameError as err:
        _say(str(err))
        return Exit.FAILED
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return Exit.INTERRUPTED
    except BrokenPipeError:  # `lostbullet graph | head`: the reader left, nothing to report
        sys.stderr.close()
        return Exit.OK
    except OSError as err:  # a file or folder the system refused: one line, never a traceback
        where = f"{_shown(str(err.filename))}: " if err.filename else ""
        _say(f"{where}{err.strerror or err}")
        return Exit.FAILED


def scenes_dir(args: argparse.Namespace) -> Path:
    """The pack a command uses; one the user named that is not a folder is bad input (exit 2)."""
    if getattr(args, "scenes", None) is not None:
        return _existing_pack(args.scenes, "--scenes ")
    from game.paths import default_scenes

    return default_scenes()


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        from game.tools.validate import run_validate

        folder = _existing_pack(args.dir, "") if args.dir is not None else scenes_dir(args)
        if args.json and args.format not in (None, "json"):
            raise UsageError(f"--json and --format {args.format} ask for two formats; give one")
        return run_validate(
            folder, strict=args.strict, select=args.select, ignore=args.ignore,
            deep=args.deep, max_states=args.max_states, stats=args.stats, walks=args.walks,
            output="json" if args.json else args.format or "text", lang=args.lang,
        )
    if args.command == "walk":
        from game.tools.walk import run_walks

        given = _existing_pack(args.scenes, "--scenes ") if args.scenes is not None else None
        return run_walks(args.files, given, transcript=args.transcript, bless=args.bless, lang=args.lang)
    if args.command == "explore":
        from game.tools.explore_cli import run_explore

        return run_explore(args, scenes_dir(args))
    if args.command == "init":
        from game.tools.starter import run_init

        return run_init(args.dir, args.title)
    if args.command == "new":
        from game.paths import pack_to_write
        from game.tools.scaffold import run_new

        folder = pack_to_write(_existing_pack(args.scenes, "--scenes ") if args.scenes is not None else None, "new")
        return run_new(folder, args.scene_id, args.act, args.source)
    if args.command == "schema":
        from game.tools.schema_cli import run_schema

        if args.write:
            from game.paths import pack_to_write

            folder = pack_to_write(_existing_pack(args.scenes, "--scenes ") if args.scenes is not None else None, "schema --write")
            return run_schema(args.which, folder, True)
        return run_schema(args.which, scenes_dir(args), False)
    if args.command == "bench":
        from game.tools.bench import run_bench

        return run_bench(scenes_dir(args), args.quick, args.json, args.check)
    if args.command == "graph":
        from game.tools.graph import run_graph

        return run_graph(scenes_dir(args), args.format, args.highlight, lint=args.lint, ids=args.ids, rankdir=args.rankdir, max_states=args.max_states)
    if args.command == "i18n":
        from game.i18n import commands as i18n
        from game.paths import pack_to_write

        given = _existing_pack(args.scenes, "--scenes ") if args.scenes is not None else None
        if args.interface:
            from game.paths import checkout_root

            if checkout_root() is None:
                raise UsageError("--interface writes the game's own catalogs (game/i18n/locale/): run it in a checkout of the game")
        if args.i18n_action == "update":
            if args.interface:
                return i18n.run_update_interface(args.language)
            return i18n.run_update(pack_to_write(given, "i18n update"), args.language)
        return i18n.run_extract_interface() if args.interface else i18n.run_extract(pack_to_write(given, "i18n extract"))
    if args.command == "lsp":
        from game.lsp.server import run  # deferred: pygls loads only for the editor

        return run(_existing_pack(args.scenes, "--scenes ") if args.scenes is not None else None, args.tcp)
    if args.command == "serve":
        from game.serve import run_serve  # deferred: textual-serve and aiohttp load only to serve

        return run_serve(scenes_dir(args), saves_dir(args), host=args.host, port=args.port, max_sessions=args.max_sessions, lang=args.lang)
    return _play(args)


def _existing_pack(folder: Path, option: str) -> Path:
    if not folder.is_dir():
        why = "not a folder" if folder.exists() else "no such folder"
        raise UsageError(f"{option}{folder}: {why}; a scene pack is a folder holding story.yaml")
    return folder


def saves_dir(args: argparse.Namespace) -> Path:
    from game.paths import default_saves

    saves = args.saves if getattr(args, "saves", None) is not None else default_saves()
    if saves.exists() and not saves.is_dir():
        raise UsageError(f"--saves {saves}: not a folder")
    try:  # find out now, not at the first autosave, that the player's progress has nowhere to go
        saves.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"--saves {saves}: cannot create the save folder ({err.strerror or err})") from None
    if not os.access(saves, os.W_OK | os.X_OK):
        raise UsageError(f"--saves {saves}: the save folder is not writable")
    return saves


def _wants_plain(args: argparse.Namespace) -> bool:
    """Plain mode when asked, or when stdin or stdout is not a terminal (pipes, scripts).

    Under `lostbullet serve`, textual-serve runs the game on pipes with its web driver
    named in the environment: that is still the full-screen game.
    """
    if args.plain:
        return True
    if "web_driver" in os.environ.get("TEXTUAL_DRIVER", ""):
        return False
    return not (sys.stdin.isatty() and sys.stdout.isatty())


def _play(args: argparse.Namespace) -> int:
    if args.watch and _wants_plain(args):
        raise UsageError("--watch reloads the full-screen game; it does not work with --plain or in a pipe")
    if _wants_plain(args):
        story, saves, lang = _play_setup(args, quick=False)
        assert story is not None
        return _play_plain(args, story, saves, lang)
    app = tui_app(args)
    app.run()
    if app.pack_failure is not None:  # the pack loaded behind the title screen did not load
        raise app.pack_failure
    return app.return_code or 0


def _play_setup(args: argparse.Namespace, quick: bool) -> tuple[Story | None, Path, str]:
    """(story, save folder, language) of `play`; with `quick`, the story is None when the
    full-screen game may load it behind its first screen: the title (no language, no --load,
    no --watch), or a save's preview (--load, which `tui_app` reads to see)."""
    from game.i18n.language import choose
    from game.profile import Profile

    saves = saves_dir(args)
    if args.load is not None:
        from game.paths import slot_path

        if not isinstance(args.load, str):  # argparse turns `--load=--` into an empty list
            raise UsageError("--load needs a save name")
    lang = choose(scenes_dir(args), args.lang, Profile.load(saves).settings.language)
    if quick and not args.watch and (args.load is not None or not lang):  # `tui_app` says what comes first
        return None, saves, lang
    from game.i18n.language import localise
    from game.story.loader import load_story

    story = localise(load_story(scenes_dir(args)), lang)  # before the front end is imported: its bindings are worded at import
    if args.load is not None:
        slot_path(saves, args.load)  # a bad slot name is a usage error before anything starts
    return story, saves, lang


def tui_app(args: argparse.Namespace) -> LostBulletApp:
    """The full-screen game `play` runs (also what `bench` starts, to time it as players see it).

    With no language, save or watch to set up first, the title screen comes up from the pack's
    title alone and the pack loads behind it (issue 15); a story.yaml that does not read plainly
    is loaded first, as before, so its errors are printed before the game starts. With `--load`
    of a save that holds a preview in the game's language, the story screen comes up from that
    preview and the pack, then the save, loads behind it."""
    story, saves, lang = _play_setup(args, quick=True)
    preview = _load_preview(args, saves, lang) if story is None and args.load is not None else None
    title = None
    if story is None and preview is None:
        from game.story.title import quick_title

        title = quick_title(scenes_dir(args)) if args.load is None else None
        if title is None:
            story, saves, lang = _play_setup(args, quick=False)
    from game.tui.app import LostBulletApp  # deferred: only the full-screen game imports Textual

    from game.paths import known_save_folders

    import gc

    gc.freeze()  # what start-up imported lives as long as the game: collector passes need not walk it (one cost ~20 ms before `--load`'s first frame)
    return LostBulletApp(
        story if story is not None else scenes_dir(args), saves, seed=args.seed, load=args.load,
        watch=scenes_dir(args) if args.watch else None, other_saves=known_save_folders(), language=lang, title=title or "",
        preview=preview,
    )


def _load_preview(args: argparse.Namespace, saves: Path, lang: str) -> Preview | None:
    """The preview of the save `--load` names, when it has a sound one in `lang` (`game.preview`):
    read before Textual, with no story model. A bad slot name is a usage error here as it is
    after a load; a save without a preview, or one that does not read, gives None and the pack
    loads first, as before."""
    from game.i18n import interface
    from game.paths import slot_path
    from game.preview import read_preview

    preview = read_preview(slot_path(saves, args.load), lang)
    if preview is not None and lang:
        interface.use(lang)  # before the front end is imported: its bindings are worded at import
    return preview


def _play_plain(args: argparse.Namespace, story: Story, saves: Path, lang: str = "") -> int:
    import secrets

    from game.plain import PlainGame
    from game.saves import SaveStore
    from game.session import Session

    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    session = Session(story, seed)
    store = SaveStore(saves, story, lang)
    if args.load is not None:
        try:
            loaded = store.load(args.load, session)
        except GameError as err:
            print(f"lostbullet: {err}; starting a new game", file=sys.stderr)
        else:
            if loaded.notice:
                print(f"lostbullet: {loaded.notice}", file=sys.stderr)
    return PlainGame(session, sys.stdin, sys.stdout, store).run()
