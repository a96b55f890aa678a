"""GATE: edits to the gate's own configuration are visible."""
