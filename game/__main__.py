"""`python -m game` is the `lostbullet` command."""

from game.cli import main

raise SystemExit(main())
