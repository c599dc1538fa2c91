#!/usr/bin/env bash
# porch — the Debian package in a throwaway Debian 12 (bookworm) chroot: built with
# scripts/package (or PORCH_DEB=FILE), installed with its dependencies next to a
# MariaDB, checked (files, account, modes, conffile, porchd -t on the installed
# config, porchctl migrate, porchd serving /healthz through its socket), then
# purged: nothing may be left but the "porch" account, which Debian keeps.
# Needs root, debootstrap and the network mirror (about 5 minutes and 60 MB of
# downloads): run it with scripts/test-package. TAP on stdout.
#   PORCH_CHROOT=DIR   where the chroot goes (default: a new /tmp/porch-chroot.*),
#                      removed at the end unless PORCH_KEEP_CHROOT=1
#   PORCH_MIRROR=URL   the Debian mirror (default: the machine's own, from
#                      /etc/apt/sources.list.d/debian.sources or sources.list)
#   PORCH_DEB_CACHE=DIR  where the downloaded Debian packages are kept for the next
#                      run (default /var/cache/porch-test-package; "" for none)
set -eu

top_srcdir=$(cd "${top_srcdir:-$(dirname "$0")/../..}" && pwd)

if [ "$(id -u)" -ne 0 ] || ! command -v debootstrap >/dev/null; then
	echo "1..0 # SKIP needs root and debootstrap (scripts/test-package)"
	exit 0
fi

n=0
failed=0
ok() {			# ok DESC CMD...: passes when CMD succeeds
	local desc=$1
	shift
	n=$((n + 1))
	if "$@" >>"$log" 2>&1; then
		echo "ok $n - $desc"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc"
		tail -n 15 "$log" | sed 's/^/# /'
	fi
}
is() {			# is DESC GOT WANT
	n=$((n + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1"
		printf '# got:  %s\n# want: %s\n' "$2" "$3"
	fi
}

root=${PORCH_CHROOT:-$(mktemp -d /tmp/porch-chroot.XXXXXX)}
# mktemp makes it 0700: the chroot's "/" must let MariaDB's and porch's accounts in.
chmod 0755 "$root"
log=$(mktemp /tmp/porch-package-test.XXXXXX.log)
mounts=()
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
cleanup() {
	if [ -s "$root/run/mysqld/mysqld.pid" ]; then
		kill "$(cat "$root/run/mysqld/mysqld.pid")" 2>/dev/null || true
		for _ in $(seq 1 50); do
			[ -e "$root/run/mysqld/mysqld.pid" ] || break
			sleep 0.2
		done
	fi
	if [ -n "${porchd_pid:-}" ]; then
		kill "$porchd_pid" 2>/dev/null || true
		wait "$porchd_pid" 2>/dev/null || true
	fi
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}" || true
	done
	if [ "${PORCH_KEEP_CHROOT:-0}" != 1 ] && [ -d "$root" ]; then
		# Never remove through a mount that is still there.
		if ! grep -q " $root/" /proc/mounts; then
			rm -rf "$root"
		fi
	fi
	[ -z "${out:-}" ] || rm -rf "$out"
	echo "# log: $log"
}
trap cleanup EXIT

# The mirror this machine uses for bookworm.
mirror=${PORCH_MIRROR:-}
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list.d/debian.sources ]; then
	mirror=$(awk '/^URIs:/ { uri = $2 } /^Suites:/ && / bookworm( |$)/ && uri != "" {
		print uri; exit }' /etc/apt/sources.list.d/debian.sources)
fi
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list ]; then
	mirror=$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list)
fi
mirror=${mirror:-http://deb.debian.org/debian}

deb=${PORCH_DEB:-}
if [ -z "$deb" ]; then
	out=$(mktemp -d /tmp/porch-package-deb.XXXXXX)
	"$top_srcdir/scripts/package" "$out" >>"$log" 2>&1 || {
		echo "Bail out! scripts/package failed (log: $log)"
		exit 1
	}
	deb=$(ls "$out"/porch_*.deb)
fi
echo "# package $deb, mirror $mirror, chroot $root"

cache=${PORCH_DEB_CACHE-/var/cache/porch-test-package}
cache_args=()
if [ -n "$cache" ]; then
	mkdir -p "$cache/debootstrap" "$cache/apt/partial"
	cache_args=(--cache-dir="$cache/debootstrap")
fi
ok "debootstrap --variant=minbase bookworm" \
	debootstrap --variant=minbase "${cache_args[@]}" bookworm "$root" "$mirror"
mkdir -p "$root/proc"
mount -t proc proc "$root/proc" && mounts+=("$root/proc")
if [ -n "$cache" ]; then
	mount --bind "$cache/apt" "$root/var/cache/apt/archives" &&
		mounts+=("$root/var/cache/apt/archives")
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
case $mirror in
https:*)
	mkdir -p "$root/etc/ssl/certs"
	cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/" ;;
esac
echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
# No service starts by itself in the chroot: the test starts MariaDB.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 0755 "$root/usr/sbin/policy-rc.d"

ok "apt-get installs MariaDB and systemd (for its tmpfiles and sysusers tools)" \
	in_root sh -c 'apt-get update -q &&
		apt-get install -y -q --no-install-recommends mariadb-server systemd'
cp "$deb" "$root/tmp/porch.deb"
depends=$(dpkg-deb -f "$deb" Depends)
ok "apt-get satisfies the package's Depends ($depends)" \
	in_root apt-get satisfy -y -q --no-install-recommends "$depends"

mkdir -p "$root/run/mysqld"
in_root chown mysql:mysql /run/mysqld
in_root sh -c 'mariadbd --user=mysql --skip-networking \
	--socket=/run/mysqld/mysqld.sock --pid-file=/run/mysqld/mysqld.pid \
	>/var/log/mariadbd-test.log 2>&1 &'
for _ in $(seq 1 100); do
	in_root mariadb-admin ping >/dev/null 2>&1 && break
	sleep 0.3
done
ok "MariaDB runs in the chroot" in_root mariadb-admin ping
ok "a database and its user for porch" in_root mariadb -e "
	CREATE DATABASE porch CHARACTER SET utf8mb4;
	CREATE USER porch@localhost IDENTIFIED BY 'package-test';
	GRANT ALL ON porch.* TO porch@localhost;"

# Every file before the package, to compare after its purge. Left out: what
# apt, dpkg, MariaDB and the logs change by themselves.
snapshot() {
	in_root find / -xdev \( -path /proc -o -path /tmp -o -path /var/cache \
		-o -path /var/log -o -path /var/lib/dpkg -o -path /var/lib/apt \
		-o -path /var/lib/mysql -o -path /run/mysqld \) -prune -o -print | sort
}
snapshot >"$root/tmp/before.list"

ok "dpkg -i installs the package" in_root dpkg -i /tmp/porch.deb
ok "the package is installed" in_root dpkg-query -W -f='${Status}\n' porch
for f in /usr/sbin/porchd /usr/bin/porchctl /usr/share/porch/schema/001_init.sql \
	/usr/share/porch/static/porch.css /usr/share/porch/nginx/porch.conf \
	/usr/share/porch/apache/porch.conf /usr/lib/tmpfiles.d/porch.conf \
	/usr/share/man/man8/porchd.8.gz /usr/share/man/man8/porchctl.8.gz \
	/usr/share/doc/porch/examples/porch.conf.example; do
	ok "installed: $f" test -s "$root$f"
done
for u in porchd.service porchd.socket porch-outbox.service porch-webhooks.service \
	porch-ical.service porch-purge.service porch-purge.timer; do
	ok "systemd unit $u" test -s "$root/lib/systemd/system/$u"
done
is "the units run the installed programs" \
	"$(grep -ho '^Exec[A-Za-z]*=[^ ]*' "$root"/lib/systemd/system/porch*.service |
		sed 's/^[^=]*=//' | sort -u | tr '\n' ' ')" "/bin/kill /usr/bin/porchctl /usr/sbin/porchd "
is "/etc/porch/porch.conf is a conffile" \
	"$(in_root dpkg-query -W -f='${Conffiles}\n' porch | awk 'NF { print $1 }')" \
	"/etc/porch/porch.conf"
is "no unit is enabled or started by the install" \
	"$(find "$root/etc/systemd/system" -name 'porch*' | wc -l)" 0

# The account, and who may read and write what.
ok "the porch system account" in_root sh -c \
	'uid=$(id -u porch) && [ "$uid" -lt 1000 ] && getent passwd porch | grep -q nologin'
stat_of() { in_root stat -c '%U:%G %a' "$1"; }
is "/etc/porch/porch.conf mode" "$(stat_of /etc/porch/porch.conf)" "root:porch 640"
is "/etc/porch/secret.conf mode" "$(stat_of /etc/porch/secret.conf)" "root:porch 640"
is "/var/lib/porch/documents mode" "$(stat_of /var/lib/porch/documents)" \
	"porch:www-data 2750"
is "/run/porch made by tmpfiles.d" "$(stat_of /run/porch)" "porch:porch 755"
ok "the secret key is 64 hex digits" \
	grep -Eq '^secret_key = "[0-9a-f]{64}";$' "$root/etc/porch/secret.conf"

# What porchd needs beyond its libraries: the font of the PDF statements
# (fontconfig's "Sans"), and the time zone data.
is "every library of porchd and porchctl is found" \
	"$(in_root ldd /usr/sbin/porchd /usr/bin/porchctl | grep -c 'not found')" 0
ok "porchd links cairo and pango (the PDF statements)" sh -c \
	"chroot '$root' ldd /usr/sbin/porchd | grep -q libpangocairo"
ok "the PDF statements' font is installed" \
	test -s "$root/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ok "the time zone data is installed" test -s "$root/usr/share/zoneinfo/Europe/Berlin"

is "porchd -t on the installed config" \
	"$(in_root porchd -t -c /etc/porch/porch.conf 2>&1)" \
	"porchd: /etc/porch/porch.conf: configuration is valid"
is "the installed config reads the packaged schema" \
	"$(grep -c '^schema_dir = "/usr/share/porch/schema";' "$root/etc/porch/porch.conf")" 1

# The operator's step: the database password.
sed -i 's/^  password = "";$/  password = "package-test";/' "$root/etc/porch/porch.conf"
ok "porchctl migrate against MariaDB" in_root porchctl migrate
is "the schema is there" \
	"$(in_root mariadb -N porch -e "SELECT COUNT(*) > 20 FROM information_schema.tables
		WHERE table_schema = 'porch'")" 1
ok "porchctl migrate again applies nothing and succeeds" in_root porchctl migrate
ok "porchctl tenant add" in_root porchctl tenant add acme "Acme Rentals"

# porchd itself, started as root on a socket of its own: workers serve as porch
# and answer /healthz from the database.
sed -e 's|^listen = "fd:3";|listen = "unix:/run/porch/test.sock";|' \
	"$root/etc/porch/porch.conf" >"$root/etc/porch/test.conf"
chmod 0600 "$root/etc/porch/test.conf"
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
	porchd -c /etc/porch/test.conf >>"$log" 2>&1 &
porchd_pid=$!		# chroot and env exec: this is porchd's master
for _ in $(seq 1 50); do
	[ -S "$root/run/porch/test.sock" ] && break
	sleep 0.2
done
health=$(python3 "$top_srcdir/tests/lib/fcgi_client.py" "$root/run/porch/test.sock" \
	--uri /healthz 2>>"$log" | tr -d '\r' | head -n 1)
is "porchd answers /healthz through its socket" "$health" "Status: 200 OK"
is "porchd's workers serve as porch" \
	"$(ps -o uid= --ppid "$porchd_pid" | sort -u | tr -d ' \n')" \
	"$(in_root id -u porch)"
kill "$porchd_pid"
wait "$porchd_pid" || true
porchd_pid=
rm -f "$root/etc/porch/test.conf"

ok "dpkg --purge removes the package" in_root dpkg --purge porch
is "the package is gone" \
	"$(in_root dpkg-query -W -f='${db:Status-Status}' porch 2>/dev/null || echo not-installed)" \
	not-installed
ok "no ownership override is left" sh -c \
	"! chroot '$root' dpkg-statoverride --list | grep -q porch"
snapshot >"$root/tmp/after.list"
# Debian keeps system accounts after a purge (their files could still be owned).
leftover=$(comm -13 "$root/tmp/before.list" "$root/tmp/after.list" |
	grep -Ev '^/etc/(passwd|group|shadow|gshadow)-?$' || true)
is "no file is left by the purge but the account's" "$leftover" ""
removed=$(comm -23 "$root/tmp/before.list" "$root/tmp/after.list")
is "the purge removed nothing it had not made" "$removed" ""

echo "1..$n"
[ "$failed" -eq 0 ]
