#!/usr/bin/env bash
# actions/setup-python, offline: the newest interpreter of E2E_PYTHONS matching python-version.
set -euo pipefail
root="${E2E_PYTHONS:?E2E_PYTHONS (folder of interpreters, e.g. \$(pyenv root)/versions) is unset}"
version="$IN_VERSION"
if [ -z "$version" ] && [ -n "$IN_VERSION_FILE" ]; then version="$(head -n1 "$IN_VERSION_FILE")"; fi
if [ -z "$version" ]; then echo "::error::stand-in: no python-version given"; exit 1; fi
if [ -n "$IN_CACHE" ]; then echo "::error::stand-in: cache is not emulated"; exit 1; fi
found=""
for dir in $(ls -d "$root"/* 2>/dev/null | sort -V); do
  v="$(basename "$dir")"
  if [ "$v" = "$version" ] || [[ "$v" == "$version".* ]]; then found="$dir"; fi
done
if [ -z "$found" ] || [ ! -x "$found/bin/python" ]; then
  echo "::error::Version $version was not found in the local cache ($root)"; exit 1
fi
echo "Successfully set up CPython ($(basename "$found")) from $found"
{ echo "python-version=$(basename "$found")"; echo "python-path=$found/bin/python"; } >> "$GITHUB_OUTPUT"
if [ "$IN_UPDATE" = "true" ]; then
  echo "$found/bin" >> "$GITHUB_PATH"
  { echo "pythonLocation=$found"; echo "Python_ROOT_DIR=$found"; echo "Python3_ROOT_DIR=$found"; } >> "$GITHUB_ENV"
fi
