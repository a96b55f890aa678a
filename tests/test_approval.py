"""Approval: whose review of which commit counts, and reading reviews from a real server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from gate.approval import ReviewsUnavailable, fetch_reviews, judge

HEAD, OLD = "a" * 40, "b" * 40


def review(login: str, state: str, commit: str = HEAD) -> dict[str, Any]:
    return {"user": {"login": login}, "state": state, "commit_id": commit}


def test_an_approvers_approval_of_the_head_counts() -> None:
    decision = judge([review("Alice", "APPROVED")], HEAD, ["alice"])
    assert decision.approved and decision.by == ("alice",)


@pytest.mark.parametrize(
    "reviews",
    [
        [review("alice", "APPROVED", OLD)],  # a later push voids it
        [review("mallory", "APPROVED")],  # not an approver
        [review("alice", "APPROVED"), review("alice", "DISMISSED")],
        [review("alice", "APPROVED"), review("alice", "CHANGES_REQUESTED")],
        [],
    ],
)
def test_what_does_not_approve(reviews: list[dict[str, Any]]) -> None:
    decision = judge(reviews, HEAD, ["alice"])
    assert not decision.approved and decision.by == ()
    assert "alice" in decision.reason


def test_a_comment_after_an_approval_keeps_it() -> None:
    assert judge([review("alice", "APPROVED"), review("alice", "COMMENTED")], HEAD, ["alice"])


@contextmanager
def server(pages: list[Any], link_host: str | None = None) -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("Authorization") or "")
            page = int(self.path.rsplit("page=", 1)[-1]) if "&page=" in self.path else 1
            body = json.dumps(pages[page - 1]).encode()
            self.send_response(200)
            if page < len(pages):
                host = link_host or f"http://127.0.0.1:{self.server.server_address[1]}"
                self.send_header("Link", f'<{host}/r?per_page=100&page={page + 1}>; rel="next"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.slow
def test_every_page_is_read_with_the_token() -> None:
    pages = [[review("bob", "COMMENTED")], [review("alice", "APPROVED")]]
    with server(pages) as (api, seen):
        reviews = fetch_reviews(api, "acme/app", 7, "t0ken")
    assert [r["user"]["login"] for r in reviews] == ["bob", "alice"]
    assert seen == ["Bearer t0ken", "Bearer t0ken"]


@pytest.mark.slow
def test_the_token_never_follows_a_link_to_another_host() -> None:
    """A ``Link`` header only says another page exists: the next page is asked of the
    API's own host, whatever host the link names."""
    pages = [[review("bob", "COMMENTED")], [review("alice", "APPROVED")]]
    with server(pages, link_host="http://localhost:9") as (api, seen):
        reviews = fetch_reviews(api, "acme/app", 7, "t0ken")
    assert [r["user"]["login"] for r in reviews] == ["bob", "alice"]
    assert seen == ["Bearer t0ken", "Bearer t0ken"]


@pytest.mark.parametrize("payload", [{"message": "Not Found"}, "not json"])
@pytest.mark.slow
def test_an_unusable_answer_is_not_an_approval(payload: Any) -> None:
    with server([payload]) as (api, _seen), pytest.raises(ReviewsUnavailable):
        fetch_reviews(api, "acme/app", 7, "t0ken")


def test_an_unreachable_api() -> None:
    with pytest.raises(ReviewsUnavailable, match="unreachable"):
        fetch_reviews("http://127.0.0.1:9", "acme/app", 7, "t0ken", timeout=2)
