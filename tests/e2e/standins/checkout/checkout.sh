#!/usr/bin/env bash
# actions/checkout, offline: fetch from E2E_ORIGIN the way the real action fetches.
set -euo pipefail
: "${E2E_ORIGIN:?E2E_ORIGIN (the bare repository standing for github.com) is unset}"
if [ "$IN_REPOSITORY" != "$GITHUB_REPOSITORY" ]; then
  echo "::error::checkout stand-in serves only $GITHUB_REPOSITORY, not $IN_REPOSITORY"; exit 1
fi
for unsupported in "$IN_LFS" "$IN_SUBMODULES"; do
  if [ "$unsupported" != "false" ]; then echo "::error::stand-in: lfs/submodules not emulated"; exit 1; fi
done
if [ -n "$IN_SPARSE" ]; then echo "::error::stand-in: sparse-checkout not emulated"; exit 1; fi
case "$IN_DEPTH" in ''|*[!0-9]*) echo "::error::The input 'fetch-depth' must be a number: $IN_DEPTH"; exit 1;; esac
target="$GITHUB_WORKSPACE${IN_PATH:+/$IN_PATH}"
# A hosted runner keeps one workspace path for every job, and combined coverage data names
# files by absolute path: E2E_WORKSPACE gives every job that one path (the workspace becomes
# a symlink to it), so jobs must run one at a time.
if [ -z "$IN_PATH" ] && [ -n "${E2E_WORKSPACE:-}" ]; then
  mkdir -p "$E2E_WORKSPACE"
  if [ ! -L "$GITHUB_WORKSPACE" ]; then
    cd / && rm -rf "$GITHUB_WORKSPACE" && ln -s "$E2E_WORKSPACE" "$GITHUB_WORKSPACE"
  fi
  target="$E2E_WORKSPACE"
fi
mkdir -p "$target"
find "$target" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
cd "$target"
ref="${IN_REF:-$GITHUB_REF}"
src="$ref"
[ -z "$IN_REF" ] && src="$GITHUB_SHA"
git init -q .
git remote add origin "file://$E2E_ORIGIN"
depth=(); [ "$IN_DEPTH" != "0" ] && depth=(--depth="$IN_DEPTH")
tags=(--no-tags)
if [ "$IN_DEPTH" = "0" ]; then
  git fetch -q --prune origin '+refs/heads/*:refs/remotes/origin/*' '+refs/tags/*:refs/tags/*'
  tags=()
elif [ "$IN_TAGS" = "true" ]; then tags=(); fi
case "$ref" in
  refs/heads/*) local_ref="refs/remotes/origin/${ref#refs/heads/}" ;;
  refs/pull/*)  local_ref="refs/remotes/pull/${ref#refs/pull/}" ;;
  refs/tags/*)  local_ref="$ref" ;;
  *)            local_ref="refs/remotes/origin/$ref" ;;
esac
git fetch -q "${tags[@]}" --prune --no-recurse-submodules "${depth[@]}" origin "+$src:$local_ref"
case "$ref" in
  refs/heads/*) git checkout -q --force -B "${ref#refs/heads/}" "$local_ref" ;;
  *)            git checkout -q --force "$local_ref" ;;
esac
if [ "$IN_PERSIST" = "true" ]; then
  git config --local http.https://github.com/.extraheader "AUTHORIZATION: basic ***"
fi
commit="$(git rev-parse HEAD)"
echo "checked out $ref at $commit into $target ($(git rev-list --count HEAD) commits of history)"
{ echo "ref=$ref"; echo "commit=$commit"; } >> "$GITHUB_OUTPUT"
