"""``python -m engine`` is the same as the ``botlab`` command."""

from engine.cli import main

if __name__ == "__main__":
    main()
