#!/usr/bin/env bash
# Security scan of a throwaway Ponte on this machine's loopback, with Debian's wapiti and sqlmap.
#
#   bash scripts/scan.sh
#
# It installs sqlmap and wapiti from Debian's packages when they are missing, builds Ponte if a source is newer than
# dist/, starts an instance on 127.0.0.1 and a free port with the demo content, on a throwaway data directory
# (embedded PGlite; with DATABASE_URL set, on a fresh PostgreSQL database it creates and drops), creates an
# administrator with the CLI and signs it in over HTTP (setting up its second factor), then runs, one after the other and each bounded in time:
#   1. wapiti over the anonymous site;      2. wapiti with the administrator's session cookie;
#   3. sqlmap on known parameterised URLs;  4. sqlmap crawling from the start page, forms included (--smart);
#   5. sqlmap on known parameterised URLs of the signed-in areas, with the session cookie;
#   6. sqlmap crawling the signed-in areas (GET only, --smart).
# Raw reports go to .scan-out/ (SCAN_OUT to change it; the directory ignores itself for git), then
# scripts/scan-summary.mjs prints a summary. Exit status: 1 if a scanner reports an SQL injection or an XSS,
# 2 if the scan could not run, 0 otherwise. The server and the data are removed on exit, whatever happens.
#
# Time budgets (seconds), to trade coverage for time; the defaults finish in about 15 minutes on 2 cores:
#   SCAN_WAPITI_CRAWL (60) crawl time of each wapiti run; SCAN_WAPITI_ATTACK (45) time of each attack module;
#   SCAN_SQLMAP_LIST (240), SCAN_SQLMAP_CRAWL (180), SCAN_SQLMAP_AUTH_LIST (300), SCAN_SQLMAP_AUTH_CRAWL (90).
# Only loopback is ever scanned: the script refuses any other target.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

OUT=${SCAN_OUT:-$ROOT/.scan-out}
WAPITI_CRAWL=${SCAN_WAPITI_CRAWL:-60}
WAPITI_ATTACK=${SCAN_WAPITI_ATTACK:-45}
SQLMAP_LIST=${SCAN_SQLMAP_LIST:-240}
SQLMAP_CRAWL=${SCAN_SQLMAP_CRAWL:-180}
SQLMAP_AUTH_LIST=${SCAN_SQLMAP_AUTH_LIST:-300}
SQLMAP_AUTH_CRAWL=${SCAN_SQLMAP_AUTH_CRAWL:-90}
WAPITI_MODULES=sql,blindsql,xss,permanentxss,exec,file,crlf,redirect
SCAN_EMAIL=scan-admin@example.org
PY=/usr/bin/python3 # Debian's python, where wapiti's modules are (a pyenv python3 earlier in PATH has none)

STARTED=$(date +%s)
log() { printf '[scan %s +%ss] %s\n' "$(date +%H:%M:%S)" "$(($(date +%s) - STARTED))" "$*"; }
die() {
  log "ERROR: $*"
  exit 2
}

# Nothing here talks to a proxy: every request goes to loopback.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY=127.0.0.1,localhost,::1 no_proxy=127.0.0.1,localhost,::1

# ---------------------------------------------------------------------------------------------------------------
# Clean-up: stop what this script started (by its process id), drop the database, remove the data directory.
WORK=''
SERVER_PID=''
CHILD_PID=''
DB_ADMIN_URL=''
DB_NAME=''
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$CHILD_PID" ] && kill -0 "$CHILD_PID" 2>/dev/null; then
    kill -TERM "$CHILD_PID" 2>/dev/null
    wait "$CHILD_PID" 2>/dev/null
  fi
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping the server (pid $SERVER_PID)"
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  if [ -n "$DB_NAME" ]; then
    log "dropping database $DB_NAME"
    psql -q -X "$DB_ADMIN_URL" -c "drop database if exists \"$DB_NAME\" with (force)" >/dev/null 2>&1 || log "could not drop database $DB_NAME"
  fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    [ -d "$OUT" ] && [ -f "$WORK/server.log" ] && cp "$WORK/server.log" "$OUT/server.log" 2>/dev/null
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs a command in the background so that a signal reaches the clean-up at once; returns the command's status.
run() {
  "$@" &
  CHILD_PID=$!
  wait "$CHILD_PID"
  local rc=$?
  CHILD_PID=''
  return $rc
}

# Refuses anything that is not a loopback URL.
assert_loopback() {
  local host
  host=$(node -e 'try { console.log(new URL(process.argv[1]).hostname) } catch { console.log("") }' "$1")
  [[ "$host" =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ || "$host" == localhost || "$host" == '[::1]' ]] || die "refusing to scan $1: not a loopback address"
}

# ---------------------------------------------------------------------------------------------------------------
log "1/8 scanners"
missing=()
command -v sqlmap >/dev/null 2>&1 || missing+=(sqlmap)
command -v wapiti >/dev/null 2>&1 || missing+=(wapiti)
if ((${#missing[@]})); then
  log "installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; } || die "apt-get install ${missing[*]} failed"
fi
[ -x "$PY" ] && "$PY" -c 'import wapitiCore' 2>/dev/null || die "wapiti's Python modules are not importable by $PY"
SQLMAP_VERSION=$(sqlmap --version 2>/dev/null | head -1)
WAPITI_VERSION=$(wapiti --version 2>/dev/null | tail -1)
log "sqlmap $SQLMAP_VERSION, $WAPITI_VERSION"

# The output directory: emptied if it is ours (it holds the .gitignore this script writes), created otherwise.
if [ -e "$OUT" ]; then
  [ -d "$OUT" ] || die "$OUT exists and is not a directory"
  if [ -n "$(ls -A "$OUT")" ] && ! grep -qx '# written by scripts/scan.sh' "$OUT/.gitignore" 2>/dev/null; then
    die "$OUT is not empty and was not made by this script; set SCAN_OUT to another directory"
  fi
  find "$OUT" -mindepth 1 -delete
fi
mkdir -p "$OUT"
printf '# written by scripts/scan.sh\n*\n' > "$OUT/.gitignore"
printf 'sqlmap\t%s\nwapiti\t%s\n' "$SQLMAP_VERSION" "$WAPITI_VERSION" > "$OUT/versions.tsv"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ponte-scan.XXXXXX")
chmod 700 "$WORK"

# ---------------------------------------------------------------------------------------------------------------
log "2/8 build"
node -e 'import("./bin/build.js").then(async (m) => { if (m.stale()) { await m.buildServer(); console.log("built dist/"); } else console.log("dist/ is up to date"); })' ||
  die "build failed"

PORT=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
BASE="http://127.0.0.1:$PORT"
assert_loopback "$BASE"

# Ponte's environment: loopback only, a throwaway DATA_DIR, development mode, and nothing that reaches out
# (no SMTP: mail stays in the outbox; no S3; no outbound allow-list).
PONTE_ENV=(env -u SMTP_URL -u STORAGE -u OUTBOUND_ALLOW -u METRICS_TOKEN -u TRUST_PROXY -u PONTE_ROLE
  -u NEWSLETTER_WEBHOOK_TOKEN -u SECRET_KEY -u CARE_DATA_KEYS -u DATABASE_URL
  NODE_ENV=development HOST=127.0.0.1 PORT="$PORT" PUBLIC_URL="$BASE" DATA_DIR="$WORK/data" PASSWORD_HASH_COST=14)
if [ -n "${DATABASE_URL:-}" ]; then
  command -v psql >/dev/null 2>&1 || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null || die "psql is needed with DATABASE_URL"; }
  DB_NAME="ponte_scan_$(date +%s)_$$"
  DB_ADMIN_URL=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/postgres"; console.log(u.href)' "$DATABASE_URL")
  SCAN_DB_URL=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.href)' "$DATABASE_URL" "$DB_NAME")
  log "creating database $DB_NAME"
  psql -q -X "$DB_ADMIN_URL" -c "create database \"$DB_NAME\"" >/dev/null || { DB_NAME=''; die "could not create a database with DATABASE_URL"; }
  PONTE_ENV+=(DATABASE_URL="$SCAN_DB_URL")
  echo "postgresql (database $DB_NAME, dropped at the end)" > "$OUT/database.txt"
else
  echo "embedded PGlite under a throwaway DATA_DIR" > "$OUT/database.txt"
fi
ponte() { exec "${PONTE_ENV[@]}" LOG_LEVEL=warn node bin/ponte.js "$@"; }

# ---------------------------------------------------------------------------------------------------------------
log "3/8 demo content and the scanning administrator (CLI, before the server: PGlite serves one process)"
run ponte seed --demo > "$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log"; die "ponte seed --demo failed"; }
run ponte user create --email "$SCAN_EMAIL" --name "Scan Administrator" --role administrator > "$WORK/user.log" 2>&1 ||
  { cat "$WORK/user.log"; die "ponte user create failed"; }
# Care roles too (granted on the server: an administrator cannot grant them to themselves), so that the care pages
# of a demo reception centre and a demo mental-health service, and the care audit trail, are scanned as well.
for grant in "care-operator CAS Villa Esempio (demo)" "care-clinician CSM Distretto Esempio (demo)" "data-protection"; do
  role=${grant%% *}
  org=${grant#"$role"}
  run ponte user set-role --email "$SCAN_EMAIL" --role "$role" ${org:+--org "${org# }"} >> "$WORK/user.log" 2>&1 ||
    { cat "$WORK/user.log"; die "granting $role failed"; }
done
RESET_TOKEN=$(grep -o '/password/reset/[A-Za-z0-9_-]*' "$WORK/user.log" | head -1 | sed 's#.*/##')
[ -n "$RESET_TOKEN" ] || die "no password link in the output of ponte user create"

log "4/8 server at $BASE"
"${PONTE_ENV[@]}" LOG_LEVEL=info node bin/ponte.js start > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null "$BASE/healthz" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$WORK/server.log"; die "the server stopped"; }
  sleep 1
done
curl -sf -o /dev/null "$BASE/healthz" || die "the server did not answer within 120 s"
if command -v ss >/dev/null 2>&1; then
  listeners=$(ss -Hltn "sport = :$PORT" | awk '{print $4}')
  [ -n "$listeners" ] && echo "$listeners" | grep -qv '^127\.0\.0\.1:' && die "the server listens beyond loopback: $listeners"
fi

# ---------------------------------------------------------------------------------------------------------------
log "5/8 sign-in over HTTP"
JAR="$WORK/cookies.txt"
csrf_of() { curl -s -c "$JAR" -b "$JAR" "$1" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//'; }
PASSWORD="scan-$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')"
token=$(csrf_of "$BASE/password/reset/$RESET_TOKEN")
[ -n "$token" ] || die "no CSRF token on the password page"
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$token" --data-urlencode "password=$PASSWORD" "$BASE/password/reset/$RESET_TOKEN")
[ "$status" = 303 ] || die "setting the password answered $status"
token=$(csrf_of "$BASE/signin")
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$token" --data-urlencode "email=$SCAN_EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/signin")
[ "$status" = 303 ] || die "signing in answered $status"
# Administrators must use a second factor: set up TOTP as the security page asks, with a code computed here.
setup=$(curl -s -c "$JAR" -b "$JAR" "$BASE/account/security/totp")
secret=$(grep -o 'data-testid="totp-secret">[A-Z2-7]*' <<<"$setup" | sed 's/.*>//')
sealed=$(grep -o 'name="sealed" value="[^"]*"' <<<"$setup" | sed 's/.*value="//;s/"$//')
token=$(grep -o 'name="_csrf" value="[^"]*"' <<<"$setup" | head -1 | sed 's/.*value="//;s/"$//')
[ -n "$secret" ] && [ -n "$sealed" ] || die "no TOTP set-up form for the scanning administrator"
code=$(TOTP_SECRET="$secret" node --input-type=module -e "import * as OTPAuth from 'otpauth'; console.log(new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(process.env.TOTP_SECRET) }).generate())")
status=$(curl -s -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" --data-urlencode "_csrf=$token" --data-urlencode "sealed=$sealed" --data-urlencode "code=$code" "$BASE/account/security/totp")
[ "$status" = 200 ] || die "setting up TOTP answered $status"
SESSION=$(awk '$6 == "ponte_session" {print $7}' "$JAR")
CSRF_COOKIE=$(awk '$6 == "ponte_csrf" {print $7}' "$JAR")
[ -n "$SESSION" ] && [ -n "$CSRF_COOKIE" ] || die "no session or CSRF cookie after signing in"
session_ok() { [ "$(curl -s -o /dev/null -w '%{http_code}' -b "ponte_session=$SESSION" "$BASE/admin")" = 200 ]; }
session_ok || die "the administrator's session does not open /admin"
AUTH_COOKIE="ponte_session=$SESSION; ponte_csrf=$CSRF_COOKIE"
# An anonymous visitor's CSRF cookie, fixed for sqlmap (which then ignores Set-Cookie) so that form tokens hold.
rm -f "$WORK/anon.txt"
curl -s -o /dev/null -c "$WORK/anon.txt" "$BASE/"
ANON_CSRF=$(awk '$6 == "ponte_csrf" {print $7}' "$WORK/anon.txt")
# wapiti's cookie file (wapiti-getcookie's JSON format).
printf '{"127.0.0.1": {"/": {"ponte_session": {"value": "%s", "expires": null, "secure": false, "port": null, "version": 0}, "ponte_csrf": {"value": "%s", "expires": null, "secure": false, "port": null, "version": 0}}}}\n' \
  "$SESSION" "$CSRF_COOKIE" > "$WORK/wapiti-cookie.json"
printf 'account\t%s\nroles\tadministrator, care-operator (CAS Villa Esempio), care-clinician (CSM Distretto Esempio), data-protection (and learner, granted to every account); TOTP set up\n' "$SCAN_EMAIL" > "$OUT/account.tsv"

# ---------------------------------------------------------------------------------------------------------------
# Phases run one after the other, so that the server's access log, cut at each phase's start and end, tells how
# many requests each scanner made and which routes answered 5xx.
PHASES="$OUT/phases.tsv"
printf 'phase\tscanner\ttarget\tfirst_log_line\tlast_log_line\tseconds\texit\tsession_after\n' > "$PHASES"
phase() { # phase NAME SCANNER TARGET -- command...
  local name=$1 scanner=$2 target=$3
  shift 4
  local from to t0 rc sess requests
  from=$(($(wc -l < "$WORK/server.log") + 1))
  t0=$(date +%s)
  log "phase $name: $scanner, $target"
  run "$@" > "$OUT/$name.log" 2>&1
  rc=$?
  to=$(wc -l < "$WORK/server.log")
  session_ok && sess=valid || sess=LOST
  requests=$(sed -n "${from},${to}p" "$WORK/server.log" | grep -c '"msg":"request completed"')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$scanner" "$target" "$from" "$to" "$(($(date +%s) - t0))" "$rc" "$sess" >> "$PHASES"
  log "phase $name done in $(($(date +%s) - t0)) s (exit $rc, $requests requests, session $sess)"
}

# wapiti 3.0.4 as Debian ships it, with two fixes applied in memory only: its wildcard patterns for -x put the
# regular-expression flags at the end, which Python 3.11 refuses (any -x crashes it); and it instantiates every
# attack module, among them wapp and nikto, which download their databases from the Internet. Only the modules
# asked for with -m are loaded here. (A third problem is met with an option below: wapiti asks for brotli, which
# Ponte serves, without the module that decodes it, so it saw no links or reflections in such pages.)
cat > "$WORK/wapiti.py" <<'PY'
import re, sys
import wapitiCore.net.crawler as crawler
from wapitiCore.attack import attack

def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")

crawler.wildcard_translate = wildcard_translate
wanted = set(sys.argv[sys.argv.index("-m") + 1].split(","))
attack.modules[:] = [m for m in attack.modules if m[4:] in wanted]
from wapitiCore.main.wapiti import wapiti_main
sys.argv[0] = "wapiti"
sys.exit(wapiti_main())
PY

# Kept away from every scanner: what ends the session or the account, what would make the administrator owe a
# second factor (role policies) or lose the role, and the xAPI forwarding settings (the only feature that makes
# Ponte call an address typed into a form).
EXCLUDED=(/signout /account/delete /account/sessions/ /admin/roles /admin/users/*/status /admin/users/*/roles/revoke /admin/xapi/forwarding)
wapiti_x=(--skip _csrf)
for x in "${EXCLUDED[@]}"; do wapiti_x+=(-x "$BASE$x*"); done
# The language switcher's form is on every page with another "next": wapiti would attack it once per page and
# spend its time there. sqlmap's crawl tests it as a form.
wapiti_x+=(-x "$BASE/language*")
SQLMAP_EXCLUDE='/signout|/account/delete|/account/sessions/|/admin/roles|/admin/users/[^/]+/(status|roles)|/admin/xapi/forwarding|/assets/|\.(css|js|png|jpe?g|svg|webp|ico|ics|pdf|csv|xlsx|zip|vtt|mp3|mp4|woff2?)(\?|$)'

wapiti_run() { # wapiti_run NAME [extra args]
  local name=$1
  shift
  exec timeout -k 15 $((WAPITI_CRAWL + 9 * WAPITI_ATTACK + 120)) "$PY" "$WORK/wapiti.py" -u "$BASE/" --scope folder \
    -m "$WAPITI_MODULES" -d 4 --max-files-per-dir 25 --max-links-per-page 80 -S normal \
    --max-scan-time "$WAPITI_CRAWL" --max-attack-time "$WAPITI_ATTACK" -t 8 --no-bugreport --endpoint http://127.0.0.1:9/ \
    -A "ponte-scan wapiti" -H "Accept-Encoding: gzip, deflate" \
    -f json -o "$OUT/$name.json" --store-session "$WORK/$name-session" --store-config "$WORK/$name-config" \
    -v 1 "${wapiti_x[@]}" "$@"
}

# What wapiti crawled and what each module attacked before its time ran out, from its session database.
wapiti_coverage() {
  local db
  db=$(ls "$WORK/$1-session/"*.db 2>/dev/null | head -1)
  [ -n "$db" ] || return 0
  "$PY" - "$db" > "$OUT/$1-coverage.tsv" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print("crawled\t%d" % c.execute("select count(*) from paths where evil = 0").fetchone()[0])
print("with_parameters\t%d" % c.execute("select count(distinct p.path_id) from paths p join params q on q.path_id = p.path_id where p.evil = 0 and q.type in ('GET', 'POST')").fetchone()[0])
print("forms\t%d" % c.execute("select count(*) from paths where evil = 0 and method = 'POST'").fetchone()[0])
for name, n in c.execute("select module_name, count(distinct path_id) from attack_log group by module_name order by module_name"):
    print("attacked:%s\t%d" % (name, n))
PY
}

log "6/8 wapiti"
phase wapiti-anon wapiti anonymous -- wapiti_run wapiti-anon
wapiti_coverage wapiti-anon
phase wapiti-auth wapiti "signed in (administrator)" -- wapiti_run wapiti-auth -c "$WORK/wapiti-cookie.json" \
  -s "$BASE/account" -s "$BASE/admin" -s "$BASE/admin/users" -s "$BASE/admin/organisations" -s "$BASE/admin/audit" \
  -s "$BASE/editor/news" -s "$BASE/editor/documents" -s "$BASE/editor/events" -s "$BASE/editor/pages" -s "$BASE/editor/media" \
  -s "$BASE/editor/newsletter/campaigns" -s "$BASE/editor/newsletter/subscribers" -s "$BASE/author/courses" \
  -s "$BASE/author/translations" -s "$BASE/trainer" -s "$BASE/trainer/grading" -s "$BASE/directory/manage" \
  -s "$BASE/guidelines/manage/comments" -s "$BASE/care" -s "$BASE/care/audit" -s "$BASE/care/settings/vulnerabilities" \
  -s "$BASE/learn" -s "$BASE/certificates" \
  -s "$BASE/api/me" -s "$BASE/api/organisations?q=a&page=1&size=5"
wapiti_coverage wapiti-auth

# ---------------------------------------------------------------------------------------------------------------
log "7/8 sqlmap"
# --union-cols: on a page that echoes its query, such as /search, the ORDER BY probe otherwise "finds" 99 columns
# and spends minutes on UNION queries before calling it a false positive.
SQLMAP_COMMON=(--batch --disable-coloring --dbms=PostgreSQL --risk=1 --time-sec=2 --timeout=10 --retries=1 --threads=1 --union-cols=1-10
  --drop-set-cookie --skip=_csrf,next --user-agent="ponte-scan sqlmap" --skip-waf)
sqlmap_run() { # sqlmap_run NAME SECONDS [args]
  local name=$1 seconds=$2
  shift 2
  mkdir -p "$OUT/$name"
  exec timeout -k 15 "$seconds" sqlmap "${SQLMAP_COMMON[@]}" --output-dir="$OUT/$name" --results-file="$OUT/$name/results.csv" \
    -t "$OUT/$name/traffic.txt" "$@"
}

cat > "$WORK/targets-anon.txt" <<EOF
$BASE/search?q=mental+health
$BASE/directory?q=centro&need=psychological-support&type=community-mental-health-centre&lang=ar&region=IT-62&city=Roma&open=1&referrals=1&page=1
$BASE/directory/export.csv?q=centro&need=trauma-care&city=Milano
$BASE/training?profession=psychologist&language=it&level=interdisciplinary&topic=migration-and-health
$BASE/news?project=eu-micare&tag=training&year=2025&page=1
$BASE/events?project=psychcare&when=past&page=1
$BASE/documents?project=eu-micare&wp=WP2&type=report&year=2025&q=report&page=1
$BASE/api/hsds/services?search=salute&region=IT-62&city=Roma&need=trauma-care&language=ar&page=1&per_page=5
$BASE/api/hsds/organizations?search=centro&page=1&per_page=5
$BASE/api/hsds/service_at_locations?search=centro&city=Napoli&page=1&per_page=5
$BASE/api/hsds/taxonomy_terms?search=trauma&page=1&per_page=5
EOF
cat > "$WORK/targets-auth.txt" <<EOF
$BASE/admin/users?q=example&page=1
$BASE/admin/organisations?q=centro&page=1
$BASE/admin/audit?action=signin&outcome=success&actor=00000000-0000-0000-0000-000000000000&page=1
$BASE/api/organisations?q=esempio&page=1&size=5
$BASE/directory/manage?tab=organizations&q=centro&page=1
$BASE/editor/newsletter/subscribers?q=example&status=confirmed&language=it&page=1
$BASE/guidelines/manage/comments?status=open&recommendation=R1
$BASE/care/indicators?from=2024-01-01&to=2025-12-31&region=IT-62&organisation=x
$BASE/care/audit?caseCode=RM-2025&actor=scan-admin%40example.org&from=2025-01-01&to=2026-12-31&outcome=denied&page=1
EOF
# The care lists of the centre and the service the account works in, found from the care home page.
care_home=$(curl -s -b "$AUTH_COOKIE" "$BASE/care")
centre=$(grep -o '/care/centres/[0-9a-f-]*/residents' <<<"$care_home" | head -1)
service=$(grep -o '/care/services/[0-9a-f-]*/inbox' <<<"$care_home" | head -1)
[ -n "$centre" ] && [ -n "$service" ] || die "the care home page links no centre or service of the scanning account"
cat >> "$WORK/targets-auth.txt" <<EOF
$BASE$centre?q=RM&status=open&page=1
${BASE}${centre%/residents}/referrals?status=all&urgency=urgent&overdue=yes&q=RM&page=1
$BASE$service?status=open&urgency=urgent&overdue=yes&q=RM&page=1
EOF
cp "$WORK/targets-anon.txt" "$OUT/sqlmap-targets-anon.txt"
cp "$WORK/targets-auth.txt" "$OUT/sqlmap-targets-auth.txt"

phase sqlmap-anon-list sqlmap "anonymous: known parameterised URLs" -- \
  sqlmap_run sqlmap-anon-list "$SQLMAP_LIST" -m "$WORK/targets-anon.txt" --level=1 --cookie="ponte_csrf=$ANON_CSRF"
phase sqlmap-anon-crawl sqlmap "anonymous: crawl from / (depth 2, forms, --smart)" -- \
  sqlmap_run sqlmap-anon-crawl "$SQLMAP_CRAWL" -u "$BASE/" --crawl=2 --crawl-exclude="$SQLMAP_EXCLUDE" --forms --smart --level=1 \
  --cookie="ponte_csrf=$ANON_CSRF"
phase sqlmap-auth-list sqlmap "signed in: known parameterised URLs (cookies tested too, level 2)" -- \
  sqlmap_run sqlmap-auth-list "$SQLMAP_AUTH_LIST" -m "$WORK/targets-auth.txt" --level=2 --skip=_csrf,next,ponte_csrf \
  --cookie="$AUTH_COOKIE"
phase sqlmap-auth-crawl sqlmap "signed in: crawl from /admin (depth 2, GET only, --smart)" -- \
  sqlmap_run sqlmap-auth-crawl "$SQLMAP_AUTH_CRAWL" -u "$BASE/admin" --crawl=2 --crawl-exclude="$SQLMAP_EXCLUDE" --smart --level=1 \
  --cookie="$AUTH_COOKIE"

# ---------------------------------------------------------------------------------------------------------------
log "8/8 summary"
cp "$WORK/server.log" "$OUT/server.log"
echo "$(($(date +%s) - STARTED))" > "$OUT/elapsed-seconds"
node scripts/scan-summary.mjs "$OUT"
exit $?
