/* porch — SPDX-License-Identifier: MIT
 * Documents' files on disk and the reading of a multipart form (see upload.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "brand.h"
#include "crypto.h"
#include "handlers.h"
#include "html.h"
#include "log.h"
#include "multipart.h"
#include "session.h"
#include "tenant.h"
#include "upload.h"

#define UPLOAD_DIR	"files"		/* a form's file, under documents.dir/SLUG/ */
#define BRAND_DIR	"brand"		/* logo and colours, under documents.dir/SLUG/ */
#define HEADER_MAX	8192		/* bytes of a part's headers */

char *
doc_path(struct req *r, const char *rel)
{
	const char *dir = r->cfg->documents.dir;
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *out = arena_alloc(&r->arena, n);

	snprintf(out, n, "%s/%s", dir, rel);
	return out;
}

void
doc_unlink(struct req *r, const char *rel)
{
	if (rel == NULL || !doc_storage_path_ok(rel, r->tenant->slug))
		return;
	if (unlink(doc_path(r, rel)) != 0 && errno != ENOENT)
		log_error("req=%s cannot remove a document's file: %s", r->id,
		    strerror(errno));
}

/* mkdir of documents.dir/rel, when it is not there yet. 0 or -1. */
static int
doc_mkdir(struct req *r, const char *rel)
{
	const char *path = doc_path(r, rel);

	/* Readable by the web server, which sends the files (documents.dir's own
	 * mode and group keep others out). */
	if (mkdir(path, 0755) != 0 && errno != EEXIST) {
		log_error("req=%s cannot make %s: %s", r->id, path, strerror(errno));
		return -1;
	}
	return 0;
}

int
doc_tmp_open(struct req *r, const char *sub, struct doc_tmp *t)
{
	const char *slug = r->tenant->slug;
	size_t n = strlen(slug) + strlen(sub) + 2;
	char *dir = arena_alloc(&r->arena, n), *name;

	memset(t, 0, sizeof(*t));
	t->fd = -1;
	snprintf(dir, n, "%s/%s", slug, sub);
	t->dir = dir;
	if (doc_mkdir(r, slug) < 0 || doc_mkdir(r, dir) < 0)
		return -1;
	name = arena_alloc(&r->arena, n + 16);
	snprintf(name, n + 16, "%s/.upload-XXXXXX", dir);
	t->tmp = doc_path(r, name);
	if ((t->fd = mkstemp(t->tmp)) < 0) {
		log_error("req=%s cannot make a file in %s: %s", r->id, dir,
		    strerror(errno));
		return -1;
	}
	t->hash = crypto_sha256_begin();
	return 0;
}

int
doc_tmp_write(struct doc_tmp *t, const char *data, size_t n)
{
	ssize_t w;

	crypto_sha256_add(t->hash, data, n);
	t->size += (long long)n;
	while (n > 0) {
		if ((w = write(t->fd, data, n)) < 0) {
			if (errno == EINTR)
				continue;
			log_error("cannot write an uploaded file: %s", strerror(errno));
			return 500;
		}
		data += w;
		n -= (size_t)w;
	}
	return 0;
}

void
doc_tmp_drop(struct doc_tmp *t)
{
	unsigned char sha[32];

	if (t->hash != NULL)
		crypto_sha256_end(t->hash, sha);
	t->hash = NULL;
	if (t->fd >= 0) {
		close(t->fd);
		unlink(t->tmp);
	}
	t->fd = -1;
}

/* doc_tmp_keep(), the name ending in "." ext unless ext is NULL. */
static int
tmp_keep(struct req *r, struct doc_tmp *t, const char *stem, const char *ext,
    const char **rel, char sha_hex[65])
{
	unsigned char sha[32], rnd[8];
	char rnd_hex[17];
	size_t n = strlen(t->dir) + strlen(stem) + (ext != NULL ? strlen(ext) : 0) + 21;
	char *name = arena_alloc(&r->arena, n);
	int rc = 0;

	crypto_sha256_end(t->hash, sha);
	t->hash = NULL;
	if (fchmod(t->fd, 0644) != 0 || fsync(t->fd) != 0)
		rc = 500;
	if (close(t->fd) != 0)
		rc = 500;
	t->fd = -1;
	if (rc == 0) {
		/* In place only when whole: a name of its own, never reused. */
		crypto_random(rnd, sizeof(rnd));
		hex_encode(rnd, sizeof(rnd), rnd_hex);
		snprintf(name, n, "%s/%s-%s%s%s", t->dir, stem, rnd_hex,
		    ext != NULL ? "." : "", ext != NULL ? ext : "");
		if (rename(t->tmp, doc_path(r, name)) != 0) {
			log_error("req=%s cannot rename an upload: %s", r->id,
			    strerror(errno));
			rc = 500;
		}
	}
	if (rc != 0) {
		unlink(t->tmp);
		return rc;
	}
	hex_encode(sha, sizeof(sha), sha_hex);
	*rel = name;
	return 0;
}

int
doc_tmp_keep(struct req *r, struct doc_tmp *t, const char *stem, const char **rel,
    char sha_hex[65])
{
	return tmp_keep(r, t, stem, NULL, rel, sha_hex);
}

/* --- the tenant's brand files, documents.dir/SLUG/brand/, sent by the web
 * server as /brand/SLUG/NAME (nginx/porch.conf, apache/porch.conf) --- */

/* SLUG/brand, made when missing: its storage path, or NULL (logged). */
static const char *
brand_dir(struct req *r)
{
	const char *slug = r->tenant->slug;
	size_t n = strlen(slug) + sizeof("/" BRAND_DIR);
	char *dir = arena_alloc(&r->arena, n);

	snprintf(dir, n, "%s/" BRAND_DIR, slug);
	return doc_mkdir(r, slug) == 0 && doc_mkdir(r, dir) == 0 ? dir : NULL;
}

int
doc_brand_logo_keep(struct req *r, struct doc_tmp *t, const char *ext, const char **rel)
{
	char sha_hex[65];

	if ((t->dir = brand_dir(r)) == NULL) {
		doc_tmp_drop(t);
		return 500;
	}
	return tmp_keep(r, t, "logo", ext, rel, sha_hex);
}

const char *
doc_brand_url(struct req *r, const char *rel)
{
	const char *slug = r->tenant->slug, *name;
	size_t n = strlen(slug);
	char *url;

	if (rel == NULL || strncmp(rel, slug, n) != 0 ||
	    strncmp(rel + n, "/" BRAND_DIR "/", sizeof(BRAND_DIR) + 1) != 0)
		return NULL;
	name = rel + n + sizeof(BRAND_DIR) + 1;
	if (name[0] == '\0' || strchr(name, '/') != NULL)
		return NULL;
	n = sizeof("/brand//") + n + strlen(name);
	url = arena_alloc(&r->arena, n);
	snprintf(url, n, "/brand/%s/%s", slug, name);
	return url;
}

const char *
doc_brand_css(struct req *r, struct rgb c)
{
	static int warned;
	char hex[8], *rel;
	const char *dir, *path;
	struct stat st;
	struct buf css;
	FILE *f = NULL;
	size_t n = strlen(r->tenant->slug) + sizeof("/" BRAND_DIR "/brand-123456.css");
	int fd = -1, ok = 0;

	brand_color_format(c, hex);
	rel = arena_alloc(&r->arena, n);
	snprintf(rel, n, "%s/" BRAND_DIR "/brand-%s.css", r->tenant->slug, hex + 1);
	path = doc_path(r, rel);
	if (stat(path, &st) == 0)
		return doc_brand_url(r, rel);
	/* Written once, whole, under its final name by a rename: the name says the
	 * colour, so the file never changes. */
	buf_init(&css, 256);
	brand_css(&css, c);
	if ((dir = brand_dir(r)) != NULL) {
		char *tmp = doc_path(r, dir);
		size_t tn = strlen(tmp) + sizeof("/.brand-XXXXXX");
		char *tpl = arena_alloc(&r->arena, tn);

		snprintf(tpl, tn, "%s/.brand-XXXXXX", tmp);
		if ((fd = mkstemp(tpl)) >= 0 && fchmod(fd, 0644) == 0 &&
		    (f = fdopen(fd, "w")) != NULL) {
			fd = -1;
			ok = fwrite(css.data, 1, css.len, f) == css.len;
			ok = fclose(f) == 0 && ok;
			ok = ok && rename(tpl, path) == 0;
		}
		if (fd >= 0)
			close(fd);
		if (!ok)
			unlink(tpl);
	}
	buf_free(&css);
	if (!ok) {
		if (!warned++)
			log_error("req=%s cannot write the brand stylesheet %s: %s", r->id,
			    rel, strerror(errno));
		return NULL;
	}
	return doc_brand_url(r, rel);
}

void
page_form_upload(struct buf *b, const char *token, const char *fmt, ...)
{
	va_list ap;

	html_raw(b, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"");
	va_start(ap, fmt);
	html_vattrf(b, fmt, ap);
	va_end(ap);
	html_raw(b, "\">\n");
	csrf_field(b, token);
}

/* --- a multipart form --- */

struct upload_read {
	struct req	*r;
	size_t		 cap;		/* r->form.v's room */
	struct upload	*up;		/* the file, once it has begun */
	int		 done;		/* the file is complete */
};

static int
on_field(void *ctx, const char *name, const char *val, size_t len)
{
	struct upload_read *u = ctx;
	struct kvlist *l = &u->r->form;

	if (l->n == u->cap)
		return 413;
	l->v[l->n].key = arena_strdup(&u->r->arena, name);
	l->v[l->n].val = arena_strndup(&u->r->arena, val, len);
	l->v[l->n].vlen = len;
	l->n++;
	return 0;
}

static int
on_file_begin(void *ctx, const struct mp_part *p)
{
	struct upload_read *u = ctx;
	struct upload *up;
	int rc;

	if (u->up != NULL)
		return 400;		/* one file per form */
	/* A forged form writes nothing: the token comes before the file. */
	if ((rc = csrf_check(u->r, 0)) != 0)
		return rc;
	if (!utf8_valid(p->filename, strlen(p->filename)) ||
	    !utf8_valid(p->content_type, strlen(p->content_type)))
		return 400;
	up = arena_alloc(&u->r->arena, sizeof(*up));
	memset(up, 0, sizeof(*up));
	up->field = arena_strdup(&u->r->arena, p->name);
	up->filename = arena_strdup(&u->r->arena, p->filename);
	up->content_type = arena_strdup(&u->r->arena, p->content_type);
	u->up = up;
	u->r->upload = up;
	return doc_tmp_open(u->r, UPLOAD_DIR, &up->t) == 0 ? 0 : 500;
}

static int
on_file_data(void *ctx, const char *data, size_t n)
{
	struct upload_read *u = ctx;

	return doc_tmp_write(&u->up->t, data, n);
}

static int
on_file_end(void *ctx)
{
	struct upload_read *u = ctx;

	u->done = 1;
	return 0;
}

static int
body_sink(void *ctx, const char *data, size_t n)
{
	return mp_feed(ctx, data, n);
}

int
upload_read(struct req *r)
{
	const struct cfg *cfg = r->cfg;
	struct upload_read u = { .r = r, .cap = (size_t)cfg->limits.fields_max };
	struct mp_limits lim = {
		.parts_max = (size_t)cfg->limits.fields_max + 1,
		.header_max = HEADER_MAX, .field_max = (size_t)cfg->limits.field_max,
		.file_max = cfg->api.upload_limit,
	};
	struct mp_sink sink = { &u, on_field, on_file_begin, on_file_data, on_file_end };
	char boundary[MP_BOUNDARY_MAX + 1];
	struct multipart m;
	long long total;
	int rc;

	if (mp_boundary(r->content_type, boundary) < 0)
		return 400;
	r->form.n = 0;
	r->form.v = arena_alloc(&r->arena, u.cap * sizeof(*r->form.v));
	mp_init(&m, boundary, &lim, &sink);
	/* The file, and room for the fields and their headers around it. */
	rc = req_body_stream(r, cfg->api.upload_limit + cfg->limits.body_max, body_sink,
	    &m, &total);
	if (rc == 0)
		rc = mp_finish(&m);
	mp_free(&m);
	if (rc == 0 && u.up != NULL && !u.done)
		rc = 400;
	if (rc != 0)
		upload_discard(r);
	log_info("req=%s upload: %lld bytes read, %s", r->id, total, r->upload != NULL ?
	    "with a file" : "no file");
	return rc;
}

void
upload_discard(struct req *r)
{
	if (r->upload != NULL)
		doc_tmp_drop(&r->upload->t);
	r->upload = NULL;
}

void
doc_brand_logo_retire(struct req *r, const char *old, const char *now)
{
	const char *slug = r->tenant->slug, *keep = NULL;
	size_t n = strlen(slug) + sizeof("/" BRAND_DIR);
	char *rel = arena_alloc(&r->arena, n);
	time_t cut = time(NULL) - BRAND_LOGO_GRACE_SECONDS;
	struct dirent *e;
	DIR *d;

	/* The logo just replaced: its time is when it left, so it stays a day. */
	if (old != NULL && doc_storage_path_ok(old, slug) &&
	    utimensat(AT_FDCWD, doc_path(r, old), NULL, 0) != 0 && errno != ENOENT)
		log_error("req=%s cannot mark a replaced logo: %s", r->id, strerror(errno));
	if (now != NULL && (keep = strrchr(now, '/')) != NULL)
		keep++;
	snprintf(rel, n, "%s/" BRAND_DIR, slug);
	if ((d = opendir(doc_path(r, rel))) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t fn = n + strlen(e->d_name) + 1;
		char *file;
		struct stat st;

		if (strncmp(e->d_name, "logo-", 5) != 0 ||
		    (keep != NULL && strcmp(e->d_name, keep) == 0))
			continue;
		file = arena_alloc(&r->arena, fn);
		snprintf(file, fn, "%s/%s", rel, e->d_name);
		if (stat(doc_path(r, file), &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_mtime < cut)
			doc_unlink(r, file);
	}
	closedir(d);
}
