"""`python -m newsarchive …` runs the command."""
import sys

from newsarchive.cli import main

sys.exit(main())
