#!/usr/bin/env bash
# porch — integration test of the calendar import's fetching and reading
# (porchctl ical check URL) against a small HTTP server (tests/lib/ical_server.py)
# serving feeds shaped like Airbnb's, Vrbo's and Booking.com's exports and the
# answers a sync must survive: a 304 to If-None-Match, an HTML error page (with
# 503 or with 200), a 30 MB feed, a redirect to 127.0.0.1, endless redirects, a
# channel too slow; a loopback address refused unless ical.allow_private or listed
# in ical.allow_addresses, and then a redirect from a listed address to 127.0.0.1
# refused too. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd curl openssl python3

FEEDS_PORT=$(free_port)
python3 "$top_srcdir/tests/lib/ical_server.py" "$FEEDS_PORT" >"$T/feeds.log" 2>&1 &
stack_track_pid $!
stack_wait_port "$FEEDS_PORT" "$!" ical_server "$T/feeds.log" || stack_die "no feed server"
F="http://127.0.0.1:$FEEDS_PORT"

stack_mariadb_start
stack_porch_config 'ical = { allow_private = true; timeout = 2; max_bytes = 1048576; max_redirects = 2; };'
# check URL: porchctl ical check, its output in OUT, its status in RC.
check() { RC=0; OUT=$(stack_porchctl ical check "$1" 2>&1) || RC=$?; }

check "$F/airbnb.ics"
check_eq "$RC" 0 "an Airbnb-shaped feed is fetched and read"
check_contains "$OUT" '2 events, ETag "v1", Last-Modified Mon, 01 Mar 2027 10:00:00 GMT' \
	"...two events, with the channel's validators"
check_contains "$OUT" "$(printf '2027-03-05\t2027-03-10\tbooking\tactive\t1418fb94e984-2a6b2b2b8e4fb2b0@airbnb.com')" \
	"...the reservation from arrival to departure"
check_contains "$OUT" "$(printf '2027-03-25\t2027-04-01\tblock\tactive')" \
	"...\"Not available\" as a block-off"
check_not_contains "$OUT" "1234" "...and nothing of the guest's phone"
RC=0; OUT=$(stack_porchctl ical check "$F/airbnb.ics" --etag '"v1"' 2>&1) || RC=$?
check_eq "$RC" 0 "a conditional GET with the channel's ETag..."
check_eq "$OUT" 'not modified, ETag "v1"' "...is answered 304: nothing to read"
check "$F/vrbo.ics"
check_contains "$OUT" "$(printf '2027-04-12\t2027-04-15\tbooking\tactive\tvrbo-4711')" \
	"Vrbo: TZID times and a folded line"
check_contains "$OUT" "$(printf '2027-06-01\t2027-06-03\tbooking\tcancelled\tvrbo-4713')" \
	"...a CANCELLED event read as such"
check "$F/booking.ics"
check_contains "$OUT" "$(printf '2027-07-02\t2027-07-09\tblock\tactive')" "Booking.com: UTC times, CLOSED"

check "$F/error.ics"
check_eq "$RC" 1 "an HTML error page with 503 fails"
check_contains "$OUT" "the channel answered 503" "...saying so"
check "$F/html.ics"
check_eq "$RC" 1 "an HTML page with 200 fails"
check_contains "$OUT" "not an iCalendar" "...as not an iCalendar"
check "$F/big.ics"
check_eq "$RC" 1 "a 30 MB feed fails"
check_contains "$OUT" "larger than 1048576 bytes" "...at ical.max_bytes"
check "$F/loop.ics"
check_eq "$RC" 1 "endless redirects fail"
check_contains "$OUT" "more than 2 redirects" "...at ical.max_redirects"
check "$F/redirect.ics"
check_eq "$RC" 0 "with ical.allow_private a redirect to 127.0.0.1 is followed"
t0=$(stack_now_ms)
check "$F/slow.ics"
t1=$(stack_now_ms)
check_eq "$RC" 1 "a channel slower than ical.timeout fails"
check_eq "$([ $((t1 - t0)) -lt 4500 ] && echo yes)" yes "...after the timeout, not its answer"
check "$F/nothing.ics"
check_contains "$OUT" "the channel answered 404" "a missing feed fails"

# Without allow_private: nothing on loopback, directly or by redirect.
stack_porch_config
check "$F/airbnb.ics"
check_eq "$RC" 1 "without ical.allow_private plain http fails"
check "https://127.0.0.1:$FEEDS_PORT/airbnb.ics"
check_eq "$RC" 1 "...and so does https to 127.0.0.1"
check_contains "$OUT" "refused: 127.0.0.1 is a loopback, link-local or private address" \
	"...refused before connecting"
check "https://localhost:$FEEDS_PORT/redirect.ics"
check_contains "$OUT" "is a loopback, link-local or private address" \
	"...also when a name resolves to it"

# ical.allow_addresses lets porch reach one private address (a feed server on the
# operator's own network: here 127.0.0.2), and no other: a redirect from there to
# 127.0.0.1 is refused before connecting, though a server listens there.
stack_tls_cert feeds IP:127.0.0.1,IP:127.0.0.2
TLS_PORT=$(free_port)
for addr in 127.0.0.2 127.0.0.1; do
	python3 "$top_srcdir/tests/lib/ical_server.py" "$TLS_PORT" --bind "$addr" \
		--tls "$T/tls/feeds.pem" "$T/tls/feeds.key" >"$T/feeds-$addr.log" 2>&1 &
	stack_track_pid $!
	stack_wait_for "feed server on $addr" "$!" ical_server "$T/feeds-$addr.log" \
		grep -q listening "$T/feeds-$addr.log" || stack_die "no feed server on $addr"
done
stack_porch_config "ical = { allow_addresses = \"127.0.0.2\"; ca_file = \"$T/tls/ca.pem\"; };"
check "https://127.0.0.2:$TLS_PORT/airbnb.ics"
check_eq "$RC" 0 "an address in ical.allow_addresses is fetched over https"
check "https://127.0.0.2:$TLS_PORT/redirect.ics"
check_eq "$RC" 1 "a redirect from there to 127.0.0.1 fails"
check_contains "$OUT" "refused: 127.0.0.1 is a loopback, link-local or private address" \
	"...refused as a private address"
check_eq "$(grep -c 'GET /airbnb.ics' "$T/feeds-127.0.0.1.log")" 0 \
	"...before connecting: the server on 127.0.0.1 was never asked"
check "http://127.0.0.2:$FEEDS_PORT/airbnb.ics"
check_eq "$RC" 1 "a listed address is still https only"
check "https://127.0.0.3:$TLS_PORT/airbnb.ics"
check_contains "$OUT" "refused: 127.0.0.3 is a loopback" "...and its neighbour is refused"
stack_porch_config "ical = { allow_addresses = \"127.0.0.0/30\"; ca_file = \"$T/tls/ca.pem\"; };"
check "https://127.0.0.2:$TLS_PORT/redirect.ics"
check_eq "$RC" 0 "with 127.0.0.0/30 listed, the same redirect is followed"
check_eq "$(grep -c 'GET /airbnb.ics' "$T/feeds-127.0.0.1.log")" 1 \
	"...to the server on 127.0.0.1"
