"""Widgets of the game screen, one class per module."""
