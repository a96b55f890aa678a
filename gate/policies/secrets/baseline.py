"""What ``gate secrets baseline`` accepts: every secret finding of the tree (and history)."""

from __future__ import annotations

from gate.context import Context
from gate.policies.secrets.common import ENV_FILE_RULE, Suppression
from gate.policies.secrets.sec001_tree import scan_tree
from gate.policies.secrets.sec003_history import HistoryScan, history_matches
from gate.policies.secrets.sec004_env_files import env_files
from gate.policies.secrets.settings import secrets_settings
from gate.secrets.baseline import EMPTY, Entry, secret_key
from gate.secrets.history import range_revisions


def accepted_entries(ctx: Context, *, history: bool = False) -> list[Entry]:
    """Baseline entries for what SEC001 and SEC004 (and SEC003 over ``--all``) would report.

    Matches already allowed by a pragma or ``secrets.allow_values`` need no entry; the
    existing baseline is deliberately not applied, so its entries are found again.
    """
    suppression = Suppression(EMPTY, secrets_settings(ctx).allowed_hashes())
    entries: dict[str, Entry] = {}
    for path, scanned in scan_tree(ctx):
        for match in scanned.matches:
            key = secret_key(match.rule_id, path, match.secret_hash)
            if not suppression.allowed("SEC001", match, key, scanned.line):
                entries[key] = Entry(fingerprint=key, rule_id=match.rule_id, path=path)
    for env in env_files(ctx):
        if not env.allowed_inline:
            entries[env.key] = Entry(fingerprint=env.key, rule_id=ENV_FILE_RULE, path=env.path)
    if history:
        for found in history_matches(ctx, range_revisions(None), HistoryScan()):
            if found.key in entries:
                continue
            if suppression.allowed("SEC003", found.match, found.key, found.scanned.line):
                continue
            entries[found.key] = Entry(
                fingerprint=found.key,
                rule_id=found.match.rule_id,
                path=found.path,
                source="history",
            )
    return list(entries.values())
