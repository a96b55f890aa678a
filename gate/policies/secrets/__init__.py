"""SEC: no secret in the tree, the change, the history or a committed environment file."""
