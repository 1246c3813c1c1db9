"""`python -m greatjobs` is the `greatjobs` command."""

from greatjobs.cli.main import main

main()
