"""``python -m cleaner``: the same as the ``cleaner`` command."""

from .cli import main

main()
