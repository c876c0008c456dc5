"""``python -m ktermbase`` runs the command line."""

from .cli import main

main()
