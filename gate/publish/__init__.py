"""``gate publish``: the base-side verdict of a pull request, as a check run.

Runs in a ``workflow_run`` workflow of the default branch after the pull request's CI:
reads the result artifact that run uploaded as hostile data (artifact.py), finds the pull
request from the API and the event (pulls.py), and posts one ``policy-gate`` check run on
the head SHA (checkrun.py); without a writable token it falls back to workflow-command
annotations (run.py).
"""
