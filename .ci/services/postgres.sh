# shellcheck shell=bash
# PostgreSQL for the store tests (sourced by .ci/run): a throwaway cluster owned by a non-root
# user, listening on 127.0.0.1 only, on a free local port; stopped and deleted when the run exits.
# Exports HAZARDFLOW_PG_URL for the tests, and HAZARDFLOW_REQUIRE_PG=1 so that a missing server
# fails the PostgreSQL tests instead of skipping them.

_hf_pg_bin() {
  local found=""
  if command -v initdb >/dev/null 2>&1; then
    found=$(dirname "$(readlink -f "$(command -v initdb)")")
  else
    for dir in /usr/lib/postgresql/*/bin; do
      if [ -x "$dir/initdb" ]; then found=$dir; fi
    done
  fi
  echo "$found"
}

_hf_pg_dir=""
_hf_pg_user=""
_hf_pg_bindir=$(_hf_pg_bin)
if [ -z "$_hf_pg_bindir" ]; then
  echo "+ installing PostgreSQL from the distribution's packages"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  _hf_pg_bindir=$(_hf_pg_bin)
fi
[ -n "$_hf_pg_bindir" ] || { echo "postgres.sh: no initdb after installing PostgreSQL" >&2; exit 1; }

# PostgreSQL refuses to run as root: use (or create) an unprivileged user then.
if [ "$(id -u)" -eq 0 ]; then
  _hf_pg_user=hazardflow-pg
  id "$_hf_pg_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$_hf_pg_user"
fi

_hf_pg_as() {
  if [ -n "$_hf_pg_user" ]; then
    runuser -u "$_hf_pg_user" -- "$@"
  else
    "$@"
  fi
}

# The first free port on 127.0.0.1 from $1 up to 55600.
_hf_pg_free_port() {
  python3 - "$1" <<'PY'
import socket, sys
for port in range(int(sys.argv[1]), 55600):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(port)
        break
PY
}

_hf_pg_port=$(_hf_pg_free_port 55432)
[ -n "$_hf_pg_port" ] || { echo "postgres.sh: no free port in 55432-55599" >&2; exit 1; }

_hf_pg_dir=$(mktemp -d /tmp/hazardflow-pg.XXXXXX)
chmod 755 "$_hf_pg_dir"
if [ -n "$_hf_pg_user" ]; then chown "$_hf_pg_user" "$_hf_pg_dir"; fi

_hf_pg_stop() {
  if [ -n "$_hf_pg_dir" ] && [ -d "$_hf_pg_dir/replica" ]; then
    _hf_pg_as "$_hf_pg_bindir/pg_ctl" -D "$_hf_pg_dir/replica" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$_hf_pg_dir" ] && [ -d "$_hf_pg_dir/data" ]; then
    _hf_pg_as "$_hf_pg_bindir/pg_ctl" -D "$_hf_pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  [ -n "$_hf_pg_dir" ] && rm -rf "$_hf_pg_dir"
  return 0
}

_hf_pg_chain_exit_trap() {
  local previous=""
  if [ -n "$(trap -p EXIT)" ]; then
    eval "set -- $(trap -p EXIT)"
    previous=$3
  fi
  # shellcheck disable=SC2064
  trap "_hf_pg_stop${previous:+; $previous}" EXIT
}
_hf_pg_chain_exit_trap

echo "+ PostgreSQL $("$_hf_pg_bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$_hf_pg_port ($_hf_pg_dir)"
_hf_pg_as "$_hf_pg_bindir/initdb" -D "$_hf_pg_dir/data" -U hazardflow --auth=trust -E UTF8 --no-locale \
  >"$_hf_pg_dir/initdb.log" 2>&1 || { cat "$_hf_pg_dir/initdb.log" >&2; exit 1; }
# A test cluster: durability of the server is not under test (the client's is), so fsync is off.
_hf_pg_as "$_hf_pg_bindir/pg_ctl" -D "$_hf_pg_dir/data" -l "$_hf_pg_dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $_hf_pg_port -c unix_socket_directories=$_hf_pg_dir -c fsync=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$_hf_pg_dir/server.log" >&2; exit 1; }
_hf_pg_as "$_hf_pg_bindir/createdb" -h 127.0.0.1 -p "$_hf_pg_port" -U hazardflow hazardflow

export HAZARDFLOW_PG_URL="postgresql+psycopg://hazardflow@127.0.0.1:$_hf_pg_port/hazardflow"
export HAZARDFLOW_REQUIRE_PG=1

# A streaming replica of that cluster (issue 20: Ledger(url, read_url=...)), copied with pg_basebackup and
# started as a hot standby on the next free port; HAZARDFLOW_PG_REPLICA=0 leaves it out.
if [ "${HAZARDFLOW_PG_REPLICA:-1}" != "0" ]; then
  _hf_pg_as "$_hf_pg_bindir/pg_basebackup" -h 127.0.0.1 -p "$_hf_pg_port" -U hazardflow -D "$_hf_pg_dir/replica" \
    -R -X stream >"$_hf_pg_dir/basebackup.log" 2>&1 || { cat "$_hf_pg_dir/basebackup.log" >&2; exit 1; }
  _hf_pg_replica_port=""
  for _hf_pg_try in 1 2 3 4 5; do  # another cluster may take a free port first: try the next one
    _hf_pg_candidate=$(_hf_pg_free_port $((_hf_pg_port + _hf_pg_try)))
    if _hf_pg_as "$_hf_pg_bindir/pg_ctl" -D "$_hf_pg_dir/replica" -l "$_hf_pg_dir/replica.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $_hf_pg_candidate -c unix_socket_directories=$_hf_pg_dir -c hot_standby=on -c fsync=off -c max_connections=200" \
      start >/dev/null; then
      _hf_pg_replica_port=$_hf_pg_candidate
      break
    fi
  done
  [ -n "$_hf_pg_replica_port" ] || { cat "$_hf_pg_dir/replica.log" >&2; exit 1; }
  echo "+ PostgreSQL streaming replica on 127.0.0.1:$_hf_pg_replica_port"
  export HAZARDFLOW_PG_REPLICA_URL="postgresql+psycopg://hazardflow@127.0.0.1:$_hf_pg_replica_port/hazardflow"
fi
