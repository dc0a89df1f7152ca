#!/usr/bin/env bash
# What the tests need from the system, installed when absent: Debian's chromium for the
# browser tests (tests/browser).  ./run.sh test runs it, and so does the browser tests' own
# fixture when it finds no chromium.  Installing needs root, apt-get and the Debian package
# archive; without them it says why on stderr, exits 0, and the browser tests skip with that
# reason.  CLAIMGRAPH_CHROMIUM names the browser to look for (a command or a path; default
# chromium); CLAIMGRAPH_NO_SYSTEM_INSTALL=1 looks without installing.
set -uo pipefail
CHROMIUM=${CLAIMGRAPH_CHROMIUM:-chromium}
HOW="as root: scripts/test-setup.sh (or apt-get install chromium)"
say() { echo "test-setup: $*" >&2; }
if command -v "$CHROMIUM" >/dev/null 2>&1; then exit 0; fi
if [ "${CLAIMGRAPH_NO_SYSTEM_INSTALL:-}" = 1 ]; then
  say "$CHROMIUM is not installed and CLAIMGRAPH_NO_SYSTEM_INSTALL=1 forbids installing it; browser tests skip (install it $HOW)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  say "$CHROMIUM is not installed and installing it needs root; browser tests skip (run $HOW)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  say "$CHROMIUM is not installed and there is no apt-get to install Debian's chromium; browser tests skip"
  exit 0
fi
say "installing chromium (Debian package) for the browser tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q -o Acquire::Retries=0 >/dev/null 2>&1 || say "apt-get update failed (offline?); trying the package lists at hand"
if ! apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1; then
  say "apt-get install chromium failed (offline, or no such package in the archive); browser tests skip (run $HOW when online)"
  exit 0
fi
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
  say "chromium was installed but $CHROMIUM is still not found; browser tests skip (set CLAIMGRAPH_CHROMIUM to its path)"
fi
exit 0
