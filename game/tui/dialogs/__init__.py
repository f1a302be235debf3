"""Typed modal dialogs: each dismisses with the answer its type names."""
