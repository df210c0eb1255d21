#!/usr/bin/env bash
# Makes sure a PostgreSQL answers for the tests at 127.0.0.1:5432 (user
# postgres, database `test`): installs it if missing (Debian's package),
# starts the cluster if stopped, creates the database. Run by
# scripts/setup.sh --test. Override the server with KHULASA_TEST_PG.
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "setup: installing postgresql"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
version=$(ls /etc/postgresql | sort -V | tail -n1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  echo "setup: starting PostgreSQL $version"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else $SUDO -u postgres "$@"; fi; }
# The tests log in over TCP as postgres without a password (trust on the
# loopback address only), as on the project's machines.
if ! psql "postgres://postgres@127.0.0.1:5432/postgres" -Atqc 'SELECT 1' >/dev/null 2>&1; then
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  echo "setup: letting loopback connections in without a password ($hba)"
  $SUDO sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  as_postgres psql -Atqc 'SELECT pg_reload_conf()' >/dev/null
fi
if ! psql "postgres://postgres@127.0.0.1:5432/postgres" -Atqc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1; then
  psql "postgres://postgres@127.0.0.1:5432/postgres" -qc 'CREATE DATABASE test'
fi
echo "setup: PostgreSQL $version answers at 127.0.0.1:5432"
