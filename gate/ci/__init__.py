"""Helpers the reusable workflow and the composite action call as ``gate ci ...``.

The YAML stays glue: every decision it would otherwise make in shell (which tests a shard
runs, how to install the project, which formatter to check, whether the run succeeded)
is a small, tested function here. ``gate/ci/cli.py`` is their command-line edge.
"""
