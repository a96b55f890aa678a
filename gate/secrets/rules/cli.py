"""Passwords given to database clients on a command line (``mysql -pPASS``, ``PGPASSWORD=``)."""

from __future__ import annotations

import re

from gate.secrets.checks import is_templated
from gate.secrets.rules.common import CONTEXT, Rule, password_ok

_VALUE = r"""(?P<q>["']?)(?P<secret>[^\s"'`;|&<>]{4,128})(?P=q)(?![^\s;|&])"""


def _cli_password(value: str, match: re.Match[str], path: str) -> bool:
    return not is_templated(value) and password_ok(value, "")


RULES: tuple[Rule, ...] = (
    Rule(
        id="db-cli-password",
        description="Password on a database client's command line (mysql -pPASS)",
        # MySQL's -p takes its value glued on ("-p secret" would prompt, then name a database).
        pattern=re.compile(
            r"(?<![\w.\-/])(?i:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|mariadb)"
            r"\b[^\n|;&]{0,200}?(?<!\S)-p" + _VALUE
        ),
        anchors=(b"mysql", b"mariadb"),
        ignore_case=True,
        validate=_cli_password,
        priority=CONTEXT,
    ),
    Rule(
        id="db-cli-password",
        description="Password on a database client's command line (PGPASSWORD=...)",
        # The variables the clients read their password from, set for one command.
        pattern=re.compile(r"(?<![\w$])(?:PGPASSWORD|MYSQL_PWD)=" + _VALUE),
        anchors=(b"PGPASSWORD=", b"MYSQL_PWD="),
        validate=_cli_password,
        priority=CONTEXT,
    ),
)
