"""Author and tester commands. None of them imports Textual (tests/test_import_hygiene.py)."""
