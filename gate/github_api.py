"""A small GitHub REST client: bounded retries, rate limits honoured, permission errors named.

Built on the standard library's ``urllib`` rather than httpx: the gate runs inside other
people's CI, and one fewer third-party package is one fewer thing a supply-chain policy
tool has to pin, audit and keep in six parallel locks; the few calls below need nothing
urllib lacks. The token goes only to the API host: it is never forwarded on a redirect
(artifact downloads redirect to blob storage) and never appears in an error.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Any

from gate import __version__
from gate.errors import GateError

API_VERSION = "2022-11-28"
DEFAULT_API_URL = "https://api.github.com"
MAX_ATTEMPTS = 4  # one try and three retries
MAX_WAIT_SECONDS = 120.0  # a longer retry-after fails the run instead of idling the runner
MAX_JSON_BYTES = 16 * 1024 * 1024
_NEXT_PAGE = re.compile(r'rel="next"')


class GitHubError(GateError):
    """A GitHub API call failed; the message names the call and what to do."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Surface redirects to the caller, which follows them without the token."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            raise GitHubError(f"the API answered HTTP {self.status} with no JSON") from None


@dataclass
class GitHub:
    """One repository's REST API, as the given token sees it."""

    token: str
    repository: str  # owner/name
    api_url: str = DEFAULT_API_URL
    sleep: Callable[[float], None] = time.sleep
    timeout: float = 30.0
    _opener: urllib.request.OpenerDirector = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.api_url = self.api_url.rstrip("/")
        self._opener = urllib.request.build_opener(_NoRedirect)

    # -- transport ---------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        permission: str,
        params: Mapping[str, str | int] | None = None,
        body: Any = None,
        max_bytes: int = MAX_JSON_BYTES,
        accept: str = "application/vnd.github+json",
    ) -> Response:
        """Send one call, retrying 5xx and rate limits; ``permission`` names the token
        scope the call needs, for the 401/403 message."""
        url = self.api_url + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        data = None if body is None else json.dumps(body).encode("utf-8")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            response = self._send(method, url, data, accept, max_bytes, authorised=True)
            wait = _retry_wait(response, attempt)
            if wait is None:
                break
            self.sleep(wait)
        if 300 <= response.status < 400 and "location" in response.headers:
            # Only the artifact download redirects: to storage that needs no token.
            response = self._send(
                "GET", response.headers["location"], None, "*/*", max_bytes, authorised=False
            )
        if response.status >= 400:
            raise _error(method, path, response, permission)
        return response

    def _send(
        self,
        method: str,
        url: str,
        data: bytes | None,
        accept: str,
        max_bytes: int,
        *,
        authorised: bool,
    ) -> Response:
        if not url.startswith(("https://", "http://")):
            raise GitHubError(f"refusing to call a non-HTTP URL for {method}")
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310
        request.add_header("Accept", accept)
        request.add_header("User-Agent", f"policy-gate/{__version__}")
        if authorised and self.token:
            # Unredirected: urllib copies ordinary headers onto a followed redirect.
            request.add_unredirected_header("Authorization", f"Bearer {self.token}")
            request.add_header("X-GitHub-Api-Version", API_VERSION)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self._opener.open(request, timeout=self.timeout) as reply:
                return Response(reply.status, _headers(reply.headers), _read(reply, max_bytes))
        except urllib.error.HTTPError as reply:
            payload = _read(reply, max_bytes) if reply.fp is not None else b""
            return Response(reply.code, _headers(reply.headers), payload)
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise GitHubError(f"{method} {_host(url)}: cannot connect ({reason})") from None

    def json(self, method: str, path: str, *, permission: str, **kwargs: Any) -> Any:
        return self.request(method, path, permission=permission, **kwargs).json()

    def paginate(
        self,
        path: str,
        *,
        permission: str,
        key: str | None = None,
        limit: int = 1000,
        **params: Any,
    ) -> Iterator[Any]:
        """Every item of a listing, 100 per page, at most ``limit`` items.

        Pages are asked for by number from the API's own host: a ``Link: rel="next"``
        header says another page exists (as does a full page), but its URL is never
        followed, so the token cannot be sent anywhere else.
        """
        seen = 0
        for page in range(1, limit // 100 + 2):
            response = self.request(
                "GET", path, permission=permission, params={**params, "per_page": 100, "page": page}
            )
            data = response.json()
            items = data.get(key, []) if key and isinstance(data, dict) else data
            if not isinstance(items, list):
                raise GitHubError(f"GET {path}: the API answered with no list")
            for item in items:
                if seen >= limit:
                    return
                seen += 1
                yield item
            if len(items) < 100 and not _NEXT_PAGE.search(response.headers.get("link", "")):
                return

    # -- the calls the publisher makes ---------------------------------------------------

    @property
    def repo_path(self) -> str:
        return f"/repos/{self.repository}"

    def pull_request(self, number: int) -> dict[str, Any]:
        data = self.json(
            "GET", f"{self.repo_path}/pulls/{number}", permission="pull-requests: read"
        )
        return dict(data)

    def open_pulls_from(self, head_owner: str, head_branch: str) -> list[dict[str, Any]]:
        """Open pull requests whose head is ``owner:branch`` (forks included)."""
        return list(
            self.paginate(
                f"{self.repo_path}/pulls",
                permission="pull-requests: read",
                head=f"{head_owner}:{head_branch}",
                state="open",
                limit=100,
            )
        )

    def reviews(self, number: int) -> list[dict[str, Any]]:
        """Every review of a pull request, oldest first."""
        return list(
            self.paginate(
                f"{self.repo_path}/pulls/{number}/reviews", permission="pull-requests: read"
            )
        )

    def workflow_runs(self, **filters: str) -> list[dict[str, Any]]:
        """Workflow runs matching ``filters`` (head_sha, event, branch, ...), newest first."""
        return list(
            self.paginate(
                f"{self.repo_path}/actions/runs",
                permission="actions: read",
                key="workflow_runs",
                limit=100,
                **filters,
            )
        )

    def run_artifacts(self, run_id: int, name: str) -> list[dict[str, Any]]:
        return list(
            self.paginate(
                f"{self.repo_path}/actions/runs/{run_id}/artifacts",
                permission="actions: read",
                key="artifacts",
                name=name,
                limit=100,
            )
        )

    def download_artifact(self, artifact_id: int, max_bytes: int) -> bytes:
        return self.request(
            "GET",
            f"{self.repo_path}/actions/artifacts/{artifact_id}/zip",
            permission="actions: read",
            max_bytes=max_bytes,
        ).body

    def check_runs(self, sha: str, name: str) -> list[dict[str, Any]]:
        return list(
            self.paginate(
                f"{self.repo_path}/commits/{sha}/check-runs",
                permission="checks: read",
                key="check_runs",
                check_name=name,
                filter="all",
                limit=200,
            )
        )

    def create_check_run(self, body: Mapping[str, Any]) -> dict[str, Any]:
        data = self.json(
            "POST", f"{self.repo_path}/check-runs", permission="checks: write", body=dict(body)
        )
        return dict(data)

    def comments(self, number: int) -> list[dict[str, Any]]:
        """A pull request's conversation comments (at most 1,000, oldest first)."""
        return list(
            self.paginate(
                f"{self.repo_path}/issues/{number}/comments", permission="pull-requests: read"
            )
        )

    def create_comment(self, number: int, body: str) -> dict[str, Any]:
        data = self.json(
            "POST",
            f"{self.repo_path}/issues/{number}/comments",
            permission="pull-requests: write",
            body={"body": body},
        )
        return dict(data)

    def update_comment(self, comment_id: int, body: str) -> None:
        self.request(
            "PATCH",
            f"{self.repo_path}/issues/comments/{comment_id}",
            permission="pull-requests: write",
            body={"body": body},
        )

    def update_check_run(self, check_run_id: int, body: Mapping[str, Any]) -> None:
        self.request(
            "PATCH",
            f"{self.repo_path}/check-runs/{check_run_id}",
            permission="checks: write",
            body=dict(body),
        )


def _read(reply: Any, max_bytes: int) -> bytes:
    data: bytes = reply.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise GitHubError(f"the API's answer is larger than {max_bytes} bytes; refused")
    return data


def _headers(message: Message | None) -> dict[str, str]:
    return {k.lower(): v for k, v in (message.items() if message is not None else [])}


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or "?"


def _retry_wait(response: Response, attempt: int) -> float | None:
    """Seconds to wait before retrying, or None when the answer is final."""
    if attempt >= MAX_ATTEMPTS:
        return None
    headers = response.headers
    limited = response.status == 429 or (
        response.status == 403
        and (
            "retry-after" in headers
            or headers.get("x-ratelimit-remaining") == "0"
            or b"secondary rate limit" in response.body.lower()
        )
    )
    if not limited and response.status < 500:
        return None
    if "retry-after" in headers:
        wait = _number(headers["retry-after"])
    elif headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
        wait = _number(headers["x-ratelimit-reset"]) - time.time()
    elif limited:
        wait = 60.0  # GitHub's advice for a secondary limit without a header
    else:
        wait = float(2 ** (attempt - 1))  # 5xx: 1, 2, 4 seconds
    wait = max(wait, 0.0)
    return wait if wait <= MAX_WAIT_SECONDS else None


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 60.0


def _error(method: str, path: str, response: Response, permission: str) -> GitHubError:
    try:
        detail = str(json.loads(response.body).get("message", ""))[:200]
    except (ValueError, UnicodeDecodeError, AttributeError):
        detail = ""
    status = response.status
    where = f"{method} {path}: HTTP {status}"
    if status == 401:
        return GitHubError(f"{where}: the token was refused (expired or invalid)", status=status)
    if status == 403 and ("rate limit" not in detail.lower()):
        return GitHubError(
            f"{where}: the token lacks `{permission}`; grant it in the workflow's "
            f"`permissions:` ({detail or 'forbidden'})",
            status=status,
        )
    if status in (403, 429):
        return GitHubError(f"{where}: rate limited beyond the retry budget", status=status)
    if status == 404 and permission.startswith(("actions", "checks", "pull-requests")):
        return GitHubError(f"{where}: not found (or the token lacks `{permission}`)", status=status)
    return GitHubError(f"{where}{': ' + detail if detail else ''}", status=status)
