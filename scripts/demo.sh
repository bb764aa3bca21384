#!/usr/bin/env bash
# ./scripts/demo.sh (or `make demo`): the whole pipeline on this machine with the FOCUS sample data.
#   PostgreSQL+TimescaleDB (var/pg, port 55432) <- adapter (:19201) <- Prometheus (:19090) <- FOCUS exporter (:19101)
# `scripts/demo.sh stop` stops everything. Logs are in var/*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
var="$root/var"
PG_PORT=55432
DSN="postgresql://postgres@127.0.0.1:${PG_PORT}/finops"
FINOPS="$root/.venv/bin/finops"
mkdir -p "$var"

stop_pid() {
  local name="$1" pidfile="$var/$1.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$pidfile"
  : "$name"
}

if [ "${1:-}" = "stop" ]; then
  for svc in prometheus focus-exporter adapter; do stop_pid "$svc"; done
  bash scripts/pg.sh stop "$var/pg"
  echo "demo stopped"
  exit 0
fi

start_bg() {
  local name="$1"; shift
  stop_pid "$name"
  nohup "$@" >"$var/$name.log" 2>&1 &
  echo $! >"$var/$name.pid"
}

wait_http() {
  local url="$1" what="$2"
  for _ in $(seq 600); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "demo: $what did not come up; see var/*.log" >&2
  exit 1
}

bash scripts/bootstrap.sh
started=$(date +%s)
echo "== PostgreSQL + TimescaleDB"
bash scripts/pg.sh start "$var/pg" "$PG_PORT" >/dev/null
export FINOPS_DB_URL="$DSN"
"$FINOPS" db migrate

echo "== remote-write adapter on :19201"
start_bg adapter "$FINOPS" adapter --web.listen-address=127.0.0.1:19201
wait_http http://127.0.0.1:19201/readyz adapter

echo "== FOCUS cost exporter on :19101 (data/focus/focus-1.0-sample.csv)"
start_bg focus-exporter "$FINOPS" exporter focus-cost --config.file=deploy/focus-exporter-local.yml \
  --web.listen-address=127.0.0.1:19101
wait_http http://127.0.0.1:19101/metrics "FOCUS exporter"

echo "== Prometheus on :19090"
start_bg prometheus prometheus --config.file=prometheus/local.yml --storage.tsdb.path="$var/prometheus" \
  --web.listen-address=127.0.0.1:19090 --web.enable-lifecycle
wait_http http://127.0.0.1:19090/-/ready Prometheus

echo "== waiting for Prometheus to remote-write into TimescaleDB (samples and FOCUS rows)"
# fresh data only: the database persists under var/pg, so rows from an earlier run prove nothing
fresh="SELECT count(DISTINCT r.metric_name) FROM finops.samples s JOIN finops.series r ON r.id = s.series_id
       WHERE s.time > to_timestamp($started) AND r.metric_name IN ('up', 'focus_billed_cost')"
for _ in $(seq 180); do
  n=$(psql "$DSN" -qtAc "$fresh" 2>/dev/null || echo 0)
  c=$(psql "$DSN" -qtAc "SELECT count(*) FROM finops.focus_costs" 2>/dev/null || echo 0)
  [ "${n:-0}" -ge 2 ] && [ "${c:-0}" -ge 1000 ] && break
  sleep 1
done
# each FOCUS column travels as its own series: wait until the table stops changing
last="" same=0
for _ in $(seq 40); do
  now=$(psql "$DSN" -qtAc "SELECT count(*), count(effective_cost), count(list_cost), sum(billed_cost), sum(effective_cost) FROM finops.focus_costs" 2>/dev/null || true)
  if [ -n "$now" ] && [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; fi
  [ "$same" -ge 2 ] && break   # unchanged over two remote-write batch deadlines (5 s)
  last="$now"
  sleep 6
done

cat <<TXT

Everything is running:
  Prometheus      http://127.0.0.1:19090   (PromQL; old data comes back through remote read)
  adapter         http://127.0.0.1:19201/metrics
  PostgreSQL      psql $DSN
  logs            var/*.log;  stop with: ./scripts/demo.sh stop

Example SQL (samples in TimescaleDB):
  SELECT metric_name, series FROM finops.metrics ORDER BY series DESC LIMIT 5;
TXT
psql "$DSN" -c "SELECT metric_name, series FROM finops.metrics ORDER BY series DESC LIMIT 5;"
cat <<TXT
  SELECT time, value, job, instance FROM prom_metric.up ORDER BY time DESC LIMIT 5;
TXT
psql "$DSN" -c "SELECT finops.refresh_metric_views();" >/dev/null
psql "$DSN" -c "SELECT time, value, job, instance FROM prom_metric.up ORDER BY time DESC LIMIT 5;"
if [ -f scripts/demo-costs.sql ]; then
  echo "Cost per provider and service from the FOCUS table (scripts/demo-costs.sql):"
  cat scripts/demo-costs.sql
  psql "$DSN" -f scripts/demo-costs.sql
fi
bash scripts/demo-forecast.sh
echo "Emissions beside cost per service (embedded region table; finops report emissions):"; "$FINOPS" report emissions --group-by service --limit 12
echo "Rows and BilledCost total in the FOCUS table (the sample file's own total is 20.52022672899 USD):"
psql "$DSN" -c "SELECT count(*) AS rows, sum(billed_cost) AS billed_cost FROM finops.focus_costs;"
echo "Showback and rightsizing (reports/demo.py; finops report showback|rightsizing|allocate …):"; "$root/.venv/bin/python" -m reports.demo --db.url "$DSN"
