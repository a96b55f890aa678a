"""One module per ``gate`` command; ``gate/cli.py`` names them and imports one only when it runs."""
