#!/usr/bin/env python
"""Django's manage.py; `oneplan` (installed in .venv/bin) is the same command line."""

from oneplan.cli import main

if __name__ == "__main__":
    main()
