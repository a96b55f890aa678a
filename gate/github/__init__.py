"""What GitHub Actions hands a step and takes back: the event payload, ``$GITHUB_OUTPUT``."""
