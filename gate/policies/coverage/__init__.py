"""COV: test coverage, total and of the changed lines, and its drop from the base."""
