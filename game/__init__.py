"""Lost Bullet 2, the text adventure.

Only the version lives here, so `import game` costs nothing; `cli` imports each command's
module when that command runs.
"""

__version__ = "0.1.0"
