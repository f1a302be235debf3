"""`python -m game` is the `lostbullet` command."""

from game.cli import main

if __name__ == "__main__":  # not when a spawned worker re-imports the main module (the LSP's deep check)
    raise SystemExit(main())
