"""policy-gate: one CI gate for coverage, pinning and secrets."""

__version__ = "0.1.0"
