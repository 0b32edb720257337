"""`python -m bench.generate`: see the package's docstring."""

import sys

from bench.generate import main

if __name__ == "__main__":
    sys.exit(main())
