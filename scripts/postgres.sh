#!/usr/bin/env bash
# Starts a local PostgreSQL (Debian's `postgresql`, installed if missing) for the consent
# log server's tests and benchmark, with a role and database of their own, and prints
# the URL to use, e.g.:
#   export PCC_CONSENT_LOG_TEST_PG=$(bash scripts/postgres.sh)
# Idempotent: quick when PostgreSQL is installed and running.
set -euo pipefail
# Only the URL goes to standard output (kept on fd 3); everything else goes to stderr.
# Commands that may leave a server running get `3>&-`, so that it does not hold
# `$(bash scripts/postgres.sh)` open.
exec 3>&1 1>&2
ROLE=pcc_consent_test
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi
say() { printf 'postgres: %s\n' "$*"; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  say "installing Debian's postgresql (apt, about 1 minute, once)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null 3>&-
fi
VERSION=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$VERSION main"; then
  $SUDO pg_createcluster "$VERSION" main >/dev/null 3>&-
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $4}' | grep -qx online; then
  say "starting PostgreSQL $VERSION"
  $SUDO pg_ctlcluster "$VERSION" main start 3>&-
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" '$1 == v && $2 == "main" {print $3}')
for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p "$PORT" && break; sleep 0.2; done
psql_admin() { $SUDO runuser -u postgres -- psql -q -p "$PORT" -v ON_ERROR_STOP=1 "$@"; }
psql_admin -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$ROLE';
  END IF; END \$\$;" >/dev/null
if ! psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$ROLE'" | grep -q 1; then
  psql_admin -c "CREATE DATABASE $ROLE OWNER $ROLE" >/dev/null
fi
# Databases left by earlier test runs (each test makes its own, t_*).
for db in $(psql_admin -tAc "SELECT datname FROM pg_database WHERE datname LIKE 't\\_%' AND datdba = (SELECT oid FROM pg_roles WHERE rolname = '$ROLE')"); do
  psql_admin -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null || true
done
echo "postgres://$ROLE:$ROLE@127.0.0.1:$PORT/$ROLE" >&3
