#!/usr/bin/env bash
# porch — browser journeys: Playwright (playwright-core from npm, pinned in
# package-lock.json) drives Debian's Chromium against a private MariaDB,
# porchd and the shipped nginx config. Every tests/browser/*.test.mjs runs
# under `node --test`; its TAP is flattened (tap-flatten.awk) so each test
# counts once. TAP on stdout. Run alone with:  bash tests/browser/run.sh
# (or bash tests/browser/run.sh FILE.test.mjs... for those journeys alone)
# A failed run keeps its temp dir (logs, failure screenshots) and names it.
# PORCH_CHROMIUM overrides the browser (default /usr/bin/chromium);
# BROWSER_TIMEOUT the limit for the whole node run in seconds (default 1500).
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

browser_src=$top_srcdir/tests/browser
chromium_bin=${PORCH_CHROMIUM:-/usr/bin/chromium}

[ -x "$chromium_bin" ] || tap_skip_all "chromium is not installed ($chromium_bin)"
command -v node >/dev/null || tap_skip_all "node is not installed"

run_start=$(stack_now_ms)

# ---------------------------------------------------------------------------
# Node, playwright-core and axe-core (the accessibility rules layout.test.mjs
# runs in every page). `node --test-reporter` needs Node 18.15 or later
# (bookworm has 18.20); playwright-core 1.61 is the last release that runs on
# Node 18.

node_version=$(node --version)
node_ok=$(node -e 'const [a, b] = process.versions.node.split(".").map(Number);
	console.log(a > 18 || (a === 18 && b >= 15) ? 1 : 0)')
if [ "$node_ok" != 1 ]; then
	t_fail "node is recent enough for node --test-reporter (18.15 or later)" \
		"found node $node_version"
	exit 0
fi

# npm ci only when node_modules is missing or package-lock.json changed since
# the last install (the stamp holds the lock file's hash). --ignore-scripts:
# nothing may download a browser.
npm_install() {
	local lock=$browser_src/package-lock.json
	local stamp=$browser_src/node_modules/.porch-lock-stamp want
	want=$(sha256sum <"$lock" | cut -d' ' -f1)
	if [ -f "$browser_src/node_modules/playwright-core/package.json" ] \
		&& [ -f "$browser_src/node_modules/axe-core/axe.min.js" ] \
		&& [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
		NPM_DID=reused
		return 0
	fi
	command -v npm >/dev/null || { echo "npm is not installed" >"$T/npm.log"; return 1; }
	NPM_DID="npm ci"
	(cd "$browser_src" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci \
		--ignore-scripts --no-audit --no-fund --loglevel=error) \
		>"$T/npm.log" 2>&1 || return 1
	printf '%s\n' "$want" >"$stamp"
}
rc=0; npm_install || rc=$?
pw_version=$(node -p 'require(process.argv[1]).version' \
	"$browser_src/node_modules/playwright-core/package.json" 2>/dev/null || echo '?')
axe_version=$(node -p 'require(process.argv[1]).version' \
	"$browser_src/node_modules/axe-core/package.json" 2>/dev/null || echo '?')
if [ "$rc" = 0 ]; then
	t_ok "playwright-core $pw_version and axe-core $axe_version in tests/browser/node_modules ($NPM_DID)"
else
	t_fail "playwright-core installs from package-lock.json (npm ci)" \
		"$(tail -n 20 "$T/npm.log")"
	exit 0
fi

journeys=()
if [ $# -gt 0 ]; then
	for f in "$@"; do
		journeys+=("$browser_src/$(basename "$f")")
	done
else
	for f in "$browser_src"/*.test.mjs; do
		[ -e "$f" ] && journeys+=("$f")
	done
fi
if [ ${#journeys[@]} -eq 0 ]; then
	t_fail "tests/browser has journeys (*.test.mjs)"
	exit 0
fi

# ---------------------------------------------------------------------------
# The stack: database, tenant acme on acme.test, porchd, nginx.

for bin in porchd porchctl tests/porchd-test; do
	if [ ! -x "$top_builddir/$bin" ]; then
		t_fail "$bin is built (run make)"
		exit 0
	fi
done

stack_mariadb_start
# Mail (invitations) goes to a local sink; the journey runs the sender itself.
stack_smtp_start
export PORCH_SMTP_DIR=$SMTP_DIR PORCH_CONF=$T/porch.conf PORCH_PORCHCTL=$top_builddir/porchctl
# No cap on argon2 work at once (max_concurrent above the workers): journeys that
# node runs side by side may sign in at the same moment, and a 503 would fail them.
stack_porch_config 'argon2 = { t_cost = 1; m_cost = 8192; parallelism = 1; max_concurrent = 64; };' \
	"smtp = { port = $SMTP_PORT; starttls = \"off\"; from = \"portal@acme.test\"; };" \
	'ical = { allow_private = true; timeout = 5; max_bytes = 1048576; max_redirects = 2; };'
# An owner with a portal account (its hash made by porchctl for a throwaway staff
# account, then moved over), for the sign-in journey.
export PORCH_OWNER_LOGIN=owner@acme.test PORCH_OWNER_PASSWORD='owner password for the browser'
# A second owner for whom staff require MFA, for the enrolment journey.
export PORCH_MFA_LOGIN=mona@acme.test
# Restricted portal users for the portal journeys.
export PORCH_CLEANER_LOGIN=cleo@acme.test PORCH_INSPECTOR_LOGIN=ivy@acme.test
# A user of Ada's whose grant staff edit in the grants journey.
export PORCH_GRANTEE_LOGIN=gil@acme.test
# A user whom staff require to use MFA, for the layout journey's enrolment page.
export PORCH_LAYOUT_MFA_LOGIN=lena@acme.test
export PORCH_REPORTS_LOGIN=rita@acme.test
# An owner of Ada's whose calendar the calendar-sync journey fills (the import's
# feed server is on 127.0.0.1, hence ical.allow_private above).
export PORCH_ICAL_OWNER_LOGIN=olga@acme.test
rc=0
{
	stack_porchctl migrate &&
	stack_porchctl tenant add acme "Acme Rentals" &&
	stack_porchctl tenant set acme staff-mfa off &&
	stack_porchctl domain add acme.test acme &&
	# A second tenant with a brand colour, for the brand journey.
	stack_porchctl tenant add beta "Beta Homes" &&
	stack_porchctl domain add beta.test beta &&
	stack_mysql_porch -e "UPDATE tenants SET brand_color = '#7c3aed' WHERE slug = 'beta'" &&
	stack_portal_user acme 'Owner One' "$PORCH_OWNER_LOGIN" "$PORCH_OWNER_PASSWORD" &&
	stack_portal_user acme 'Mona Mfa' "$PORCH_MFA_LOGIN" "$PORCH_OWNER_PASSWORD" &&
	stack_portal_user acme 'Owner One' "$PORCH_LAYOUT_MFA_LOGIN" "$PORCH_OWNER_PASSWORD" &&
	stack_mysql_porch -e "UPDATE portal_users SET mfa_required = 1
		WHERE login IN ('$PORCH_MFA_LOGIN', '$PORCH_LAYOUT_MFA_LOGIN')" &&
	stack_mysql_porch -e "
		INSERT INTO customers (tenant_id, name, email)
		  SELECT id, 'Ines Invitee', 'invitee@acme.test' FROM tenants WHERE slug = 'acme';" &&
	# Portal content; Bo Owner has no portal user, so his token link opens the
	# portal. Two restricted users of Ada's: a cleaner (guest names, no money) and
	# an inspector whose group the staff journey widens. Housekeepers (the
	# calendar and public documents) is the group the back-office journey chooses.
	stack_portal_fixture acme &&
	stack_mysql_porch -e "
		INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
		  SELECT id, 'Cleaners', 'calendar.view,booking.guest_name', 'none'
		  FROM tenants WHERE slug = 'acme';
		INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
		  SELECT id, 'Inspectors', 'calendar.view', 'none'
		  FROM tenants WHERE slug = 'acme';
		INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
		  SELECT id, 'Housekeepers', 'calendar.view,documents.public', 'none'
		  FROM tenants WHERE slug = 'acme';" &&
	stack_portal_user acme 'Ada Owner' "$PORCH_CLEANER_LOGIN" "$PORCH_OWNER_PASSWORD" &&
	stack_grant acme "$PORCH_CLEANER_LOGIN" Cleaners 'customer:Ada Owner' &&
	stack_portal_user acme 'Ada Owner' "$PORCH_INSPECTOR_LOGIN" "$PORCH_OWNER_PASSWORD" &&
	stack_grant acme "$PORCH_INSPECTOR_LOGIN" Inspectors 'property:Ada Beach House' &&
	stack_portal_user acme 'Ada Owner' "$PORCH_GRANTEE_LOGIN" "$PORCH_OWNER_PASSWORD" &&
	stack_grant acme "$PORCH_GRANTEE_LOGIN" Owners 'customer:Ada Owner' &&
	stack_portal_user acme 'Ada Owner' "$PORCH_ICAL_OWNER_LOGIN" "$PORCH_OWNER_PASSWORD" &&
	stack_grant acme "$PORCH_ICAL_OWNER_LOGIN" Owners 'customer:Ada Owner' &&
	stack_mysql_porch -e "
		INSERT INTO permission_groups (tenant_id, name, permissions, financial_level)
		  SELECT id, 'Reporters', 'calendar.view,booking.guest_name,statements.view,reports.view', 'all'
		  FROM tenants WHERE slug = 'acme';" &&
	stack_portal_user acme 'Ada Owner' "$PORCH_REPORTS_LOGIN" "$PORCH_OWNER_PASSWORD" &&
	stack_grant acme "$PORCH_REPORTS_LOGIN" Reporters 'customer:Ada Owner'
} >"$T/setup.out" 2>&1 || rc=$?
export PORCH_BO_ID PORCH_ADA_ID
PORCH_BO_ID=$(stack_mysql_porch -N -e "SELECT id FROM customers WHERE name = 'Bo Owner'")
PORCH_ADA_ID=$(stack_mysql_porch -N -e "SELECT id FROM customers WHERE name = 'Ada Owner'")
# documents.dir belongs to porchd's user, which makes the tenant's directory.
mkdir -p "$T/documents"
[ -z "$PORCHD_USER" ] || chown "$PORCHD_USER" "$T/documents"
ok "$rc" "stack: schema migrated, tenant acme on acme.test with a portal user"
[ "$rc" = 0 ] || { tap_diag "$(cat "$T/setup.out")"; exit 0; }
# A staff admin, for the log-in-as journey.
export PORCH_ADMIN_EMAIL=admin@acme.test PORCH_ADMIN_PASSWORD='admin password for the browser'
printf '%s\n' "$PORCH_ADMIN_PASSWORD" |
	stack_porchctl staff add acme "$PORCH_ADMIN_EMAIL" --admin >>"$T/setup.out" 2>&1
# The test build of porchd: the MFA journey sets its TOTP clock (tests/lib/totp_clock.c).
PORCHD=$top_builddir/tests/porchd-test
export PORCH_TEST_TOTP_CLOCK=$T/totp.clock
echo $(($(date +%s) / 30 * 30 + 10)) >"$PORCH_TEST_TOTP_CLOCK"
chmod 644 "$PORCH_TEST_TOTP_CLOCK"  # porchd's workers do not run as root
stack_porchd_start
stack_nginx_start
stack_ready_ms=$(($(stack_now_ms) - run_start))

# ---------------------------------------------------------------------------
# The journeys.

mkdir -p "$T/browser/xdg-config" "$T/browser/xdg-cache"
export PORCH_NGINX_PORT=$NGINX_PORT
export PORCH_BASE_URL="http://acme.test:$NGINX_PORT/"
export PORCH_BROWSER_DIR=$T/browser
export PORCH_CHROMIUM=$chromium_bin
export PORCH_LOG=$T/porchd.log

node_start=$(stack_now_ms)
node_rc=0
(
	cd "$browser_src"
	XDG_CONFIG_HOME=$T/browser/xdg-config XDG_CACHE_HOME=$T/browser/xdg-cache \
		exec timeout -k 5 "${BROWSER_TIMEOUT:-1500}" \
		node --test --test-reporter=tap "${journeys[@]}"
) >"$T/browser/node.tap" 2>"$T/browser/node.err" </dev/null || node_rc=$?
node_ms=$(($(stack_now_ms) - node_start))

failed_before=$TAP_FAILED
results=0
while IFS=$'\t' read -r kind text; do
	case $kind in
	ok)
		results=$((results + 1))
		t_ok "$text"
		;;
	notok)
		results=$((results + 1))
		case $text in
		*'# TODO'* | *'# todo'*)   # an expected failure: not counted as one
			TAP_USED=1
			TAP_N=$((TAP_N + 1))
			printf 'not ok %d - %s\n' "$TAP_N" "$text"
			;;
		*) t_fail "$text" ;;
		esac
		;;
	diag) tap_diag "$text" ;;
	esac
done < <(awk -f "$browser_src/tap-flatten.awk" "$T/browser/node.tap")

if [ "$node_rc" = 124 ] || [ "$node_rc" = 137 ]; then
	t_fail "browser run finished within ${BROWSER_TIMEOUT:-1500} s" \
		"$(tail -n 20 "$T/browser/node.err")"
elif [ "$results" = 0 ] || { [ "$node_rc" != 0 ] && [ "$TAP_FAILED" = "$failed_before" ]; }; then
	t_fail "node --test ran the journeys (exit status $node_rc, $results results)" \
		"$(tail -n 20 "$T/browser/node.err")"
fi

tap_diag "timings: stack ready in ${stack_ready_ms} ms, journeys in ${node_ms} ms" \
	"(node $node_version, playwright-core $pw_version, $("$chromium_bin" --version 2>/dev/null))"

if [ "$TAP_FAILED" != 0 ]; then
	# Keep the temp dir: porchd/nginx logs, node's output, screenshots.
	STACK_KEEP=1
	tap_diag "logs and screenshots kept in $T (browser/screenshots/, browser/node.err)"
fi
