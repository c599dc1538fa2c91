#!/usr/bin/env bash
# porch — integration test of who gets mail and what it may carry, through nginx and
# the SMTP sink: an MFA notice goes only to the person it concerns (email login, or
# the contact the user is; never the customer's address); a block-off reason is
# quoted as the user's, on one bounded line, and its days are written as people
# write them in the subject, the text and the HTML; notify.bookings has one holder per
# property, enforced when grants are added, when a group gains it, when grants move
# to a group and for the default group (409 naming the holder, nothing written);
# a holder without an email address is named in the admins' mail; links keep the
# port the visitor used. TAP on stdout.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx curl
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

stack_setup --smtp
sql "INSERT INTO customers (tenant_id, name, email) VALUES ($ACME, 'Ada Owner', 'ada-owner@customer.test');
	SET @c = LAST_INSERT_ID();
	INSERT INTO contacts (tenant_id, customer_id, name, email) VALUES ($ACME, @c, 'Cleo Contact', 'cleo@contact.test');
	INSERT INTO properties (tenant_id, customer_id, name) VALUES
	  ($ACME, @c, 'Ada Beach House'), ($ACME, @c, 'Ada Cabin');
	INSERT INTO permission_groups (tenant_id, name, permissions) VALUES
	  ($ACME, 'Notify', 'notify.bookings'), ($ACME, 'Plain', 'calendar.view'),
	  ($ACME, 'Blockers', 'calendar.view,blocks.create');"
for u in ada@acme.test adauser cleouser nina@acme.test nora@acme.test ninauser; do
	stack_portal_user acme 'Ada Owner' "$u" "$PW_OWNER"
done
sql "UPDATE portal_users SET login_is_email = (login LIKE '%@%') WHERE tenant_id = $ACME;
	UPDATE portal_users SET contact_id = (SELECT id FROM contacts WHERE name = 'Cleo Contact') WHERE login = 'cleouser'"
uid() { sql "SELECT id FROM portal_users WHERE login = '$1'"; }
gid() { sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND name = '$1'"; }
pid() { sql "SELECT id FROM properties WHERE tenant_id = $ACME AND name = '$1'"; }
CUST=$(sql "SELECT id FROM customers WHERE tenant_id = $ACME AND name = 'Ada Owner'")
HOUSE=$(pid 'Ada Beach House') CABIN=$(pid 'Ada Cabin')
NOTIFY=$(gid Notify) PLAIN=$(gid Plain) OWNERS=$(gid Owners)
stack_grant acme ada@acme.test Blockers 'customer:Ada Owner'
stack_serve

js=$(jar staff)
staff_signs_in "$js"
# spost PATH ARGS...: a staff POST with a CSRF token.
spost() { csrf_post "$js" /staff/customers "$@"; }

# --- MFA notices: the person's own address, or nobody. ---
spost /staff/users/mfa --data-urlencode "user=$(uid adauser)" --data-urlencode "do=require"
check_eq "$HTTP_STATUS" 303 "staff require MFA of adauser (a username, no contact)"
spost /staff/users/mfa --data-urlencode "user=$(uid cleouser)" --data-urlencode "do=require"
check_eq "$HTTP_STATUS" 303 "...and of cleouser (a username, the contact Cleo)"
spost /staff/users/mfa --data-urlencode "user=$(uid nina@acme.test)" --data-urlencode "do=require"
outbox_send
check_eq "$(mails_to ada-owner@customer.test)" 0 "adauser's notice does not go to the customer's address (another person)"
check_eq "$(sql "SELECT COUNT(*) FROM outbox WHERE subject LIKE 'Two-step%' AND to_addr NOT IN ('cleo@contact.test', 'nina@acme.test')")" 0 \
	"...nor anywhere else"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'mfa.require' AND target_id = $(uid adauser)")" 1 \
	"...the change is in the audit log"
check_eq "$(mails_to cleo@contact.test)" 1 "cleouser's notice goes to the contact they are"
check_contains "$(mail_body_to cleo@contact.test)" "Hello Cleo Contact," "...greeting them by name"
check_eq "$(mails_to nina@acme.test)" 1 "an email login gets its notice there"

# --- A block-off reason is quoted as the user's, on one bounded line. ---
REASON=$(printf 'Owner stay\r\n\r\nSECURITY TEAM NOTICE: your password expires today.\r\nSign in again at https://acme-rentals.example/login within 24 hours.\r\n\r\n-- The Acme Rentals security team %s' \
	"$(printf 'x%.0s' $(seq 1 60))")
ja=$(jar ada)
owner_signs_in "$ja" ada@acme.test
req "$ja" "$P" acme.test "/portal/calendar?property=$HOUSE&month=2027-03"
tok=$(csrf_of "$HTTP_BODY")
req "$ja" "$P" acme.test /portal/blocks/new --data-urlencode "csrf=$tok" --data-urlencode "property=$HOUSE" \
	--data-urlencode "start=2027-03-01" --data-urlencode "end=2027-03-03" --data-urlencode "reason=$REASON"
check_eq "$HTTP_STATUS" 303 "Ada adds a block-off with a reason of many lines"
check_eq "$(sql "SELECT LOCATE('SECURITY TEAM', reason) > 0 FROM blocks ORDER BY id DESC LIMIT 1")" 1 "...stored as she wrote it"
outbox_send
body=$(mail_body_to office@acme.test)
check_contains "$body" 'Reason given by ada@acme.test: "Owner stay SECURITY TEAM NOTICE: your password expires today. Sign in again at' \
	"the admin's mail quotes the reason as Ada's, on one line"
check_not_match "$body" '^(SECURITY|Sign in again|-- The Acme)' "...no line of it stands on its own"
line=$(printf '%s\n' "$body" | grep '^Reason given by ')
quoted=${line#*: \"}
quoted=${quoted%\"}
check_eq "$(printf '%s' "$quoted" | python3 -c 'import sys; print(len(sys.stdin.read()))')" 160 \
	"...cut to 160 characters"
check_match "$quoted" '…$' "...ending in an ellipsis"
check_eq "$(printf '%s\n' "$body" | grep -c '^Reason given by ')" 1 "...and it is one line"
check_contains "$(mail_part "$(mail_file_to office@acme.test)" subject)" \
	"Block-off added at Ada Beach House: Mon 1 Mar 2027 to Wed 3 Mar 2027" "the subject names the days as people write them"
check_contains "$body" "Dates: Mon 1 Mar 2027 to Wed 3 Mar 2027 (the last day is the first free one)." "...as does the text"
check_contains "$(mail_html_to office@acme.test)" "Dates: Mon 1 Mar 2027 to Wed 3 Mar 2027" "...and the HTML part"
check_eq "$(printf '%s\n' "$body" | internal_words)$(mail_html_to office@acme.test | internal_words)" "" \
	"...with no day written as YYYY-MM-DD in either"

# --- notify.bookings: one holder per property. ---
PAGE() { printf '/staff/portal-users/%s' "$(uid "$1")"; }
grants_of() { sql "SELECT COUNT(*) FROM access_grants WHERE portal_user_id = $(uid "$1") AND group_id = $2"; }
spost "$(PAGE nina@acme.test)/grants/add" --data-urlencode "group=$NOTIFY" \
	--data-urlencode scope=property --data-urlencode "property=$HOUSE"
check_eq "$HTTP_STATUS" 303 "Nina gets notify.bookings for the Beach House"
spost "$(PAGE nora@acme.test)/grants/add" --data-urlencode "group=$NOTIFY" \
	--data-urlencode scope=customer --data-urlencode "customer=$CUST"
check_eq "$HTTP_STATUS" 409 "Nora cannot get it for all of Ada's properties: 409"
check_contains "$HTTP_BODY" "nina@acme.test holds it already for Ada Beach House" "...naming the holder and where"
check_eq "$(grants_of nora@acme.test "$NOTIFY")" 0 "...and nothing is written"
spost "$(PAGE nora@acme.test)/grants/add" --data-urlencode "group=$NOTIFY" \
	--data-urlencode scope=property --data-urlencode "property=$CABIN"
check_eq "$HTTP_STATUS" 303 "Nora gets it for the Cabin, which nobody holds"
spost "$(PAGE nina@acme.test)/grants/add" --data-urlencode "group=$NOTIFY" --data-urlencode scope=all
check_eq "$HTTP_STATUS" 409 "Nina cannot get it for every property while Nora holds the Cabin"
check_contains "$HTTP_BODY" "nora@acme.test holds it already for Ada Cabin" "...naming Nora"
spost "$(PAGE nina@acme.test)/grants/add" --data-urlencode "group=$NOTIFY" \
	--data-urlencode scope=property --data-urlencode "property=$HOUSE" --data-urlencode "expires=2001-01-01"
check_eq "$HTTP_STATUS" 303 "an expired grant holds nothing and is no clash"

# A group gaining the permission.
spost "$(PAGE nora@acme.test)/grants/add" --data-urlencode "group=$PLAIN" \
	--data-urlencode scope=customer --data-urlencode "customer=$CUST"
check_eq "$HTTP_STATUS" 303 "Nora gets the Plain group for all of Ada's properties"
spost /staff/groups/edit --data-urlencode "group=$PLAIN" --data-urlencode "name=Plain" \
	--data-urlencode "perm=calendar.view" --data-urlencode "perm=notify.bookings" --data-urlencode "level=none" \
	--data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 409 "Plain cannot gain notify.bookings: Nora would hold it where Nina does"
check_contains "$HTTP_BODY" "nina@acme.test holds it already for Ada Beach House, so nora@acme.test cannot have it there too" \
	"...saying who holds it and who would"
check_eq "$(sql "SELECT permissions FROM permission_groups WHERE id = $PLAIN")" calendar.view "...and the group is unchanged"
# Grants moving to a group that has it.
spost /staff/groups/delete --data-urlencode "group=$PLAIN" --data-urlencode "move_to=$NOTIFY"
check_eq "$HTTP_STATUS" 409 "Plain's grants cannot move to Notify (the same clash)"
check_eq "$(grants_of nora@acme.test "$PLAIN") $(sql "SELECT COUNT(*) FROM permission_groups WHERE id = $PLAIN")" "1 1" \
	"...nothing moved, nothing deleted"
# The default group goes to every new user.
spost /staff/groups/default --data-urlencode "group=$NOTIFY"
check_eq "$HTTP_STATUS" 409 "a group with notify.bookings cannot become the default group"
check_contains "$HTTP_BODY" "Every new portal user gets the default group (Notify)" "...saying why"
check_eq "$(sql "SELECT is_default FROM permission_groups WHERE id = $OWNERS")" 1 "...Owners stays the default"
spost /staff/groups/edit --data-urlencode "group=$OWNERS" --data-urlencode "name=Owners" \
	--data-urlencode "perm=calendar.view" --data-urlencode "perm=notify.bookings" --data-urlencode "level=none" \
	--data-urlencode "filter=all"
check_eq "$HTTP_STATUS" 409 "the default group cannot gain notify.bookings"
check_eq "$(sql "SELECT FIND_IN_SET('notify.bookings', permissions) FROM permission_groups WHERE id = $OWNERS")" 0 \
	"...and stays without it"

# A holder without an email address: the admins are told, not left to guess.
sql "DELETE FROM access_grants WHERE portal_user_id = $(uid nina@acme.test) AND group_id = $NOTIFY"
spost "$(PAGE ninauser)/grants/add" --data-urlencode "group=$NOTIFY" \
	--data-urlencode scope=property --data-urlencode "property=$HOUSE"
check_eq "$HTTP_STATUS" 303 "ninauser (a username, no contact) gets notify.bookings for the Beach House"
before=$(stack_smtp_count)
req "$ja" "$P" acme.test "/portal/calendar?property=$HOUSE&month=2027-03"
tok=$(csrf_of "$HTTP_BODY")
req "$ja" "$P" acme.test /portal/blocks/new --data-urlencode "csrf=$tok" --data-urlencode "property=$HOUSE" \
	--data-urlencode "start=2027-04-01" --data-urlencode "end=2027-04-03"
check_eq "$HTTP_STATUS" 303 "Ada adds another block-off"
outbox_send
check_eq "$(($(stack_smtp_count) - before))" 1 "one mail is sent, to the admin"
check_contains "$(mail_body_to office@acme.test)" "Not sent to ninauser, who gets this property's booking mail (the right \"Receive booking emails\")" \
	"...saying whom it did not reach and why"
check_eq "$(mail_body_to office@acme.test | internal_words)$(mail_html_to office@acme.test | internal_words)" "" \
	"...by the right's name people read, in text and HTML"
check_eq "$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'mail.notify_unmailed' AND target_id = $(uid ninauser)")" 1 \
	"...and the audit log has it"

# --- Links keep the port the visitor used. ---
stack_porchctl tokenlink issue acme >/dev/null
req "$js" "$P" acme.test "/staff/customers/$CUST"
check_contains "$HTTP_BODY" "value=\"http://acme.test:$P/t/" "the staff page's token link has the port the staff member used"
req "$js" "$P" acme.test "/staff/customers/$CUST" -H "Host: acme.test:80"
check_contains "$HTTP_BODY" 'value="http://acme.test/t/' "...and none for the scheme's default port"
