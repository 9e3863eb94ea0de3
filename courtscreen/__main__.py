"""`python -m courtscreen` behaves exactly like the `courtscreen` command."""

from courtscreen.cli import main

if __name__ == "__main__":
    main()
