"""The app's screens, one class per module; help prose lives in .md files beside them."""
