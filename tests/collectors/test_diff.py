"""The diff parser (gate/collectors/diff.py) on real git diffs and hand-made edge cases."""

from __future__ import annotations

from gate.collectors.diff import changed_files, parse_diff, unquote_path
from gate.git import Git


def changes(repo, base: str = "main", head: str | None = None):
    return changed_files(Git(repo.path), base, head)


def test_added_and_edited_lines_at_head_positions(repo) -> None:
    repo.write("m.py", "a = 1\nb = 2\nc = 3\nd = 4\n")
    repo.commit("m")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("m.py", "a = 1\nnew = 0\nb = 20\nc = 3\n")  # insert, edit, delete the last
    repo.commit("edit")
    (change,) = changes(repo).values()
    assert change.path == "m.py" and change.old_path is None
    assert change.added == {2: "new = 0", 3: "b = 20"}


def test_merge_base_ignores_changes_made_on_main_since(repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("feature.py", "x = 1\n")
    repo.commit("feature")
    repo.git("checkout", "-q", "main")
    repo.write("main_only.py", "y = 1\n")
    repo.commit("main moves on")
    assert set(changes(repo, "main", "feature")) == {"feature.py"}


def test_renames_are_followed_and_deletions_ignored(repo) -> None:
    body = "".join(f"line_{i} = {i}\n" for i in range(20))
    repo.write("old/name.py", body)
    repo.write("doomed.py", "z = 1\n")
    repo.commit("files")
    repo.git("checkout", "-q", "-b", "feature")
    (repo.path / "new").mkdir()
    repo.git("mv", "old/name.py", "new/name.py")
    repo.git("rm", "-q", "doomed.py")
    repo.write("new/name.py", body + "extra = 1\n")
    repo.commit("rename")
    found = changes(repo)
    assert set(found) == {"new/name.py"}
    assert found["new/name.py"].old_path == "old/name.py"
    assert found["new/name.py"].added == {21: "extra = 1"}


def test_working_tree_and_odd_names(repo) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("with space.py", "a = 1\n")
    repo.write('quote"tab\t.py', "b = 1\n")
    repo.write("ünï.py", "c = 1\n")
    repo.git("add", "-A")  # tracked, not committed: the working tree counts
    found = changes(repo)
    assert set(found) == {"with space.py", 'quote"tab\t.py', "ünï.py"}


def test_user_diff_prefix_settings_do_not_leak_into_paths(repo) -> None:
    repo.git("config", "diff.mnemonicPrefix", "true")
    repo.git("config", "diff.noprefix", "true")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("pkg/mod.py", "a = 1\n")
    repo.git("add", "-A")
    assert set(changes(repo)) == {"pkg/mod.py"}


def test_lines_that_look_like_headers_inside_a_hunk() -> None:
    patch = (
        b"diff --git a/x.md b/x.md\n--- a/x.md\n+++ b/x.md\n"
        b"@@ -1,2 +1,3 @@\n"
        b"---- removed rule\n"
        b"-diff --git a/y b/y\n"
        b"+++ added rule\n"
        b"+--- also added\n"
        b"+@@ not a hunk @@\n"
        b"\\ No newline at end of file\n"
    )
    (change,) = parse_diff(patch).values()
    assert change.added == {1: "++ added rule", 2: "--- also added", 3: "@@ not a hunk @@"}


def test_hunks_without_counts_and_pure_deletions() -> None:
    patch = (
        b"diff --git a/x b/x\n--- a/x\n+++ b/x\n"
        b"@@ -3 +3 @@\n-old\n+new\n"
        b"@@ -10,2 +9,0 @@\n-gone\n-gone too\n"
        b"@@ -20,0 +19,2 @@\n+one\r\n+two\n"
    )
    assert parse_diff(patch)["x"].added == {3: "new", 19: "one", 20: "two"}


def test_new_file_binary_and_quoted_paths() -> None:
    patch = (
        b"diff --git a/bin.dat b/bin.dat\nnew file mode 100644\n"
        b"Binary files /dev/null and b/bin.dat differ\n"
        b'diff --git "a/t\\303\\251st\\tx.py" "b/t\\303\\251st\\tx.py"\n'
        b"new file mode 100644\n--- /dev/null\n"
        b'+++ "b/t\\303\\251st\\tx.py"\n@@ -0,0 +1 @@\n+v = 1\n'
    )
    found = parse_diff(patch)
    assert list(found) == ["tést\tx.py"]
    assert found["tést\tx.py"].added == {1: "v = 1"}
    assert unquote_path(b"plain/path.py") == "plain/path.py"
    assert unquote_path(b'"a\\\\b\\"c"') == 'a\\b"c'
