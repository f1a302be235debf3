"""What the author wrote: the scene files, validated and frozen (`model`), and how they are read (`loader`)."""
