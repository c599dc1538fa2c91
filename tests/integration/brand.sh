#!/usr/bin/env bash
# porch — integration test of the tenant's brand: an admin sets the logo (real PNG,
# JPEG and WebP files taken; a renamed text file, an image over the pixel limit and
# one over 1 MiB refused, nothing written), the colour and the mail sender name on
# /staff/brand (admins only, CSRF, audited); nginx and Apache send the logo and the
# colour's stylesheet from the tenant's directory without asking porchd; the
# sign-in, portal and staff pages and every error page (400, 403, CSRF, 404, 409,
# 503) carry the tenant's name, logo and colour with a link home, and a second
# tenant's pages none of it; a tenant's mail comes from its sender name with a text
# and an HTML part, the HTML well-formed with the data escaped. TAP.
set -eu
. "$(cd "$(dirname "$0")/../lib" && pwd)/stack.sh"

stack_require mariadbd nginx apache2 curl python3 sha256sum
stack_smtp_python >/dev/null || tap_skip_all "python3-aiosmtpd not installed"

# Every request reads its tenant afresh, so a change shows in every worker at once.
export PORCH_TENANT_CACHE_SECONDS=0
stack_setup --smtp --fixture acme --fixture beta
stack_portal_user acme 'Ada Owner' ada@acme.test "$PW_OWNER"
stack_grant acme ada@acme.test Owners 'customer:Ada Owner'
printf '%s\n' "$PW_STAFF" | stack_porchctl staff add acme clerk@acme.test >/dev/null
# documents.dir belongs to porchd's user, which makes the tenant's directory.
mkdir -p "$T/documents"
[ -z "$PORCHD_USER" ] || chown "$PORCHD_USER" "$T/documents"
stack_serve --apache
A=$APACHE_PORT
D=$T/documents

# --- The images: real files made here, and the ones to refuse. ---
python3 - "$T" <<'EOF'
import base64, os, struct, sys, zlib
t = sys.argv[1]

def png(w, h, rows, path):
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c))
    raw = b"".join(b"\0" + rows(y) for y in range(h))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    open(path, "wb").write(data)

# A 240 x 80 logo in two colours.
png(240, 80, lambda y: bytes([0x0e, 0x74, 0x90] * 120 + [0xff, 0xff, 0xff] * 120),
    t + "/logo.png")
# 5000 x 8: a real PNG past 4096 pixels wide (small on disk).
png(5000, 8, lambda y: bytes(15000), t + "/wide.png")
# 700 x 500 of noise: a real PNG over 1 MiB.
png(700, 500, lambda y: os.urandom(2100), t + "/heavy.png")

# A baseline JPEG of 64 x 16, grey: one component, every 8x8 block a DC of 0 and
# end-of-block, with one-code Huffman tables (decodes to mid grey).
def seg(m, data):
    return b"\xff" + bytes([m]) + struct.pack(">H", len(data) + 2) + data
w, h = 64, 16
blocks = ((w + 7) // 8) * ((h + 7) // 8)
bits = "00" * blocks
bits += "1" * (-len(bits) % 8)
scan = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
jpg = (b"\xff\xd8" + seg(0xe0, b"JFIF\0\1\1\0\0\1\0\1\0\0")
       + seg(0xdb, b"\0" + bytes([1] * 64))
       + seg(0xc0, struct.pack(">BHHB", 8, h, w, 1) + b"\1\x11\0")
       + seg(0xc4, b"\x00" + bytes([1] + [0] * 15) + b"\0")
       + seg(0xc4, b"\x10" + bytes([1] + [0] * 15) + b"\0")
       + seg(0xda, b"\1\1\0\0\x3f\0") + scan + b"\xff\xd9")
open(t + "/logo.jpg", "wb").write(jpg)
# A 1 x 1 lossless WebP.
open(t + "/logo.webp", "wb").write(base64.b64decode(
    "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA=="))
# A text file named as a picture.
open(t + "/fake.png", "w").write("<svg onload=alert(1)>not a picture</svg>\n")
EOF

logo_path() { sql "SELECT COALESCE(logo_path, '-') FROM tenants WHERE id = $ACME"; }
brand_files() { find "$D/acme/brand" -type f 2>/dev/null | wc -l; }
tmp_files() { find "$D/acme" -name '.upload-*' 2>/dev/null | wc -l; }
audits() { sql "SELECT COUNT(*) FROM audit_log WHERE tenant_id = $ACME AND action = 'tenant.brand'"; }

js=$(jar staff)
staff_signs_in "$js"
check_eq "$HTTP_STATUS" 303 "staff (admin) sign in"
# up PORT [CURL_ARGS...]: GET /staff/brand (its CSRF token), then the multipart POST.
up() {
	local port=$1 tok
	shift
	req "$js" "$port" acme.test /staff/brand
	tok=$(csrf_of "$HTTP_BODY")
	req "$js" "$port" acme.test /staff/brand -F "csrf=$tok" "$@"
}

# --- The page: admins only. ---
req "$js" "$P" acme.test /staff/brand
check_eq "$HTTP_STATUS" 200 "/staff/brand opens for an admin"
check_contains "$HTTP_BODY" 'enctype="multipart/form-data" action="/staff/brand"' \
	"...a form with a file"
check_contains "$HTTP_BODY" 'type="color"' "...a colour field"
check_contains "$HTTP_BODY" 'name="mail_name"' "...the sender name"
tidy_ok "the brand page passes tidy"
req "$js" "$P" acme.test /staff/
check_contains "$HTTP_BODY" 'href="/staff/brand"' "the staff home links it for an admin"
jc=$(jar clerk)
staff_signs_in "$jc" clerk@acme.test
req "$jc" "$P" acme.test /staff/brand
check_eq "$HTTP_STATUS" 403 "plain staff: /staff/brand is 403"
req "$jc" "$P" acme.test /staff/
check_not_contains "$HTTP_BODY" 'href="/staff/brand"' "...and not linked for them"
tok=$(csrf_of "$HTTP_BODY")
req "$jc" "$P" acme.test /staff/brand -F "csrf=$tok" -F color=#ff0000
check_eq "$HTTP_STATUS|$(sql "SELECT COALESCE(brand_color, '-') FROM tenants WHERE id = $ACME")" \
	"403|-" "...and their POST is 403, nothing set"

# --- Logos taken, through both servers. ---
n0=$(audits)
sha_of() { sha256sum "$1" | cut -d' ' -f1; }
# takes SERVER PORT FILE EXT: the upload is taken, in place, sent by the server.
takes() {
	local s=$1 port=$2 file=$3 ext=$4 path url before
	up "$port" -F "logo=@$file;filename=logo.$ext"
	check_eq "$HTTP_STATUS|$(http_header Location)" "303|/staff/brand?done=saved" \
		"$s: a real .$ext logo is taken"
	path=$(logo_path)
	check_match "$path" "^acme/brand/logo-[0-9a-f]{16}\\.$ext\$" "$s: ...stored under the tenant's directory"
	check_eq "$(sha_of "$D/$path")" "$(sha_of "$file")" "$s: ...byte for byte"
	url=/brand/acme/${path#acme/brand/}
	sleep 0.3
	before=$(porchd_req_lines)
	http_req "$port" acme.test "$url"
	check_eq "$HTTP_STATUS" 200 "$s: $url is sent"
	check_eq "$(printf '%s' "$HTTP_BODY" | head -c 4 | od -An -c | tr -d ' \n')" \
		"$(head -c 4 "$file" | od -An -c | tr -d ' \n')" "$s: ...the image itself"
	check_match "$(http_header Content-Type)" "^image/(png|jpeg|webp)" "$s: ...as an image"
	check_eq "$(http_header X-Content-Type-Options)" nosniff "$s: ...with nosniff"
	check_match "$(http_header Cache-Control)" "max-age=31536000" "$s: ...cached long"
	sleep 0.3
	check_eq "$(porchd_req_lines)" "$before" "$s: ...by the web server: porchd was not asked"
	LOGO_URL=$url
}
takes nginx "$P" "$T/logo.jpg" jpg
FIRST_URL=$LOGO_URL
takes Apache "$A" "$T/logo.webp" webp
takes Apache "$A" "$T/logo.jpg" jpg
takes nginx "$P" "$T/logo.png" png
check_eq "$(audits)" "$((n0 + 4))" "each change audited as tenant.brand"
check_eq "$(sql "SELECT CONCAT(logo_width, 'x', logo_height) FROM tenants WHERE id = $ACME")" \
	240x80 "the logo's size read from its header"
check_eq "$(sql "SELECT detail FROM audit_log WHERE action = 'tenant.brand' ORDER BY id DESC LIMIT 1")" \
	logo "...the audit line names what changed"

# A replaced logo is kept a day: pages other workers made before they saw the
# change, and mail, may still name it. The next change deletes those left longer.
logo_files() { find "$D/acme/brand" -type f -name 'logo-*' 2>/dev/null | wc -l; }
check_eq "$(logo_files)" 4 "a replaced logo's file stays a while: four files"
http_req "$P" acme.test "$FIRST_URL"
check_eq "$HTTP_STATUS" 200 "...the first one is still sent to a page that names it"
find "$D/acme/brand" -type f -name 'logo-*' -exec touch -d '2 days ago' {} +
takes nginx "$P" "$T/logo.png" png
check_eq "$(logo_files)" 2 "a day later, the next logo deletes those replaced over a day ago, not the one just replaced"
http_req "$P" acme.test "$FIRST_URL"
check_eq "$HTTP_STATUS" 404 "...and the first logo is no longer sent"

# --- Logos refused: nothing written, the page says why. ---
# refuses SERVER PORT FILE NAME WHY DESC
refuses() {
	local s=$1 port=$2 file=$3 name=$4 why=$5 desc=$6 before
	before=$(logo_path)
	files=$(brand_files)
	up "$port" -F "logo=@$file;filename=$name"
	check_eq "$HTTP_STATUS" 400 "$s: $desc is refused (400)"
	check_contains "$HTTP_BODY" "$why" "$s: ...the page says why"
	check_eq "$(logo_path)|$(brand_files)|$(tmp_files)" "$before|$files|0" \
		"$s: ...nothing changed, no file left"
}
for s in nginx Apache; do
	port=$P
	[ "$s" = nginx ] || port=$A
	refuses "$s" "$port" "$T/fake.png" logo.png "not a PNG, JPEG or WebP" "a text file named .png"
	refuses "$s" "$port" "$T/wide.png" wide.png "4096 pixels" "a PNG 5000 pixels wide"
	refuses "$s" "$port" "$T/heavy.png" heavy.png "larger than 1 MiB" \
		"a PNG of $(stat -c %s "$T/heavy.png") bytes"
done
check_eq "$(audits)" "$((n0 + 5))" "refusals write no audit line"
before=$(logo_path)
req "$js" "$P" acme.test /staff/brand -F csrf=forged -F "logo=@$T/logo.webp;filename=x.webp"
check_eq "$HTTP_STATUS|$(logo_path)|$(tmp_files)" "403|$before|0" \
	"a forged form (no CSRF token) is 403, nothing written"
up "$P" -F color=red
check_eq "$HTTP_STATUS" 400 "a colour that is not #rrggbb is 400"

# --- Colour and sender name. ---
up "$P" -F color=#0E7490 -F 'mail_name=Acme Stays <Team> & Co'
check_eq "$HTTP_STATUS" 303 "colour and sender name saved"
check_eq "$(sql "SELECT CONCAT(brand_color, '|', mail_from_name, '|', logo_path IS NOT NULL) FROM tenants WHERE id = $ACME")" \
	"#0e7490|Acme Stays <Team> & Co|1" "...stored (#rrggbb), the logo kept"
CSS=/brand/acme/brand-0e7490.css
css_served() {
	local s=$1 port=$2 before
	sleep 0.3
	before=$(porchd_req_lines)
	http_req "$port" acme.test "$CSS"
	check_eq "$HTTP_STATUS" 200 "$s: the colour's stylesheet is sent"
	check_match "$(http_header Content-Type)" '^text/css' "$s: ...as text/css"
	check_contains "$HTTP_BODY" "--brand: #0e7490;" "$s: ...with the colour"
	check_contains "$HTTP_BODY" "--brand-ink: #ffffff;" "$s: ...white text on it"
	sleep 0.3
	check_eq "$(porchd_req_lines)" "$before" "$s: ...porchd was not asked"
	# Only the brand files: nothing else of the documents directory.
	for bad in /brand/acme/ /brand/acme/brand /brand/acme/../acme/brand/brand-0e7490.css \
		"/brand/acme/brand-0e7490.css.bak" /brand/beta/brand-0e7490.css \
		"/brand/acme/$(basename "$(find "$D/acme/files" -type f 2>/dev/null | head -n 1)")" \
		/brand/ACME/brand-0e7490.css; do
		http_req "$port" acme.test "$bad"
		check_eq "$HTTP_STATUS" 404 "$s: $bad is 404"
	done
}
stack_each_server css_served

# --- Every page of acme: name, logo, colour, the way home. ---
branded() { # DESC
	check_contains "$HTTP_BODY" "<link rel=\"stylesheet\" href=\"$CSS\">" "$1: the colour"
	check_contains "$HTTP_BODY" "<img class=\"site-logo\" src=\"$LOGO_URL\" alt=\"\" width=\"240\" height=\"80\">" \
		"$1: the logo"
	check_contains "$HTTP_BODY" '<a class="site-home" href="/">' "$1: a link home"
	check_contains "$HTTP_BODY" '<span class="site-name">Acme Rentals</span>' "$1: the name"
	check_not_contains "$HTTP_BODY" ' style=' "$1: no inline style"
}
ja=$(jar ada)
owner_signs_in "$ja" ada@acme.test
check_eq "$HTTP_STATUS" 303 "Ada signs in"
SYS=$(sql "SELECT id FROM permission_groups WHERE tenant_id = $ACME AND is_system = 1 LIMIT 1")
pages() {
	local s=$1 port=$2
	http_req "$port" acme.test /
	check_eq "$HTTP_STATUS" 200 "$s: home"
	branded "$s: home"
	http_req "$port" acme.test /login
	branded "$s: sign-in"
	http_req "$port" acme.test /staff/login
	branded "$s: staff sign-in"
	req "$ja" "$port" acme.test /portal
	check_eq "$HTTP_STATUS" 200 "$s: portal"
	branded "$s: portal"
	req "$js" "$port" acme.test /staff/customers
	check_eq "$HTTP_STATUS" 200 "$s: staff"
	branded "$s: staff"
	tidy_ok "$s: a branded staff page passes tidy"
	http_req "$port" acme.test /no-such-page
	check_eq "$HTTP_STATUS" 404 "$s: an unknown path is 404"
	branded "$s: 404"
	check_contains "$HTTP_BODY" '<a href="/">Back to Acme Rentals</a>' "$s: 404: the way back"
	req "$js" "$port" acme.test /staff/customers/999999999
	check_eq "$HTTP_STATUS" 404 "$s: an unknown customer is 404"
	branded "$s: handler's 404"
	http_req "$port" acme.test '/login?q=%ff'
	check_eq "$HTTP_STATUS" 400 "$s: a query that is not UTF-8 is 400"
	branded "$s: 400"
	req "$jc" "$port" acme.test /staff/audit
	check_eq "$HTTP_STATUS" 403 "$s: an admin page for plain staff is 403"
	branded "$s: 403"
	req "$ja" "$port" acme.test /logout -d csrf=forged
	check_eq "$HTTP_STATUS" 403 "$s: a forged CSRF token is 403"
	branded "$s: CSRF"
	req "$js" "$port" acme.test /staff/groups
	tok=$(csrf_of "$HTTP_BODY")
	req "$js" "$port" acme.test /staff/groups/delete --data-urlencode "csrf=$tok" \
		--data-urlencode "group=$SYS"
	check_eq "$HTTP_STATUS" 409 "$s: deleting the system group is 409"
	branded "$s: 409"
	# The other tenant: none of acme's brand.
	http_req "$port" beta.test /login
	check_eq "$HTTP_STATUS" 200 "$s: beta's sign-in"
	check_not_contains "$HTTP_BODY" "/brand/" "$s: beta: no logo, no colour"
	check_not_contains "$HTTP_BODY" "Acme" "$s: beta: not acme's name"
	check_contains "$HTTP_BODY" '<span class="site-name">Beta Homes</span>' "$s: beta: its own name"
	http_req "$port" beta.test /no-such-page
	check_not_contains "$HTTP_BODY" "/brand/" "$s: beta's 404: none of acme's brand"
	http_req "$port" nope.test /login
	check_eq "$HTTP_STATUS" 404 "$s: an unknown host is 404"
	check_not_contains "$HTTP_BODY" "/brand/" "$s: ...with no brand"
	check_contains "$HTTP_BODY" '<span class="site-name">porch</span>' "$s: ...porch's page"
}
stack_each_server pages
# The brand page shows what is set.
req "$js" "$P" acme.test /staff/brand
check_contains "$HTTP_BODY" 'value="#0e7490"' "the brand page shows the colour"
check_contains "$HTTP_BODY" 'value="Acme Stays &lt;Team&gt; &amp; Co"' "...and the sender name, escaped"

# --- Mail: sender name, a text and an HTML part, data escaped. ---
sql "UPDATE tenants SET name = 'Acme <b>Rentals</b> & \"Co\"' WHERE id = $ACME"
ADA=$(sql "SELECT id FROM portal_users WHERE tenant_id = $ACME AND login = 'ada@acme.test'")
req "$js" "$P" acme.test /staff/customers
tok=$(csrf_of "$HTTP_BODY")
req "$js" "$P" acme.test /staff/users/action --data-urlencode "csrf=$tok" \
	--data-urlencode "user=$ADA" --data-urlencode "do=reset"
check_eq "$HTTP_STATUS" 303 "staff send Ada a reset link"
outbox_send
f=$(mail_file_to ada@acme.test)
check_match "$f" '\.eml$' "the mail arrived"
python3 - "$f" "$D/$(logo_path)" >"$T/mail.txt" <<'EOF'
import email, email.policy, sys
from html.parser import HTMLParser
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
VOID = {"meta", "br", "img", "link", "hr", "input"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.bad, self.tags, self.text, self.hrefs = [], [], set(), [], []
        self.doctype = False
    def handle_decl(self, d):
        self.doctype = d.lower() == "doctype html"
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href"]
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.bad.append(tag)
    def handle_data(self, d):
        self.text.append(d)
html = m.get_body(preferencelist=("html",))
text = m.get_body(preferencelist=("plain",))
c = Check()
c.feed(html.get_content())
c.close()
words = " ".join("".join(c.text).split())
print("from=" + str(m["From"]))
print("type=" + m.get_content_type())
print("parts=" + ",".join(p.get_content_type() for p in m.iter_parts()))
print("charsets=%s,%s" % (text.get_content_charset(), html.get_content_charset()))
print("wellformed=%s" % (c.doctype and not c.bad and not c.stack))
print("tags=" + ",".join(sorted(c.tags)))
print("tenant_in_html=%s" % ('Acme <b>Rentals</b> & "Co"' in words))
print("raw_b=%s" % ("<b>" in html.get_content()))
print("link=%s" % any("/reset/" in h for h in c.hrefs))
print("text_has_link=%s" % ("/reset/" in text.get_content()))
print("same_words=%s" % (" ".join(text.get_content().split())[:60] in words))
rel = [p for p in m.iter_parts() if p.get_content_type() == "multipart/related"]
print("related=" + (",".join(p.get_content_type() for p in rel[0].iter_parts()) if rel else ""))
img = [p for p in m.walk() if p.get_content_maintype() == "image"]
print("cid=%s" % (bool(img) and ('src="cid:%s"' % img[0]["Content-ID"].strip("<>")) in html.get_content()))
print("inline=%s" % (bool(img) and img[0].get_content_disposition() == "inline"))
print("img_same=%s" % (bool(img) and img[0].get_content() == open(sys.argv[2], "rb").read()))
EOF
field() { sed -n "s/^$1=//p" "$T/mail.txt"; }
check_eq "$(field from)" '"Acme Stays <Team> & Co" <portal@porch.test>' \
	"From: the tenant's sender name (quoted), the portal's address"
check_eq "$(field type)" multipart/alternative "the mail is multipart/alternative"
check_eq "$(field parts)" "text/plain,multipart/related" "...text first, then HTML with the logo beside it"
check_eq "$(field related)" "text/html,image/png" "...the HTML, then the tenant's logo"
check_eq "$(field cid)|$(field inline)" "True|True" "...shown inline by the HTML through its Content-ID"
check_eq "$(field img_same)" True "...the logo file byte for byte"
check_eq "$(field charsets)" "utf-8,utf-8" "...both UTF-8"
check_eq "$(field wellformed)" True "the HTML part parses: doctype, every tag closed in order"
check_not_match "$(field tags)" 'script|(^|,)b(,|$)' "...no tag from the data"
check_eq "$(field tenant_in_html)" True "...the tenant's name, escaped, reads as written"
check_eq "$(field raw_b)" False "...never as markup"
check_eq "$(field link)|$(field text_has_link)" "True|True" "the reset link in both parts"
check_eq "$(field same_words)" True "...the HTML says what the text says"
sql "UPDATE tenants SET name = 'Acme Rentals' WHERE id = $ACME"

# --- 503: the database away, the tenant known from the cache. ---
PORCH_TENANT_CACHE_SECONDS=3600 PORCH_WORKERS=1 stack_porch_config \
	"smtp = { host = \"127.0.0.1\"; port = $SMTP_PORT; starttls = \"off\"; from = \"portal@porch.test\"; timeout = 5; };" \
	"$STACK_ARGON2_CHEAP"
stack_porchd_reload 1
http_req "$P" acme.test /login
check_eq "$HTTP_STATUS" 200 "one worker, its tenant cached"
stack_mariadb_stop
sleep 0.6
req "$js" "$P" acme.test /staff/customers
check_eq "$HTTP_STATUS" 503 "database down: a staff page is 503"
branded "503"
stack_mariadb_start

# --- Logo removed, colour back to porch's. ---
PORCH_WORKERS=2 stack_porch_config \
	"smtp = { host = \"127.0.0.1\"; port = $SMTP_PORT; starttls = \"off\"; from = \"portal@porch.test\"; timeout = 5; };" \
	"$STACK_ARGON2_CHEAP"
stack_porchd_reload 2
staff_signs_in "$js"
up "$A" -F no_logo=1 -F no_color=1
check_eq "$HTTP_STATUS" 303 "Apache: logo removed, no colour"
check_eq "$(logo_path)|$(logo_files)" "-|2" "...the row names no logo, its file stays a day (and the one replaced before)"
http_req "$A" acme.test /login
check_not_contains "$HTTP_BODY" "/brand/" "...the pages are porch's colours again"
check_contains "$HTTP_BODY" '<span class="site-name">Acme Rentals</span>' "...with the name"
http_req "$A" acme.test "$LOGO_URL"
check_eq "$HTTP_STATUS" 200 "...the old logo is still sent to pages made before, for a day"
req "$js" "$A" acme.test /staff/customers
tok=$(csrf_of "$HTTP_BODY")
req "$js" "$A" acme.test /staff/users/action --data-urlencode "csrf=$tok" \
	--data-urlencode "user=$ADA" --data-urlencode "do=reset"
outbox_send
check_eq "$(python3 - "$(mail_file_to ada@acme.test)" <<'EOF'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
print(",".join(p.get_content_type() for p in m.walk()))
EOF
)" "multipart/alternative,text/plain,text/html" "...and mail goes as before a logo: text and HTML, no image"
