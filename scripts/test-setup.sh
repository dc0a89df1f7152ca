#!/usr/bin/env bash
# What the tests need from the system, installed when absent: Debian's chromium for the
# browser tests (tests/browser).  Needs root and the Debian package archive; without them
# it says why and the browser tests skip with that reason.
set -uo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "${CLAIMGRAPH_NO_SYSTEM_INSTALL:-}" = 1 ]; then echo "test-setup: chromium not installed (CLAIMGRAPH_NO_SYSTEM_INSTALL=1)" >&2; exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "test-setup: chromium is not installed and cannot be (needs root and apt-get); browser tests will skip" >&2
  exit 0
fi
echo "test-setup: installing chromium (Debian package) for the browser tests" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null 2>&1 || true
apt-get install -y -q --no-install-recommends chromium >/dev/null 2>&1 \
  || echo "test-setup: apt-get install chromium failed; browser tests will skip" >&2
exit 0
